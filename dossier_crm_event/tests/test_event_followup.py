from datetime import timedelta

from psycopg2.errors import UniqueViolation

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.res_config_settings import EVENT_FOLLOWUP_DAYS, EVENT_FOLLOWUP_KEY
from .common import EventDossierCase


@tagged("post_install", "-at_install")
class TestEventFollowup(EventDossierCase):
    """A confirmed registration of a client's person plans one follow-up."""

    def setUp(self):
        super().setUp()
        params = self.env["ir.config_parameter"].sudo()
        params.set_param(EVENT_FOLLOWUP_KEY, "True")
        params.set_param(EVENT_FOLLOWUP_DAYS.key, "3")
        self.organiser.tz = "Europe/Moscow"

    def _followups(self, registrations):
        return self.Contact.search([("event_registration_id", "in", registrations.ids)])

    def test_confirmed_registration_plans_one_followup(self):
        # An event in Vladivostok (UTC+10 all year): its last day is the
        # local one, whatever the time zone of the desk or the server.
        self.next_event.date_tz = "Asia/Vladivostok"
        registration = (
            self.env["event.registration"]
            .with_user(self.desk_user)
            .create(
                {
                    "event_id": self.next_event.id,
                    "partner_id": self.person.id,
                }
            )
        )
        followup = self._followups(registration)
        self.assertEqual(len(followup), 1)
        self.assertEqual(followup.partner_id, self.client)
        self.assertEqual(followup.contact_person_id, self.person)
        self.assertEqual(followup.user_id, self.organiser)
        self.assertEqual(followup.state, "planned")
        self.assertEqual(followup.source, "followup")
        self.assertIn(self.next_event.name, followup.summary)
        # Three days after the event's local last day, at 9:00 where the
        # organiser lives.
        end_day = (self.next_event.date_end + timedelta(hours=10)).date()
        expected = self.Contact._dossier_planned_datetime(
            end_day + timedelta(days=3), self.organiser
        )
        self.assertEqual(followup.date, expected)
        self.assertTrue(followup.activity_ids)
        # Cancelled and confirmed again, attended: still the one follow-up.
        registration.action_cancel()
        registration.action_confirm()
        registration.action_set_done()
        self.assertEqual(self._followups(registration), followup)

    def test_past_event_is_followed_up_from_today(self):
        registration = self._register(self.person, "done")
        followup = self._followups(registration)
        self.assertEqual(
            followup.date,
            self.Contact._dossier_planned_datetime(
                fields.Date.context_today(self.Contact), self.organiser
            ),
        )

    def test_draft_registration_waits_for_its_confirmation(self):
        registration = self._register(self.person, "draft")
        self.assertFalse(self._followups(registration))
        registration.action_confirm()
        self.assertEqual(len(self._followups(registration)), 1)

    def test_salesperson_without_event_responsible(self):
        self.next_event.user_id = False
        registration = self._register(self.person, event=self.next_event)
        self.assertEqual(self._followups(registration).user_id, self.salesperson)

    def test_client_itself_registered(self):
        registration = self._register(self.client, event=self.next_event)
        followup = self._followups(registration)
        self.assertEqual(followup.partner_id, self.client)
        self.assertFalse(followup.contact_person_id)

    def test_no_followup_when_off_or_not_a_client(self):
        self.env["ir.config_parameter"].sudo().set_param(EVENT_FOLLOWUP_KEY, False)
        off = self._register(self.person, event=self.next_event)
        self.env["ir.config_parameter"].sudo().set_param(EVENT_FOLLOWUP_KEY, "True")
        staff = self._register(self.organiser.partner_id, event=self.next_event)
        anonymous = self.env["event.registration"].create(
            {"event_id": self.next_event.id, "name": "Walk-in Visitor"}
        )
        self.assertFalse(self._followups(off | staff | anonymous))

    def test_planning_queries_do_not_grow_with_registrations(self):
        people = self.env["res.partner"].create(
            [{"name": f"Trainee {n}", "parent_id": self.client.id} for n in range(10)]
        )
        counts = []
        for batch in (people[:2], people[2:]):
            registrations = self.env["event.registration"].create(
                [
                    {
                        "event_id": self.next_event.id,
                        "partner_id": p.id,
                        "state": "draft",
                    }
                    for p in batch
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            registrations._dossier_plan_followups()
            self.env.flush_all()
            counts.append(self.cr.sql_log_count - before)
            self.assertEqual(len(self._followups(registrations)), len(batch))
        self.assertLessEqual(counts[1], counts[0] + 2)

    def test_users_cannot_mark_a_contact_as_followup(self):
        registration = self._register(self.person_2, "draft")
        with self.assertRaises(AccessError):
            self.Contact.with_user(self.dossier_user).create(
                {
                    "partner_id": self.client.id,
                    "summary": "Forged",
                    "event_registration_id": registration.id,
                }
            )
        contact = self.Contact.with_user(self.dossier_user).create(
            {"partner_id": self.client.id, "summary": "Call"}
        )
        with self.assertRaises(AccessError):
            contact.write({"event_registration_id": registration.id})
        self.assertFalse(contact.event_registration_id)

    def test_one_followup_per_registration_in_the_database(self):
        registration = self._register(self.person)
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(UniqueViolation),
            self.env.cr.savepoint(),
        ):
            self.Contact.sudo().create(
                {
                    "partner_id": self.client.id,
                    "summary": "Twice",
                    "event_registration_id": registration.id,
                }
            )

    def test_followup_delay_setting(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.dossier_event_followup_days, 3)
        self.assertTrue(settings.dossier_event_followup)
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create(
                {"dossier_event_followup_days": EVENT_FOLLOWUP_DAYS.maximum + 1}
            )
        settings.write(
            {"dossier_event_followup": False, "dossier_event_followup_days": 5}
        )
        settings.execute()
        Settings = self.env["res.config.settings"]
        self.assertFalse(Settings._dossier_event_followup())
        self.assertEqual(Settings._dossier_setting(EVENT_FOLLOWUP_DAYS), 5)
