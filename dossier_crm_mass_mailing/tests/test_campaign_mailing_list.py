from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MailingDossierCase


@tagged("post_install", "-at_install")
class TestCampaignMailingList(MailingDossierCase):
    """The campaign wizard plans a contact with the clients of a list."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mailing_list = cls.env["mailing.list"].create({"name": "Alumni"})
        Contact = cls.env["mailing.contact"]
        cls.list_contacts = Contact.create(
            [
                {
                    "name": name,
                    "email": email,
                    "subscription_ids": [
                        Command.create(
                            {"list_id": cls.mailing_list.id, "opt_out": opt_out}
                        )
                    ],
                }
                for name, email, opt_out in (
                    ("Irina", "IRINA@northwind.example.com", False),
                    ("Pyotr", "pyotr@northwind.example.com", False),
                    # Oleg left the list.
                    ("Oleg", "oleg@southwind.example.com", True),
                    ("Stranger", "stranger@example.com", False),
                    ("Staff", "mila@firm.example", False),
                )
            ]
        )
        # An internal user is no client.
        cls.marketer.partner_id.email = "mila@firm.example"

    def _wizard(self, user, **values):
        return (
            self.env["dossier.campaign.wizard"]
            .with_user(user)
            .create({"summary": "Invite to the spring seminar", **values})
        )

    def test_list_targets_the_clients_of_its_subscribed_people(self):
        wizard = self._wizard(self.marketer, mailing_list_id=self.mailing_list.id)
        self.assertEqual(wizard.client_ids, self.client)
        self.assertEqual(wizard.client_count, 1)
        wizard.action_plan()
        planned = self.Contact.search(
            [("summary", "=", "Invite to the spring seminar")]
        )
        self.assertEqual(planned.partner_id, self.client)
        self.assertEqual(planned.source, "campaign")

    def test_list_adds_to_the_selection(self):
        wizard = self._wizard(
            self.marketer,
            mailing_list_id=self.mailing_list.id,
            partner_ids=[Command.set(self.other_person.ids)],
        )
        self.assertEqual(wizard.client_ids, self.client | self.other_client)

    def test_opened_from_a_mailing_list(self):
        wizard = (
            self.env["dossier.campaign.wizard"]
            .with_user(self.marketer)
            .with_context(active_model="mailing.list", active_id=self.mailing_list.id)
            .create({"summary": "Call the alumni"})
        )
        self.assertEqual(wizard.mailing_list_id, self.mailing_list)
        self.assertEqual(wizard.client_ids, self.client)

    def test_list_needs_email_marketing_rights(self):
        # A list set over RPC by a user who may not read it plans nothing.
        wizard = self._wizard(self.dossier_user, mailing_list_id=self.mailing_list.id)
        with self.assertRaises(AccessError):
            wizard.action_plan()
        self.assertFalse(
            self.Contact.search([("summary", "=", "Invite to the spring seminar")])
        )
