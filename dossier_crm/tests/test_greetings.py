from datetime import date, datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import DossierUsersMixin


@tagged("post_install", "-at_install")
class TestGreetings(DossierUsersMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_dossier_users()
        cls.Holiday = cls.env["dossier.holiday"]
        cls.Contact = cls.env["dossier.contact"]
        # Only the holidays of these tests are active.
        cls.initially_active = cls.Holiday.search([])
        cls.initially_active.action_archive()
        cls.dossier_user.tz = "Europe/Moscow"
        cls.dossier_manager.tz = "UTC"
        cls.vip = cls.env["res.partner.category"].create({"name": "VIP"})
        Partner = cls.env["res.partner"]
        cls.client_with_salesperson = Partner.create(
            {
                "name": "Salesperson Client",
                "is_company": True,
                "user_id": cls.dossier_user.id,
                "country_id": cls.env.ref("base.ru").id,
                "category_id": [cls.vip.id],
            }
        )
        cls.person = Partner.create(
            {"name": "Person Of Client", "parent_id": cls.client_with_salesperson.id}
        )
        cls.customer_without_salesperson = Partner.create(
            {
                "name": "Customer Without Salesperson",
                "is_company": True,
                "customer_rank": 1,
                "country_id": cls.env.ref("base.fr").id,
            }
        )
        cls.individual_client = Partner.create(
            {"name": "Individual Client", "user_id": cls.dossier_user_2.id}
        )
        cls.stranger = Partner.create({"name": "Not A Client", "is_company": True})
        cls.clients = (
            cls.client_with_salesperson
            | cls.customer_without_salesperson
            | cls.individual_client
        )
        cls.template = cls.env["mail.template"].create(
            {
                "name": "Greeting",
                "model_id": cls.env.ref("base.model_res_partner").id,
                "body_html": "<p>Happy holidays, <t t-out='object.name'/>!</p>",
            }
        )
        cls.new_year = cls.Holiday.create(
            {
                "name": "New Year",
                "day": 1,
                "month": "1",
                "days_ahead": 7,
                "channel": "email",
                "template_id": cls.template.id,
                "user_id": cls.dossier_manager.id,
            }
        )

    def _greetings(self, holiday=None):
        return self.Contact.search(
            [
                ("holiday_id", "=", (holiday or self.new_year).id),
                ("partner_id", "in", (self.clients | self.stranger).ids),
            ]
        )

    def _run_cron(self):
        self.Holiday._cron_plan_greetings()

    def test_nothing_planned_before_the_lead_time(self):
        with freeze_time("2026-12-20 08:00:00"):
            self._run_cron()
        self.assertFalse(self._greetings())

    def test_greetings_planned_once_per_client_and_year(self):
        with freeze_time("2026-12-26 08:00:00"):
            self._run_cron()
            first = self._greetings()
            self._run_cron()
            self.assertEqual(self._greetings(), first)
        self.assertEqual(first.partner_id, self.clients)
        self.assertEqual(set(first.mapped("holiday_year")), {2027})
        self.assertEqual(set(first.mapped("state")), {"planned"})
        self.assertEqual(set(first.mapped("channel")), {"email"})
        self.assertEqual(set(first.mapped("summary")), {"Greetings: New Year"})
        self.assertEqual(set(first.mapped("source")), {"greeting"})
        by_client = {c.partner_id: c for c in first}
        self.assertEqual(
            by_client[self.client_with_salesperson].user_id, self.dossier_user
        )
        self.assertEqual(by_client[self.individual_client].user_id, self.dossier_user_2)
        # No salesperson: the holiday's fallback responsible.
        self.assertEqual(
            by_client[self.customer_without_salesperson].user_id, self.dossier_manager
        )
        # On the holiday at 9:00 in the responsible's time zone (Moscow: UTC+3).
        self.assertEqual(
            by_client[self.client_with_salesperson].date, datetime(2027, 1, 1, 6, 0)
        )
        self.assertEqual(
            by_client[self.customer_without_salesperson].date, datetime(2027, 1, 1, 9)
        )
        # The greeting text is ready in the contact.
        self.assertIn(
            "Happy holidays, Customer Without Salesperson!",
            by_client[self.customer_without_salesperson].description,
        )

        # Across the year boundary: still the same greetings on the day itself...
        with freeze_time("2027-01-01 10:00:00"):
            self._run_cron()
        self.assertEqual(self._greetings(), first)
        # ...even when one was cancelled or done in between.
        by_client[self.individual_client].state = "cancelled"
        with freeze_time("2027-01-01 12:00:00"):
            by_client[self.client_with_salesperson].state = "done"
            self._run_cron()
        self.assertEqual(self._greetings(), first)

        # A year later, a new greeting for each client.
        with freeze_time("2027-12-25 08:00:00"):
            self._run_cron()
            self._run_cron()
        greetings = self._greetings()
        self.assertEqual(len(greetings), 2 * len(self.clients))
        next_year = greetings - first
        self.assertEqual(next_year.partner_id, self.clients)
        self.assertEqual(set(next_year.mapped("holiday_year")), {2028})

    def test_archived_holiday_plans_nothing(self):
        self.new_year.active = False
        with freeze_time("2026-12-26 08:00:00"):
            self._run_cron()
        self.assertFalse(self._greetings())

    def test_only_matching_clients_are_greeted(self):
        holiday = self.Holiday.create(
            {
                "name": "VIP day",
                "day": 15,
                "month": "6",
                "days_ahead": 3,
                "partner_scope": "selected",
                "category_ids": [self.vip.id],
                "user_id": self.dossier_manager.id,
            }
        )
        countries = self.Holiday.create(
            {
                "name": "French day",
                "day": 15,
                "month": "6",
                "days_ahead": 3,
                "partner_scope": "selected",
                "country_ids": [self.env.ref("base.fr").id],
                "user_id": self.dossier_manager.id,
            }
        )
        with freeze_time("2027-06-13 08:00:00"):
            self._run_cron()
        self.assertEqual(
            self._greetings(holiday).partner_id, self.client_with_salesperson
        )
        self.assertEqual(
            self._greetings(countries).partner_id, self.customer_without_salesperson
        )

    def test_29_february_is_valid_and_greeted_on_28_in_other_years(self):
        holiday = self.Holiday.create(
            {
                "name": "Leap day",
                "day": 29,
                "month": "2",
                "days_ahead": 0,
                "user_id": self.dossier_manager.id,
            }
        )
        with freeze_time("2027-02-28 06:00:00"):
            self._run_cron()
        greetings = self._greetings(holiday)
        self.assertEqual(greetings.partner_id, self.clients)
        self.assertEqual(set(greetings.mapped("holiday_year")), {2027})
        with freeze_time("2028-02-28 06:00:00"):
            self._run_cron()
        self.assertEqual(self._greetings(holiday), greetings)
        with freeze_time("2028-02-29 06:00:00"):
            self._run_cron()
        self.assertEqual(len(self._greetings(holiday)), 2 * len(self.clients))

    def test_invalid_dates_are_refused(self):
        for day, month in ((30, "2"), (31, "4"), (0, "5"), (32, "1")):
            with self.subTest(day=day, month=month), self.assertRaises(ValidationError):
                self.Holiday.create({"name": "Bad", "day": day, "month": month})
        with self.assertRaises(ValidationError):
            self.new_year.days_ahead = -1
        with self.assertRaises(ValidationError):
            self.new_year.partner_scope = "selected"

    def test_one_greeting_per_client_holiday_and_year_in_database(self):
        values = {
            "partner_id": self.client_with_salesperson.id,
            "summary": "Greetings",
            "state": "planned",
            "date": datetime(2030, 1, 1, 9),
            "holiday_id": self.new_year.id,
            "holiday_year": 2030,
        }
        self.Contact.create(values)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.Contact.create(values)
                self.env.flush_all()

    def test_next_occurrence_across_year_end(self):
        self.assertEqual(
            self.new_year._next_occurrence(date(2026, 12, 25)), date(2027, 1, 1)
        )
        self.assertIsNone(self.new_year._next_occurrence(date(2026, 12, 24)))
        self.assertEqual(
            self.new_year._next_occurrence(date(2027, 1, 1)), date(2027, 1, 1)
        )

    def test_ready_made_holidays_are_archived(self):
        for xmlid in (
            "holiday_ru_defender_day",
            "holiday_ru_victory_day",
            "holiday_ru_unity_day",
            "holiday_intl_christmas",
        ):
            holiday = self.env.ref(f"dossier_crm.{xmlid}")
            self.assertNotIn(holiday, self.initially_active, xmlid)
        victory = self.env.ref("dossier_crm.holiday_ru_victory_day")
        self.assertEqual((victory.day, victory.month), (9, "5"))

    def test_only_managers_configure_holidays(self):
        with self.assertRaises(AccessError):
            self.Holiday.with_user(self.dossier_user).create(
                {"name": "Mine", "day": 1, "month": "2"}
            )
        holiday = self.Holiday.with_user(self.dossier_manager).create(
            {"name": "Ours", "day": 1, "month": "2"}
        )
        self.assertEqual(holiday.user_id, self.dossier_manager)

    def test_send_the_greeting_from_the_planned_contact(self):
        with freeze_time("2026-12-26 08:00:00"):
            self._run_cron()
        greeting = self._greetings().filtered(
            lambda c: c.partner_id == self.client_with_salesperson
        )
        self.assertEqual(greeting.holiday_template_id, self.template)
        action = greeting.with_user(self.dossier_user).action_dossier_send_greeting()
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertEqual(action["context"]["default_model"], "res.partner")
        self.assertEqual(
            action["context"]["default_res_ids"], self.client_with_salesperson.ids
        )
        self.assertEqual(action["context"]["default_template_id"], self.template.id)
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.dossier_user)
            .with_context(**action["context"])
            .create({})
        )
        self.assertIn("Happy holidays, Salesperson Client!", composer.body)
