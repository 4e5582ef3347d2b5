from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from .common import DossierCase


@tagged("post_install", "-at_install")
class TestMeetingCapture(DossierCase):
    """A calendar meeting with client people keeps one contact per client
    company in step with it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.organiser = new_test_user(
            cls.env,
            login="organiser",
            name="Olga Organiser",
            groups="base.group_user,dossier_crm.group_dossier_user",
        )
        cls.other_client = cls.env["res.partner"].create(
            {"name": "Contoso Training", "is_company": True}
        )
        cls.other_person = cls.env["res.partner"].create(
            {"name": "Oleg Contoso", "parent_id": cls.other_client.id}
        )
        cls.start = fields.Datetime.now().replace(microsecond=0) + timedelta(days=3)

    def _meeting(self, user=None, **vals):
        user = user or self.organiser
        return (
            self.env["calendar.event"]
            .with_user(user)
            .create(
                {
                    "name": "Kick-off of the sales training",
                    "start": self.start,
                    "stop": self.start + timedelta(hours=2),
                    "user_id": user.id,
                    "partner_ids": [
                        Command.set(
                            (
                                user.partner_id
                                | self.dossier_user_2.partner_id
                                | self.person
                                | self.other_person
                            ).ids
                        )
                    ],
                    **vals,
                }
            )
        )

    def _contacts(self, event):
        return (
            self.Contact.sudo()
            .with_context(active_test=False)
            .search([("calendar_event_id", "=", event.id)], order="partner_id")
            .grouped("partner_id")
        )

    def test_meeting_with_two_clients_plans_two_contacts(self):
        event = self._meeting()
        contacts = self._contacts(event)
        self.assertEqual(set(contacts), {self.client, self.other_client})
        for client, person in (
            (self.client, self.person),
            (self.other_client, self.other_person),
        ):
            self.assertRecordValues(
                contacts[client],
                [
                    {
                        "contact_person_id": person.id,
                        "channel": "meeting",
                        "state": "planned",
                        "source": "meeting",
                        "date": self.start,
                        "duration": 2.0,
                        "user_id": self.organiser.id,
                        "participant_ids": self.dossier_user_2.ids,
                        "summary": "Kick-off of the sales training",
                    }
                ],
            )
        both = contacts[self.client] | contacts[self.other_client]
        self.assertEqual(event.with_user(self.organiser).dossier_contact_ids, both)
        # A planned contact is an activity of the organiser.
        self.assertEqual(both.activity_ids.user_id, self.organiser)

    def test_contacts_move_cancel_and_come_back_with_the_meeting(self):
        event = self._meeting()
        moved = self.start + timedelta(days=1, hours=3)
        event.with_user(self.organiser).write(
            {"start": moved, "stop": moved + timedelta(hours=1)}
        )
        contacts = self._contacts(event)
        both = contacts[self.client] | contacts[self.other_client]
        self.assertEqual(set(both.mapped("date")), {moved})
        self.assertEqual(set(both.mapped("duration")), {1.0})
        # The activity falls on the organiser's day (the responsible's time
        # zone, else the writer's: the organiser's here, else UTC), not on
        # the test's user's day: they differ when the meeting is near midnight.
        organiser_day = fields.Date.context_today(
            both.with_context(tz=self.organiser.tz or "UTC"), moved
        )
        self.assertEqual(
            set(both.activity_ids.mapped("date_deadline")), {organiser_day}
        )
        # Contoso is no longer invited: its contact is cancelled; invited
        # again, it is planned again (the same contact).
        event.write({"partner_ids": [Command.unlink(self.other_person.id)]})
        self.assertEqual(contacts[self.other_client].state, "cancelled")
        self.assertEqual(contacts[self.client].state, "planned")
        event.write({"partner_ids": [Command.link(self.other_person.id)]})
        self.assertEqual(
            self._contacts(event)[self.other_client], contacts[self.other_client]
        )
        self.assertEqual(contacts[self.other_client].state, "planned")
        # Archived (cancelled in Calendar), then deleted.
        event.action_archive()
        self.assertEqual(set(both.mapped("state")), {"cancelled"})
        self.assertFalse(both.activity_ids)
        event.action_unarchive()
        self.assertEqual(set(both.mapped("state")), {"planned"})
        event.unlink()
        self.assertEqual(set(both.exists().mapped("state")), {"cancelled"})
        self.assertEqual(len(both.exists()), 2)

    def test_contacts_turn_done_once_the_meeting_took_place(self):
        event = self._meeting()
        both = self.Contact.sudo().search([("calendar_event_id", "=", event.id)])
        with freeze_time(self.start + timedelta(hours=1)):
            # Under way: still planned.
            self.env["dossier.contact.capture"]._close_past_meetings()
            self.assertEqual(set(both.mapped("state")), {"planned"})
        with freeze_time(self.start + timedelta(hours=3)):
            self.env["dossier.contact.capture"]._close_past_meetings()
            self.assertEqual(set(both.mapped("state")), {"done"})
            self.assertFalse(both.activity_ids)
        # A meeting logged after it took place is done at once.
        past = self._meeting(
            start=self.start - timedelta(days=5),
            stop=self.start - timedelta(days=5, hours=-1),
        )
        self.assertEqual({c.state for c in self._contacts(past).values()}, {"done"})

    def test_recurring_meeting_gives_a_contact_per_occurrence(self):
        event = self._meeting(
            recurrency=True,
            rrule_type="daily",
            count=3,
            interval=1,
            partner_ids=[Command.set((self.organiser.partner_id | self.person).ids)],
        )
        occurrences = event.recurrence_id.calendar_event_ids
        self.assertEqual(len(occurrences), 3)
        contacts = self.Contact.sudo().search(
            [("calendar_event_id", "in", occurrences.ids)]
        )
        self.assertEqual(contacts.calendar_event_id, occurrences)
        self.assertEqual(contacts.partner_id, self.client)

    def test_internal_meetings_settings_and_privacy(self):
        internal = self._meeting(
            partner_ids=[Command.set(self.dossier_user_2.partner_id.ids)]
        )
        self.assertFalse(self._contacts(internal))
        private = self._meeting(privacy="private")
        for contact in self._contacts(private).values():
            self.assertEqual(contact.confidentiality, "private")
            # An attendee was at the meeting and takes part in its contact;
            # nobody else reads it, managers included.
            self.assertTrue(contact.with_user(self.dossier_user_2).has_access("read"))
            self.assertFalse(contact.with_user(self.dossier_manager).has_access("read"))
        self.env["ir.config_parameter"].set_param("dossier_crm.capture_meetings", "0")
        self.assertFalse(self._contacts(self._meeting()))

    def test_users_outside_dossier_book_meetings_as_before(self):
        plain = self.plain_user
        event = self._meeting(user=plain)
        event.with_user(plain).write({"name": "Renamed"})
        self.assertEqual(
            {c.summary for c in self._contacts(event).values()}, {"Renamed"}
        )
        event.with_user(plain).unlink()
