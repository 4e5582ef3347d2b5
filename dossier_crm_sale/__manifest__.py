# Copyright 2026 Dossier CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Dossier CRM: Sales",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "summary": "Orders and products bought in the client dossier, the brief "
    "and the client history",
    "author": "Dossier CRM",
    "website": "https://github.com/dossier-crm/dossier_crm",
    "license": "LGPL-3",
    "depends": ["dossier_crm", "sale"],
    "data": [
        "views/dossier_products_bought_templates.xml",
        "views/res_partner_views.xml",
        "report/dossier_brief_templates.xml",
    ],
    "demo": [
        "demo/sale_order_demo.xml",
    ],
    "auto_install": True,
    "uninstall_hook": "uninstall_hook",
}
