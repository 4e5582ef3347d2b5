/** @odoo-module **/
// What a newcomer and a sales head do first (tests/test_tours.py starts
// these on its own records). Each step waits for what it needs: no delays.

import { registry } from "@web/core/registry";

const tours = registry.category("web_tour.tours");

// A dossier user on a client form: logs a contact linked to a deal from the
// quick form, sees it in the timeline, and prints the brief from the header.
tours.add("dossier_crm_log_contact_and_print_brief", {
    steps: () => [
        {
            content: "The brief is a button of the form's header, in sight",
            trigger: ".o_form_statusbar button[name='action_dossier_print_brief']:visible",
        },
        {
            content: "Open the Dossier tab",
            trigger: ".o_notebook a[name='dossier']",
            run: "click",
        },
        {
            content: "Log a contact",
            trigger: "button[name='action_dossier_log_contact']",
            run: "click",
        },
        {
            content: "Say what was discussed",
            trigger: ".modal .o_field_widget[name='summary'] input",
            run: "edit Asked for the autumn training dates",
        },
        {
            content: "Look for the client's deal",
            trigger: ".modal .o_field_widget[name='lead_id'] input",
            run: "edit Autumn",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item > a:contains('Autumn leadership training')",
            run: "click",
        },
        {
            content: "Save the contact",
            trigger: ".modal .modal-footer button:contains('Save')",
            run: "click",
        },
        {
            content: "The contact is in the client's timeline",
            trigger:
                "body:not(:has(.modal)) div[name='dossier_timeline_contact_ids'] " +
                "td:contains('Asked for the autumn training dates')",
        },
        {
            content: "Print the brief",
            trigger: ".o_form_statusbar button[name='action_dossier_print_brief']",
            run: "click",
        },
        {
            content: "Still on the client, no error",
            trigger: ".o_form_view .o_form_statusbar",
        },
    ],
});

// A dossier manager opens Contacts and Deals: one row a manager, everyone's.
tours.add("dossier_crm_contacts_and_deals_manager", {
    steps: () => [
        {
            content: "The pivot opens on the managers",
            trigger: ".o_pivot .o_pivot_header_cell_closed:contains('Boris User')",
        },
        {
            content: "A colleague's row too",
            trigger: ".o_pivot .o_pivot_header_cell_closed:contains('Anna Colleague')",
        },
    ],
});

// A dossier user opens the same report: his own row, no colleague's.
tours.add("dossier_crm_contacts_and_deals_user", {
    steps: () => [
        {
            content: "Only the reader's own row",
            trigger:
                ".o_pivot:has(.o_pivot_header_cell_closed:contains('Boris User'))" +
                ":not(:has(.o_pivot_header_cell_closed:contains('Anna Colleague')))",
        },
    ],
});
