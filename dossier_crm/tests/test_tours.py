from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import BRIEF, DossierUsersMixin, pdf_pages, render_pdf


@tagged("post_install", "-at_install")
class TestDossierTours(DossierUsersMixin, HttpCase):
    """What a user does first, in the web client at 1440 px (the tours are in
    static/tests/tours/; Odoo skips them without Chrome)."""

    browser_size = "1440x900"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_dossier_users()
        cls.sales = new_test_user(
            cls.env,
            login="sales_tour",
            name="Sergei Sales",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "dossier_crm.group_dossier_user",
        )
        cls.client = cls.env["res.partner"].create(
            {"name": "Northwind Consulting", "is_company": True}
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Autumn leadership training",
                "type": "opportunity",
                "partner_id": cls.client.id,
                "user_id": cls.sales.id,
            }
        )
        # Done contacts of two managers, days ago: in the report's default year.
        cls.env["dossier.contact"].create(
            [
                {
                    "partner_id": cls.client.id,
                    "summary": f"Call of {user.name}",
                    "user_id": user.id,
                    "date": fields.Datetime.now() - timedelta(days=3),
                }
                for user in (cls.dossier_user, cls.dossier_user_2)
            ]
        )

    def test_log_a_contact_with_a_deal_and_print_the_brief(self):
        self.start_tour(
            f"/odoo/action-dossier_crm.action_dossier_client/{self.client.id}",
            "dossier_crm_log_contact_and_print_brief",
            login=self.sales.login,
        )
        contact = self.env["dossier.contact"].search(
            [("summary", "=", "Asked for the autumn training dates")]
        )
        self.assertEqual(contact.partner_id, self.client)
        self.assertEqual(contact.lead_id, self.lead)
        self.assertEqual(contact.user_id, self.sales)
        # The brief the button prints, with that contact: one page.
        self.assertEqual(pdf_pages(render_pdf(self, BRIEF, self.client, self.sales)), 1)

    def test_manager_sees_the_managers_rows_of_contacts_and_deals(self):
        report = "/odoo/action-dossier_crm.action_dossier_contact_report"
        self.start_tour(
            report,
            "dossier_crm_contacts_and_deals_manager",
            login=self.dossier_manager.login,
        )
        self.start_tour(
            report, "dossier_crm_contacts_and_deals_user", login=self.dossier_user.login
        )
