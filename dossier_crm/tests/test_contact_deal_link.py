from lxml import etree

from odoo.tests import Form, TransactionCase, new_test_user, tagged

from .common import DossierUsersMixin


@tagged("post_install", "-at_install")
class TestContactDealLink(DossierUsersMixin, TransactionCase):
    """A contact names its deal; the deal lists its contacts; the Contacts and
    Deals report opens on the four figures per manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_dossier_users()
        # Deals are read by salesmen: the dossier users here sell as well.
        sales = cls.env.ref("sales_team.group_sale_salesman")
        (cls.dossier_user | cls.dossier_user_2 | cls.dossier_manager).write(
            {"groups_id": [(4, sales.id)]}
        )
        cls.seller = new_test_user(
            cls.env,
            login="deal_seller",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        Partner = cls.env["res.partner"]
        cls.client = Partner.create({"name": "Delta Steel", "is_company": True})
        cls.person = Partner.create({"name": "Oleg Delta", "parent_id": cls.client.id})
        cls.other = Partner.create({"name": "Epsilon Foods", "is_company": True})
        Lead = cls.env["crm.lead"]
        cls.deal = Lead.create(
            {
                "name": "Delta training",
                "type": "opportunity",
                "partner_id": cls.person.id,
                "user_id": cls.dossier_user.id,
            }
        )
        cls.other_deal = Lead.create(
            {
                "name": "Epsilon audit",
                "type": "opportunity",
                "partner_id": cls.other.id,
                "user_id": cls.dossier_user.id,
            }
        )
        Contact = cls.env["dossier.contact"]
        cls.shared, cls.private = Contact.create(
            [
                {
                    "partner_id": cls.client.id,
                    "summary": "Training scope call",
                    "lead_id": cls.deal.id,
                    "user_id": cls.dossier_user.id,
                },
                {
                    "partner_id": cls.client.id,
                    "summary": "Price talk",
                    "lead_id": cls.deal.id,
                    "user_id": cls.dossier_user_2.id,
                    "confidentiality": "private",
                },
            ]
        )
        Contact.create({"partner_id": cls.client.id, "summary": "No deal"})

    def test_deal_button_counts_the_contacts_its_reader_may_read(self):
        self.assertEqual(
            self.deal.with_user(self.dossier_user).dossier_contact_count, 1
        )
        self.assertEqual(
            self.deal.with_user(self.dossier_user_2).dossier_contact_count, 2
        )
        self.assertEqual(self.other_deal.dossier_contact_count, 0)

    def test_deal_button_opens_its_contacts_ready_to_log_one(self):
        action = self.deal.with_user(self.dossier_user).action_dossier_open_contacts()
        contacts = (
            self.env["dossier.contact"]
            .with_user(self.dossier_user)
            .search(action["domain"])
        )
        self.assertEqual(contacts, self.shared)
        self.assertEqual(action["context"]["default_lead_id"], self.deal.id)
        self.assertEqual(action["context"]["default_partner_id"], self.client.id)

    def test_deal_button_hidden_from_sellers_outside_the_dossier(self):
        arch = (
            self.env["crm.lead"]
            .with_user(self.seller)
            .get_view(view_type="form")["arch"]
        )
        self.assertFalse(
            etree.fromstring(arch).xpath(
                "//button[@name='action_dossier_open_contacts']"
            )
        )
        arch = (
            self.env["crm.lead"]
            .with_user(self.dossier_user)
            .get_view(view_type="form")["arch"]
        )
        self.assertTrue(
            etree.fromstring(arch).xpath(
                "//button[@name='action_dossier_open_contacts']"
            )
        )

    def test_quick_form_logs_a_contact_with_its_deal(self):
        view = self.env.ref("dossier_crm.view_dossier_contact_form_quick")
        Contact = self.env["dossier.contact"].with_user(self.dossier_user)
        with Form(
            Contact.with_context(default_partner_id=self.client.id), view=view
        ) as form:
            form.summary = "Agreed on the training dates"
            form.lead_id = self.deal
        contact = form.save()
        self.assertEqual(contact.lead_id, self.deal)
        self.assertEqual(
            self.deal.with_user(self.dossier_user).dossier_contact_count, 2
        )

    def test_deal_field_offers_only_the_clients_deals(self):
        Contact = self.env["dossier.contact"].with_user(self.dossier_user)
        domain = Contact._fields["lead_id"].domain
        offered = (
            self.env["crm.lead"]
            .with_user(self.dossier_user)
            .search([("partner_id", "child_of", self.client.id)])
        )
        self.assertIn("child_of", domain)
        self.assertIn(self.deal, offered)
        self.assertNotIn(self.other_deal, offered)

    def test_report_opens_on_managers_without_columns(self):
        pivot = etree.fromstring(
            self.env["dossier.contact.report"].get_view(view_type="pivot")["arch"]
        )
        self.assertEqual(
            [f.get("name") for f in pivot.xpath("//field[@type='row']")], ["user_id"]
        )
        self.assertFalse(pivot.xpath("//field[@type='col']"))
        self.assertEqual(
            [f.get("name") for f in pivot.xpath("//field[@type='measure']")],
            ["contact_count", "deal_count", "won_count", "won_rate"],
        )
        graph = etree.fromstring(
            self.env["dossier.contact.report"].get_view(view_type="graph")["arch"]
        )
        self.assertEqual(
            [f.get("name") for f in graph.xpath("//field[@type='measure']")],
            ["won_rate"],
        )
        self.assertEqual(graph.xpath("//field[not(@type)]/@name"), ["user_id"])
        action = self.env.ref("dossier_crm.action_dossier_contact_report")
        self.assertIn("search_default_last_12_months", action.context)
