from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DossierCase, assert_refused_as_required


@tagged("post_install", "-at_install")
class TestDossierContact(DossierCase):
    def _contact(self, user=None, **vals):
        values = {
            "partner_id": self.client.id,
            "summary": "Called about the training plan",
            "date": fields.Datetime.now() - timedelta(days=1),
            **vals,
        }
        return self.Contact.with_user(user or self.dossier_user).create(values)

    def test_contact_with_a_person_counts_for_the_company(self):
        contact = self._contact(partner_id=self.person.id)
        self.assertEqual(contact.partner_id, self.client)
        self.assertEqual(contact.contact_person_id, self.person)
        self.assertIn(contact, self.client.dossier_contact_ids)
        self.assertEqual(self.client.dossier_contact_count, 1)
        self.assertEqual(self.person.dossier_contact_count, 1)

    def test_contact_without_client_or_date_is_refused(self):
        # The ORM refuses the required fields; the user reads which one.
        with assert_refused_as_required(self, "partner_id"):
            self.Contact.create({"summary": "Lost call"})
        with assert_refused_as_required(self, "date"):
            self.Contact.create(
                {"summary": "Lost call", "partner_id": self.client.id, "date": False}
            )
        self.assertFalse(self.Contact.search([("summary", "=", "Lost call")]))

    def test_done_contact_in_the_future_is_refused(self):
        future = fields.Datetime.now() + timedelta(days=2)
        with self.assertRaisesRegex(ValidationError, "future"):
            self._contact(date=future, state="done")
        planned = self._contact(date=future, state="planned")
        with self.assertRaisesRegex(ValidationError, "future"):
            planned.state = "done"

    def test_negative_duration_is_refused(self):
        with self.assertRaises(ValidationError):
            self._contact(duration=-0.5)

    def test_person_of_another_company_is_refused(self):
        other = self.env["res.partner"].create(
            {"name": "Other Ltd", "is_company": True}
        )
        with self.assertRaises(ValidationError):
            self._contact(contact_person_id=other.id)

    def test_decision_without_owner_is_refused(self):
        contact = self._contact()
        with assert_refused_as_required(self, "user_id"):
            self.env["dossier.decision"].create(
                {"contact_id": contact.id, "name": "Send the offer"}
            )
        decision = self.env["dossier.decision"].create(
            {
                "contact_id": contact.id,
                "name": "Send the offer",
                "user_id": self.dossier_user.id,
            }
        )
        self.assertEqual(decision.partner_id, self.client)
        with assert_refused_as_required(self, "user_id"):
            decision.user_id = False
            decision.flush_recordset()

    def test_last_and_next_contact_dates(self):
        now = fields.Datetime.now()
        self._contact(date=now - timedelta(days=10))
        recent = self._contact(date=now - timedelta(days=3))
        later = self._contact(date=now + timedelta(days=5), state="planned")
        sooner = self._contact(date=now + timedelta(days=2), state="planned")
        self.assertEqual(self.client.dossier_last_contact_date, recent.date)
        self.assertEqual(self.client.dossier_next_contact_date, sooner.date)
        self.assertEqual(self.person.dossier_last_contact_date, recent.date)
        sooner.state = "cancelled"
        self.assertEqual(self.client.dossier_next_contact_date, later.date)
        recent.unlink()
        self.assertEqual(
            self.client.dossier_last_contact_date, now - timedelta(days=10)
        )

    def test_private_contact_is_invisible_to_others(self):
        private = self._contact(user=self.dossier_user_2, confidentiality="private")
        restricted = self._contact(user=self.dossier_user_2, confidentiality="managers")
        shared = self._contact(user=self.dossier_user_2)
        domain = [("partner_id", "=", self.client.id)]
        as_user = self.Contact.with_user(self.dossier_user)
        self.assertEqual(as_user.search(domain), shared)
        groups = as_user._read_group(domain, [], ["__count"])
        self.assertEqual(groups[0][0], 1)
        with self.assertRaises(AccessError):
            private.with_user(self.dossier_user).read(["summary"])
        as_manager = self.Contact.with_user(self.dossier_manager)
        self.assertEqual(as_manager.search(domain), shared | restricted)
        as_author = self.Contact.with_user(self.dossier_user_2)
        self.assertEqual(as_author.search(domain), shared | restricted | private)

    def test_user_cannot_change_a_colleagues_contact(self):
        contact = self._contact(user=self.dossier_user_2)
        with self.assertRaises(AccessError):
            contact.with_user(self.dossier_user).write({"summary": "Rewritten"})
        contact.with_user(self.dossier_manager).write({"outcome": "Agreed"})
        self.assertEqual(contact.outcome, "Agreed")

    def test_plain_user_has_no_access(self):
        with self.assertRaises(AccessError):
            self.Contact.with_user(self.plain_user).search([])

    def test_client_with_contacts_cannot_be_deleted(self):
        self._contact()
        with self.assertRaisesRegex(UserError, "archive"):
            self.client.unlink()
        self.assertTrue(self.client.exists())
        untouched = self.env["res.partner"].create({"name": "No History"})
        untouched.unlink()
        self.assertFalse(untouched.exists())

    def test_contact_refuses_a_client_or_responsible_of_another_company(self):
        """check_company on partner_id and user_id (was missing)."""
        __, foreign_client, outsider = self._create_other_company("olga_other")
        values = {"summary": "Call", "date": fields.Datetime.now()}
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            self.Contact.create({**values, "partner_id": foreign_client.id})
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            self.Contact.create(
                {**values, "partner_id": self.client.id, "user_id": outsider.id}
            )

    def test_contact_count_follows_the_reader(self):
        """The count depends on the reader's record rules, so it is computed
        again for each user (depends_context("uid"))."""
        self._contact(user=self.dossier_user_2, confidentiality="private")
        self.assertEqual(self.client.dossier_contact_count, 1)
        client = self.client.with_user(self.dossier_user)
        self.assertEqual(client.dossier_contact_count, 0)
