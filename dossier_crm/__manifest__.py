# Copyright 2026 Dossier CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Dossier CRM",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "Client dossiers: personal facts, every contact, projects, "
    "deals and unpaid invoices in one place",
    "author": "Dossier CRM",
    "website": "https://github.com/dossier-crm/dossier_crm",
    "license": "LGPL-3",
    "depends": ["contacts", "mail", "account", "crm"],
    "data": [
        "security/dossier_crm_security.xml",
        "security/ir.model.access.csv",
        "data/mail_activity_type_data.xml",
        "views/dossier_crm_menus.xml",
        "views/dossier_interest_views.xml",
        "views/dossier_contact_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/dossier_contact_demo.xml",
    ],
    "application": True,
}
