# Copyright 2026 Dossier CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Dossier CRM - Email Marketing",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "The mailings a client's people received, opened and clicked, "
    "in the client's dossier and history; campaigns for a mailing list",
    "author": "Dossier CRM",
    "website": "https://github.com/dossier-crm/dossier_crm",
    "license": "LGPL-3",
    "depends": ["dossier_crm", "mass_mailing"],
    "data": [
        "views/res_partner_views.xml",
        "wizard/dossier_campaign_wizard_views.xml",
    ],
    "demo": ["demo/mailing_demo.xml"],
    "uninstall_hook": "uninstall_hook",
    "auto_install": True,
}
