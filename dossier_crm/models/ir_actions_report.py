from odoo import models

# The margins of the brief and the full dossier, in millimetres, on the
# company's paper format. Their pages have a one-line header (the internal
# layout: date, company, page number) and no footer, so the paper format's
# margins, made for a letterhead, would take a quarter of the page.
DOSSIER_REPORT_MARGINS = {
    "data-report-margin-top": 18,
    "data-report-header-spacing": 7,
    "data-report-margin-bottom": 10,
}
DOSSIER_REPORTS = (
    "dossier_crm.report_dossier_brief",
    "dossier_crm.report_dossier_full",
)


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _prepare_html(self, html, report_model=False):
        prepared = super()._prepare_html(html, report_model=report_model)
        if prepared and self.report_name in DOSSIER_REPORTS:
            *parts, paperformat_args = prepared
            prepared = (*parts, {**paperformat_args, **DOSSIER_REPORT_MARGINS})
        return prepared
