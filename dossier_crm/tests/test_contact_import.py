from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import TransactionCase, tagged

from .common import DossierUsersMixin

NOW = datetime(2026, 3, 10, 12, 0)
FIELDS = ["partner_id", "date", "channel", "direction", "summary", "user_id"]


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestContactImport(DossierUsersMixin, TransactionCase):
    """Legacy history imported with Odoo's standard import (``load``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_dossier_users()
        Partner = cls.env["res.partner"]
        cls.clients = Partner.create(
            [{"name": f"Legacy Client {i:02d}", "is_company": True} for i in range(20)]
        )
        cls.person = Partner.create(
            {"name": "Pyotr Legacy", "parent_id": cls.clients[0].id}
        )

    def _load(self, rows, user=None):
        # What base_import does with a parsed CSV file.
        Contact = (
            self.env["dossier.contact"]
            .with_user(user or self.dossier_manager)
            .with_context(import_file=True)
        )
        return Contact.load(FIELDS, rows)

    def test_import_of_1000_contacts_keeps_dates_and_authors(self):
        channels = ["Meeting", "Phone call", "Letter", "Email", "Other"]
        authors = [self.dossier_user, self.dossier_user_2, self.dossier_manager]
        rows, expected = [], []
        start = datetime(2015, 1, 5, 9, 30)
        for i in range(1000):
            date = start + timedelta(days=i * 3, minutes=i)
            client = self.clients[i % 20]
            author = authors[i % 3]
            rows.append(
                [
                    client.name,
                    fields.Datetime.to_string(date),
                    channels[i % 5],
                    "Inbound" if i % 2 else "Outbound",
                    f"Legacy contact {i}",
                    author.name,
                ]
            )
            expected.append((client, date, author))
        result = self._load(rows)
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(len(result["ids"]), 1000)
        contacts = self.env["dossier.contact"].browse(result["ids"])
        for contact, (client, date, author) in zip(contacts, expected, strict=True):
            self.assertEqual(contact.partner_id, client)
            self.assertEqual(contact.date, date)
            self.assertEqual(contact.user_id, author)
            self.assertEqual(contact.state, "done")
        self.assertEqual(set(contacts.mapped("source")), {"import"})
        self.assertEqual(
            contacts.mapped("channel")[:5],
            ["meeting", "phone", "letter", "email", "other"],
        )
        self.assertFalse(
            self.env["mail.activity"].search_count(
                [("dossier_contact_id", "in", contacts.ids)]
            )
        )
        # The last-contact date of each client is its latest imported contact.
        for index, client in enumerate(self.clients):
            latest = max(d for c, d, _a in expected if c == client)
            self.assertEqual(client.dossier_last_contact_date, latest, index)

    def test_import_on_a_person_goes_to_its_company(self):
        # Odoo's import finds a person by its full name, "Company, Person".
        result = self._load(
            [
                [
                    self.person.display_name,
                    "2019-05-14 10:00:00",
                    "Phone call",
                    "Inbound",
                    "Called about the invoice",
                    self.dossier_user.name,
                ]
            ]
        )
        self.assertFalse(result["messages"], result["messages"])
        contact = self.env["dossier.contact"].browse(result["ids"])
        self.assertEqual(contact.partner_id, self.clients[0])
        self.assertEqual(contact.contact_person_id, self.person)
        self.assertEqual(
            self.person.dossier_last_contact_date, datetime(2019, 5, 14, 10)
        )

    def test_bad_rows_are_reported_and_nothing_is_imported(self):
        future = fields.Datetime.to_string(NOW + timedelta(days=3))
        result = self._load(
            [
                [
                    "Legacy Client 01",
                    "2020-01-01 10:00:00",
                    "Email",
                    "Inbound",
                    "Ok",
                    "",
                ],
                ["Legacy Client 01", future, "Email", "Inbound", "Too early", ""],
            ]
        )
        self.assertTrue(result["messages"])
        self.assertIn("future", str(result["messages"]))
        self.assertFalse(result["ids"])
