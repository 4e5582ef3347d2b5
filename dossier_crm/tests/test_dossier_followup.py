from datetime import date, datetime

import psycopg2
from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import DossierUsersMixin


@tagged("post_install", "-at_install")
class TestDossierFollowup(DossierUsersMixin, TransactionCase):
    """The daily job plans each follow-up once, on time, for the right user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_dossier_users()
        cls.salesperson = cls.dossier_user
        cls.salesperson.tz = "Europe/Moscow"
        cls.dossier_manager.tz = "Europe/Moscow"
        Partner = cls.env["res.partner"]
        cls.client = Partner.create(
            {
                "name": "Northwind Consulting",
                "is_company": True,
                "user_id": cls.salesperson.id,
            }
        )
        cls.person = Partner.create(
            {"name": "Nikolai Belov", "parent_id": cls.client.id}
        )
        cls.orphan = Partner.create({"name": "Lone Client Ltd", "is_company": True})
        cls.env["ir.config_parameter"].set_param(
            "dossier_crm.birthday_followup_days", "7"
        )
        cls.env["ir.config_parameter"].set_param("dossier_crm.followup_user_id", "")
        cls.Contact = cls.env["dossier.contact"]
        cls.cron = cls.env.ref("dossier_crm.ir_cron_dossier_plan_followups")

    def _run_job(self, day):
        with freeze_time(day):
            self.cron.method_direct_trigger()

    def _followups(self, partner=None):
        return self.Contact.search(
            [("partner_id", "=", (partner or self.client).id)], order="date, id"
        )

    def _event(self, event_date, days=10, partner=None):
        return self.env["dossier.life.event"].create(
            {
                "partner_id": (partner or self.person).id,
                "name": "Son goes to study in France",
                "date": event_date,
                "followup_days": days,
            }
        )

    def test_life_event_followup_is_planned_once_when_due(self):
        event = self._event("2027-05-20", days=10)
        self._run_job("2027-05-09")
        self.assertFalse(self._followups())
        self._run_job("2027-05-10")
        self._run_job("2027-05-10")
        self._run_job("2027-05-11")
        contact = self._followups()
        self.assertEqual(len(contact), 1)
        self.assertEqual(event.followup_contact_id, contact)
        self.assertEqual(contact.state, "planned")
        self.assertEqual(contact.source, "followup")
        self.assertEqual(contact.user_id, self.salesperson)
        self.assertEqual(contact.contact_person_id, self.person)
        # 9:00 in Moscow on the due day.
        self.assertEqual(contact.date, datetime(2027, 5, 10, 6, 0))
        self.assertIn("Son goes to study in France", contact.summary)

    def test_missed_days_are_caught_up_but_past_events_are_not(self):
        self._event("2027-05-20", days=10)
        past = self._event("2027-05-01", days=3)
        self._run_job("2027-05-15")
        contact = self._followups()
        self.assertEqual(len(contact), 1)
        self.assertEqual(contact.date.date(), date(2027, 5, 15))
        self.assertFalse(past.followup_contact_id)

    def test_moved_event_moves_its_planned_followup(self):
        event = self._event("2027-05-20", days=10)
        self._run_job("2027-05-10")
        with freeze_time("2027-05-11"):
            event.date = "2027-06-20"
        self.assertEqual(event.followup_contact_id.date, datetime(2027, 6, 10, 6, 0))
        self._run_job("2027-06-10")
        self.assertEqual(len(self._followups()), 1)

    def test_cancelled_followup_is_not_planned_again(self):
        self._event("2027-05-20", days=10)
        self._run_job("2027-05-10")
        self._followups().state = "cancelled"
        self._run_job("2027-05-12")
        self.assertEqual(self._followups().mapped("state"), ["cancelled"])

    def test_birthday_followup_once_a_year(self):
        self.person.dossier_birthdate = date(1970, 3, 15)
        self._run_job("2027-03-07")
        self.assertFalse(self._followups())
        self._run_job("2027-03-08")
        self._run_job("2027-03-08")
        self._run_job("2027-03-15")
        contact = self._followups()
        self.assertEqual(len(contact), 1)
        self.assertEqual(contact.birthday_partner_id, self.person)
        self.assertEqual(contact.birthday_year, 2027)
        self.assertEqual(contact.date, datetime(2027, 3, 8, 6, 0))
        self.assertEqual(contact.user_id, self.salesperson)
        self._run_job("2027-03-16")
        self.assertEqual(len(self._followups()), 1)
        # Next year, once again.
        self._run_job("2028-03-08")
        self._run_job("2028-03-09")
        contacts = self._followups()
        self.assertEqual(contacts.mapped("birthday_year"), [2027, 2028])

    def test_birthday_lead_time_comes_from_settings(self):
        settings = self.env["res.config.settings"].create(
            {"dossier_birthday_followup_days": 3}
        )
        settings.execute()
        self.person.dossier_birthdate = date(1970, 3, 15)
        self._run_job("2027-03-11")
        self.assertFalse(self._followups())
        self._run_job("2027-03-12")
        self.assertEqual(self._followups().date.date(), date(2027, 3, 12))

    def test_birthday_across_the_new_year(self):
        self.person.dossier_birthdate = date(1981, 1, 3)
        self._run_job("2027-12-27")
        contact = self._followups()
        self.assertEqual(len(contact), 1)
        self.assertEqual(contact.birthday_year, 2028)
        self.assertEqual(contact.date.date(), date(2027, 12, 27))

    def test_birthday_on_29_february(self):
        self.person.dossier_birthdate = date(2000, 2, 29)
        self._run_job("2027-02-20")
        self.assertFalse(self._followups())
        self._run_job("2027-02-21")
        contact = self._followups()
        self.assertEqual(contact.birthday_year, 2027)
        self.assertIn("02/28/2027", contact.summary)
        self._run_job("2028-02-22")
        self.assertEqual(len(self._followups()), 2)

    def test_relation_birthday_only_when_flagged(self):
        Relation = self.env["dossier.relation"]
        wife = Relation.create(
            {
                "partner_id": self.person.id,
                "name": "Olga Belova",
                "relation_type": "spouse",
                "birthdate": date(1972, 4, 10),
                "birthday_followup": True,
            }
        )
        Relation.create(
            {
                "partner_id": self.person.id,
                "name": "Marina, his assistant",
                "relation_type": "assistant",
                "birthdate": date(1990, 4, 9),
            }
        )
        self._run_job("2027-04-03")
        self._run_job("2027-04-04")
        contact = self._followups()
        self.assertEqual(len(contact), 1)
        self.assertEqual(contact.birthday_relation_id, wife)
        self.assertEqual(contact.contact_person_id, self.person)
        self.assertIn("Olga Belova", contact.summary)

    def test_client_without_salesperson_goes_to_default_user(self):
        self._event("2027-05-20", days=0, partner=self.orphan)
        self.env["res.config.settings"].create(
            {"dossier_followup_user_id": self.dossier_manager.id}
        ).execute()
        self._run_job("2027-05-20")
        contact = self._followups(self.orphan)
        self.assertEqual(contact.user_id, self.dossier_manager)

    def test_client_without_anyone_responsible_still_gets_its_followup(self):
        self._event("2027-05-20", days=0, partner=self.orphan)
        self._run_job("2027-05-20")
        contact = self._followups(self.orphan)
        self.assertEqual(len(contact), 1)
        self.assertFalse(contact.user_id)

    def test_database_refuses_a_second_birthday_followup(self):
        self.person.dossier_birthdate = date(1970, 3, 15)
        self._run_job("2027-03-08")
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.IntegrityError),
            self.env.cr.savepoint(),
        ):
            self.Contact.create(
                {
                    "partner_id": self.client.id,
                    "summary": "Duplicate",
                    "state": "planned",
                    "date": datetime(2027, 3, 9),
                    "birthday_partner_id": self.person.id,
                    "birthday_year": 2027,
                }
            )
