"""The attacks of issue 11 (part A), each as the real user over the ORM, with
the contexts any RPC caller may send: nobody writes, moves, closes or deletes
what he may not, nor learns from it what he may not read."""

import contextlib
from datetime import date, datetime, timedelta

from freezegun import freeze_time
from psycopg2.errors import ForeignKeyViolation

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import DossierCase

NOW = datetime(2026, 3, 10, 12, 0)
SECRET = "Secret merger talk"


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestDossierIntegrity(DossierCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dossier_user_3 = new_test_user(
            cls.env,
            login="dossier_user_3",
            name="Ivan Third",
            groups="base.group_user,dossier_crm.group_dossier_user",
        )
        # Anna's private planned contact; Boris takes part in it.
        cls.private = cls.Contact.with_user(cls.dossier_user_2).create(
            {
                "partner_id": cls.client.id,
                "summary": SECRET,
                "date": NOW + timedelta(days=2),
                "state": "planned",
                "confidentiality": "private",
                "participant_ids": [Command.set(cls.dossier_user.ids)],
            }
        )
        # Anna's private planned contact that nobody else takes part in.
        cls.hidden = cls.Contact.with_user(cls.dossier_user_2).create(
            {
                "partner_id": cls.client.id,
                "summary": "Hidden talk",
                "date": NOW + timedelta(days=1, hours=1),
                "state": "planned",
                "confidentiality": "private",
            }
        )
        # Boris's own planned contact.
        cls.own = cls.Contact.with_user(cls.dossier_user).create(
            {
                "partner_id": cls.client.id,
                "summary": "Call about the spring training",
                "date": NOW + timedelta(days=3),
                "state": "planned",
            }
        )

    def _activity(self, contact):
        return (
            self.env["mail.activity"]
            .sudo()
            .search([("dossier_contact_id", "=", contact.id)])
        )

    def _as(self, user, records, **context):
        return records.with_user(user).with_context(**context)

    # -- 1. participants -------------------------------------------------

    def test_participant_reads_but_does_not_widen_or_delete(self):
        contact = self._as(self.dossier_user, self.private, tracking_disable=True)
        self.assertEqual(contact.read(["summary"])[0]["summary"], SECRET)
        self.assertIn(
            self.private,
            self.Contact.with_user(self.dossier_user).search(
                [("summary", "=", SECRET)]
            ),
        )
        # He records what happened...
        contact.write({"outcome": "They want a second meeting"})
        self.assertEqual(self.private.outcome, "They want a second meeting")
        # ...but does not change who reads it, nor deletes it.
        refused = [
            {"confidentiality": "all"},
            {"participant_ids": [Command.link(self.dossier_user_3.id)]},
            {"user_id": self.dossier_user.id},
        ]
        for vals in refused:
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                contact.write(vals)
        with self.assertRaises(AccessError):
            contact.unlink()
        self.assertEqual(self.private.confidentiality, "private")
        self.assertEqual(self.private.participant_ids, self.dossier_user)
        self.assertEqual(self.private.user_id, self.dossier_user_2)
        self.assertTrue(self.private.exists())
        # Whoever does not take part still reads nothing of it.
        with self.assertRaises(AccessError):
            self.private.with_user(self.dossier_user_3).read(["summary"])

    def test_participant_manager_does_not_open_a_private_contact(self):
        self.private.sudo().participant_ids = self.dossier_manager
        contact = self._as(self.dossier_manager, self.private, tracking_disable=True)
        self.assertEqual(contact.summary, SECRET)
        with self.assertRaises(AccessError):
            contact.write({"confidentiality": "managers"})
        with self.assertRaises(AccessError):
            contact.unlink()
        self.assertEqual(self.private.confidentiality, "private")

    def test_author_and_managers_change_confidentiality_and_delete(self):
        self._as(self.dossier_user_2, self.private).write(
            {"confidentiality": "managers"}
        )
        self.assertEqual(self.private.confidentiality, "managers")
        # A manager reads a "managers" contact: he may change and delete it.
        self._as(self.dossier_manager, self.private).write({"confidentiality": "all"})
        self._as(self.dossier_manager, self.private).unlink()
        self.assertFalse(self.private.exists())
        self._as(self.dossier_user, self.own).unlink()
        self.assertFalse(self.own.exists())

    # -- 2. activities ---------------------------------------------------

    def test_activity_cannot_be_pointed_at_another_contact(self):
        Activity = self.env["mail.activity"].with_user(self.dossier_user)
        values = {
            "res_model_id": self.env["ir.model"]._get_id("dossier.contact"),
            "res_id": self.own.id,
            "summary": "Mine",
            "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
        }
        with self.assertRaises(AccessError):
            Activity.create({**values, "dossier_contact_id": self.hidden.id})
        with self.assertRaises(AccessError):
            Activity.with_context(default_dossier_contact_id=self.hidden.id).create(
                values
            )
        activity = self._activity(self.own).with_user(self.dossier_user)
        with self.assertRaises(AccessError):
            activity.write({"dossier_contact_id": self.hidden.id})
        self.assertEqual(self._activity(self.own).dossier_contact_id, self.own)
        self.assertEqual(self._activity(self.hidden).dossier_contact_id, self.hidden)
        # A plain activity on his own contact stays possible.
        self.assertTrue(Activity.create(values))

    def test_activity_cascade_runs_with_the_user_rights(self):
        # The activity of Anna's private contact ends up with Boris (given to
        # him by hand): closing it does not close a contact he may not change.
        activity = self._activity(self.hidden)
        activity.user_id = self.dossier_user
        with self.assertRaises(AccessError):
            activity.with_user(self.dossier_user).action_done()
        with self.assertRaises(AccessError):
            activity.with_user(self.dossier_user).unlink()
        self.assertEqual(self.hidden.state, "planned")
        self.assertTrue(activity.exists())
        # His own activity still closes his own contact.
        self._activity(self.own).with_user(self.dossier_user).unlink()
        self.assertEqual(self.own.state, "cancelled")

    # -- 3. life events --------------------------------------------------

    def test_life_event_followup_is_the_job_s_own(self):
        Event = self.env["dossier.life.event"].with_user(self.dossier_user)
        values = {"partner_id": self.client.id, "name": "Wedding", "date": "2026-06-01"}
        with self.assertRaises(AccessError):
            Event.create({**values, "followup_contact_id": self.hidden.id})
        with self.assertRaises(AccessError):
            Event.with_context(default_followup_contact_id=self.hidden.id).create(
                values
            )
        event = Event.create(values)
        with self.assertRaises(AccessError):
            event.write({"followup_contact_id": self.own.id})
        with self.assertRaises(AccessError):
            self._as(self.dossier_user, self.hidden).write(
                {"life_event_ids": [Command.link(event.id)]}
            )
        self.assertFalse(event.followup_contact_id)

    def test_a_private_contact_is_never_named_to_who_may_not_read_it(self):
        event = self.env["dossier.life.event"].create(
            {
                "partner_id": self.client.id,
                "name": "Wedding",
                "date": "2026-03-20",
                "followup_contact_id": self.hidden.id,
            }
        )
        [values] = event.with_user(self.dossier_user).read(["followup_contact_id"])
        self.assertEqual(
            values["followup_contact_id"], (self.hidden.id, "Confidential contact")
        )
        [values] = event.with_user(self.dossier_user_2).read(["followup_contact_id"])
        self.assertEqual(
            values["followup_contact_id"],
            (self.hidden.id, f"{self.client.name}: Hidden talk"),
        )
        found = event.with_user(self.dossier_user).search_read(
            [("id", "=", event.id)], ["followup_contact_id"]
        )
        self.assertNotIn("Hidden", str(found))

    def test_moved_event_moves_only_a_followup_the_user_may_change(self):
        event = self.env["dossier.life.event"].create(
            {
                "partner_id": self.client.id,
                "name": "Wedding",
                "date": "2026-03-20",
                "followup_days": 5,
                "followup_contact_id": self.hidden.id,
            }
        )
        planned = self.hidden.date
        self._as(self.dossier_user, event).write({"date": "2026-04-20"})
        self.assertEqual(self.hidden.date, planned)
        self._as(self.dossier_user_2, event).write({"date": "2026-04-25"})
        self.assertEqual(self.hidden.date.date(), date(2026, 4, 20))

    # -- 4. decisions ----------------------------------------------------

    def test_decision_is_put_only_on_a_readable_contact(self):
        Decision = self.env["dossier.decision"].with_user(self.dossier_user)
        values = {"name": "Send the offer", "user_id": self.dossier_user.id}
        decision = Decision.create({**values, "contact_id": self.own.id})
        with self.assertRaises(AccessError):
            decision.write({"contact_id": self.hidden.id})
        with self.assertRaises(AccessError):
            Decision.create({**values, "contact_id": self.hidden.id})
        with self.assertRaises(AccessError):
            Decision.with_context(default_contact_id=self.hidden.id).create(values)
        self.assertEqual(decision.contact_id, self.own)
        self.assertFalse(self.hidden.decision_ids)
        # A shared contact of a colleague is readable: it takes decisions.
        shared = self.Contact.with_user(self.dossier_user_2).create(
            {"partner_id": self.client.id, "summary": "Shared call"}
        )
        decision.write({"contact_id": shared.id})
        self.assertEqual(shared.decision_ids, decision)

    # -- 5. campaign wizard ----------------------------------------------

    def test_campaign_wizard_tells_nothing_of_private_contacts(self):
        wizard = (
            self.env["dossier.campaign.wizard"]
            .with_user(self.dossier_user_3)
            .with_context(active_model="res.partner", active_ids=self.client.ids)
            .create({"summary": "Hidden talk", "date": self.hidden.date})
        )
        result = wizard.action_plan()
        self.assertIn(
            "1 contacts planned, 0 clients skipped", result["params"]["message"]
        )

    # -- 6. automation markers -------------------------------------------

    def test_planning_markers_are_not_set_by_users(self):
        holiday = self.env["dossier.holiday"].create(
            {"name": "New Year", "day": 1, "month": "1"}
        )
        markers = [
            {"holiday_id": holiday.id, "holiday_year": 2026},
            {"holiday_year": 2026},
            {"birthday_partner_id": self.person.id, "birthday_year": 2026},
            {"birthday_year": 2026},
            {"payment_reminder": True},
        ]
        own = self._as(self.dossier_user, self.own, tracking_disable=True)
        Contact = self.Contact.with_user(self.dossier_user)
        values = {"partner_id": self.client.id, "summary": "Greeting"}
        for vals in markers:
            with self.subTest(vals=vals):
                with self.assertRaises(AccessError):
                    own.write(vals)
                with self.assertRaises(AccessError):
                    Contact.create({**values, **vals})
                defaults = {f"default_{k}": v for k, v in vals.items()}
                with self.assertRaises(AccessError):
                    Contact.with_context(**defaults).create(values)
        self.assertFalse(self.Contact.search([("holiday_id", "=", holiday.id)]))
        self.assertFalse(self.Contact.search([("payment_reminder", "=", True)]))
        # A user's copy of a planned greeting is not the greeting.
        greeting = self.Contact.create(
            {**values, "holiday_id": holiday.id, "holiday_year": 2026}
        )
        greeting.sudo().user_id = self.dossier_user
        copy = greeting.with_user(self.dossier_user).copy()
        self.assertFalse(copy.holiday_id or copy.holiday_year)

    def test_payment_reminder_is_still_planned_by_the_report(self):
        contacts = self.Contact.with_user(self.dossier_manager)._plan_contacts(
            [
                {
                    "partner": self.client,
                    "users": (self.dossier_manager,),
                    "date": NOW,
                    "summary": "Payment reminder",
                    "vals": {"payment_reminder": True},
                }
            ],
            "Planned from the Receivables report.",
        )
        self.assertTrue(contacts.payment_reminder)
        self.assertEqual(contacts.create_uid, self.dossier_manager)
        # Defaults sent by the caller do not reach the superuser create.
        holiday = self.env["dossier.holiday"].create(
            {"name": "New Year", "day": 1, "month": "1"}
        )
        more = (
            self.Contact.with_user(self.dossier_manager)
            .with_context(default_holiday_id=holiday.id)
            ._plan_contacts(
                [
                    {
                        "partner": self.person,
                        "users": (self.dossier_manager,),
                        "date": NOW,
                        "summary": "Payment reminder",
                        "vals": {"payment_reminder": True},
                    }
                ],
                "Planned from the Receivables report.",
            )
        )
        self.assertFalse(more.holiday_id)

    # -- the same kind: followers, activities, clients of other companies ----

    def test_participant_does_not_widen_through_followers_or_activities(self):
        contact = self._as(self.dossier_user, self.private)
        outsider = self.dossier_user_3.partner_id
        with self.assertRaises(AccessError):
            contact.message_subscribe(partner_ids=outsider.ids)
        self.assertNotIn(outsider, self.private.message_partner_ids)
        # Following it himself is his own business.
        contact.message_subscribe(partner_ids=self.dossier_user.partner_id.ids)
        # An activity shows its assignee the contact's name.
        with self.assertRaises(AccessError):
            contact.activity_schedule(
                "mail.mail_activity_data_todo", user_id=self.dossier_user_3.id
            )
        own_activity = self.own.with_user(self.dossier_user).activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.dossier_user.id
        )
        with self.assertRaises(AccessError):
            own_activity.write({"res_id": self.hidden.id})
        self.assertEqual(own_activity.res_id, self.own.id)
        # The author gives the contact to whom he wants.
        self._as(self.dossier_user_2, self.private).message_subscribe(
            partner_ids=outsider.ids
        )
        self.assertIn(outsider, self.private.message_partner_ids)

    def test_facts_point_only_at_readable_partners(self):
        __, foreign, __ = self._create_other_company("olga_other")
        as_user = self.env(user=self.dossier_user)
        attempts = [
            ("dossier.note", {"partner_id": foreign.id, "body": "<p>x</p>"}),
            ("dossier.relation", {"partner_id": foreign.id, "name": "Olga"}),
            (
                "dossier.relation",
                {
                    "partner_id": self.client.id,
                    "name": "Olga",
                    "related_partner_id": foreign.id,
                },
            ),
            (
                "dossier.life.event",
                {"partner_id": foreign.id, "name": "Wedding", "date": "2026-06-01"},
            ),
        ]
        for model, values in attempts:
            with self.subTest(model=model, values=values):
                with self.assertRaises(AccessError):
                    as_user[model].create(values)
        relation = as_user["dossier.relation"].create(
            {"partner_id": self.client.id, "name": "Olga"}
        )
        with self.assertRaises(AccessError):
            relation.write({"related_partner_id": foreign.id})
        self.assertFalse(relation.related_partner_id)

    def test_computed_dates_are_not_written_by_users(self):
        relation = self.env["dossier.relation"].create(
            {"partner_id": self.client.id, "name": "Olga", "birthdate": "1980-05-04"}
        )
        event = self.env["dossier.life.event"].create(
            {"partner_id": self.client.id, "name": "Wedding", "date": "2026-06-01"}
        )
        self.person.dossier_birthdate = date(1985, 4, 12)
        decision = self.env["dossier.decision"].create(
            {
                "contact_id": self.hidden.id,
                "name": "x",
                "user_id": self.dossier_user_2.id,
            }
        )
        attempts = [
            (relation, {"birthday_key": 1231}),
            (event, {"followup_date": "2030-01-01"}),
            (self.person, {"dossier_birthday_key": 1231}),
            (decision, {"confidentiality": "all"}),
        ]
        for record, vals in attempts:
            user = self.dossier_user_2 if record == decision else self.dossier_user
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                record.with_user(user).write(vals)
        # The contact dates are computed for each reader, never stored: a
        # value written is not kept (whether or not Odoo refuses it).
        for vals in (
            {"dossier_next_contact_date": "2030-01-01 09:00:00"},
            {"dossier_last_contact_date": "2020-01-01 09:00:00"},
        ):
            with contextlib.suppress(AccessError, UserError, ValueError):
                self.client.with_user(self.dossier_user).write(vals)
        self.env.invalidate_all()
        self.assertEqual(relation.birthday_key, 504)
        self.assertEqual(event.followup_date, date(2026, 5, 25))
        self.assertEqual(self.person.dossier_birthday_key, 412)
        self.assertEqual(self.client.dossier_next_contact_date, self.hidden.date)
        self.assertEqual(decision.confidentiality, "private")
        # Given on create, in the values or as a context default, they are
        # computed all the same.
        created = (
            self.env["dossier.relation"]
            .with_user(self.dossier_user)
            .with_context(default_birthday_key=1231)
            .create({"partner_id": self.client.id, "name": "Ivan", "birthday_key": 101})
        )
        decision = (
            self.env["dossier.decision"]
            .with_user(self.dossier_user_2)
            .with_context(default_confidentiality="all")
            .create(
                {
                    "contact_id": self.hidden.id,
                    "name": "y",
                    "user_id": self.dossier_user_2.id,
                }
            )
        )
        self.env.invalidate_all()
        self.assertFalse(created.birthday_key)
        self.assertEqual(decision.confidentiality, "private")
        self.assertNotIn(
            decision,
            self.env["dossier.decision"].with_user(self.dossier_user).search([]),
        )

    # -- extra: authorship, project teams ----------------------------------

    def test_note_author_cannot_be_handed_over(self):
        note = (
            self.env["dossier.note"]
            .with_user(self.dossier_user)
            .create({"partner_id": self.client.id, "body": "<p>Mine</p>"})
        )
        with self.assertRaises(AccessError):
            note.write({"user_id": self.dossier_user_2.id})
        self.assertEqual(note.user_id, self.dossier_user)

    def test_nobody_joins_a_team_through_a_context_default(self):
        project = self.env["dossier.project"].create(
            {"name": "Audit", "partner_id": self.client.id, "user_id": False}
        )
        Member = self.env["dossier.project.member"].with_user(self.dossier_user)
        with self.assertRaises(AccessError):
            Member.with_context(default_project_id=project.id).create(
                {"user_id": self.dossier_user.id}
            )
        self.assertFalse(project.member_ids)


@tagged("post_install", "-at_install")
class TestDossierHistoryKept(DossierCase):
    """10. A client or person with dossier history is archived, not deleted."""

    def _client(self):
        return self.env["res.partner"].create(
            {"name": "Short-lived", "is_company": True}
        )

    def test_client_with_dossier_facts_is_not_deleted(self):
        facts = {
            "dossier.note": {"body": "<p>Prefers tea</p>"},
            "dossier.relation": {"name": "Olga", "relation_type": "spouse"},
            "dossier.life.event": {"name": "Wedding", "date": "2026-06-01"},
        }
        for model, values in facts.items():
            with self.subTest(model=model):
                client = self._client()
                fact = self.env[model].create({**values, "partner_id": client.id})
                with self.assertRaisesRegex(UserError, "archive"):
                    client.with_user(self.dossier_user).unlink()
                with self.assertRaisesRegex(UserError, "archive"):
                    client.unlink()
                self.assertTrue(fact.exists())
                self.assertTrue(client.exists())
                # Once an administrator removed the history, it goes.
                fact.unlink()
                client.unlink()
                self.assertFalse(client.exists())

    def test_person_spoken_to_is_not_deleted(self):
        contact = self.Contact.with_user(self.dossier_user).create(
            {"partner_id": self.person.id, "summary": "Call"}
        )
        self.assertEqual(contact.contact_person_id, self.person)
        with self.assertRaisesRegex(UserError, "archive"):
            self.person.with_user(self.dossier_user).unlink()
        self.assertEqual(contact.contact_person_id, self.person)
        # Not even behind the ORM's back: the database keeps the link.
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(ForeignKeyViolation),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                "DELETE FROM res_partner WHERE id = %s", [self.person.id]
            )

    def test_related_person_and_client_without_history(self):
        other = self.env["res.partner"].create({"name": "Olga Volkova"})
        self.env["dossier.relation"].create(
            {
                "partner_id": self.client.id,
                "name": "Olga",
                "related_partner_id": other.id,
            }
        )
        with self.assertRaisesRegex(UserError, "archive"):
            other.with_user(self.dossier_user).unlink()
        # A client without any history is deleted as before.
        client = self._client()
        client.with_user(self.dossier_user).unlink()
        self.assertFalse(client.exists())

    def test_person_around_with_life_events_is_archived_not_deleted(self):
        relation = self.env["dossier.relation"].create(
            {"partner_id": self.client.id, "name": "Olga", "relation_type": "spouse"}
        )
        event = self.env["dossier.life.event"].create(
            {
                "partner_id": self.client.id,
                "name": "Olga's anniversary",
                "date": "2026-06-01",
                "relation_id": relation.id,
            }
        )
        with self.assertRaisesRegex(UserError, "archive"):
            relation.with_user(self.dossier_user).unlink()
        relation.with_user(self.dossier_user).action_archive()
        self.assertEqual(event.relation_id, relation)
