# Copyright 2026 Dossier CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Dossier CRM - Events",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "The events a client's people registered for and attended, "
    "in the client's dossier, brief and history",
    "author": "Dossier CRM",
    "website": "https://github.com/dossier-crm/dossier_crm",
    "license": "LGPL-3",
    "depends": ["dossier_crm", "event"],
    "data": [
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "report/dossier_brief_templates.xml",
    ],
    "demo": ["demo/event_demo.xml"],
    "uninstall_hook": "uninstall_hook",
    "auto_install": True,
}
