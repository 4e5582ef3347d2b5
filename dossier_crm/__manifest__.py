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
    "depends": ["contacts", "mail", "account", "crm", "utm"],
    "data": [
        "security/dossier_crm_security.xml",
        "security/dossier_marketing_security.xml",
        "security/ir.model.access.csv",
        "views/dossier_crm_menus.xml",
        "views/dossier_interest_views.xml",
        "views/dossier_contact_views.xml",
        "views/res_partner_views.xml",
        "views/dossier_holiday_views.xml",
        "views/res_config_settings_views.xml",
        "views/dossier_contact_marketing_views.xml",
        "report/dossier_contact_report_views.xml",
        "wizard/dossier_campaign_wizard_views.xml",
        "data/dossier_holiday_data.xml",
        "data/ir_cron_data.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/dossier_holiday_demo.xml",
        "demo/utm_campaign_demo.xml",
    ],
    "application": True,
}
