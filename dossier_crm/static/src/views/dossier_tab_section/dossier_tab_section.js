/** @odoo-module **/

import { Component, useSubEnv } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { getDefaultConfig, View } from "@web/views/view";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

/**
 * A read-only section of the client's Dossier tab (its contacts and history,
 * its people's facts, its projects and invoices), shown by a form view of its
 * own that reads the client when the section is displayed.
 *
 * Why: these values are computed from the client's contacts, deals, invoices
 * and people, about twenty queries. In the client's form they would be read
 * at every opening of a client, whatever tab is looked at; the form's notebook
 * renders only the open page, so here they are read when the Dossier tab is
 * opened, and again at each opening of it (always current).
 */
export class DossierTabSection extends Component {
    static template = "dossier_crm.DossierTabSection";
    static components = { View };
    static props = {
        ...standardWidgetProps,
        viewId: Number,
    };

    setup() {
        // A configuration of its own: the section is no action, so it must
        // not rename the client's breadcrumbs nor add views to its action;
        // and no dialog's: in a client opened in a dialog, it must not put
        // buttons of its own in the dialog's footer.
        useSubEnv({ config: getDefaultConfig(), inDialog: false });
    }

    /**
     * The same props for as long as the client is the same: the client's
     * form renders again at each change made in it, and new props would make
     * the section read the client again. Another client (the pager) gets a
     * section of its own (t-key).
     */
    get viewProps() {
        const { record, viewId } = this.props;
        if (this._viewProps?.resId !== record.resId) {
            this._viewProps = {
                type: "form",
                resModel: record.resModel,
                resId: record.resId,
                viewId,
                views: [[viewId, "form"]],
                context: record.context,
                display: { controlPanel: false },
                mode: "readonly",
                preventCreate: true,
                preventEdit: true,
                className: "o_dossier_tab_section_form",
            };
        }
        return this._viewProps;
    }
}

export const dossierTabSection = {
    component: DossierTabSection,
    extractProps: ({ attrs }) => ({ viewId: parseInt(attrs.view_id, 10) }),
};

registry.category("view_widgets").add("dossier_tab_section", dossierTabSection);
