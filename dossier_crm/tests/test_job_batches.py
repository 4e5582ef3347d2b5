from collections import Counter
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import DossierUsersMixin

NOW = fields.Datetime.now()
# Queries of one greeting batch (clients found, contacts and activities
# inserted), and of a mass date change on planned contacts with their
# activities: the same whatever the number of contacts. Each counts one
# statement for the clients' contact dates (dossier.contact.dates).
GREETING_BATCH_QUERIES = 13
MASS_MOVE_QUERIES = 14


@tagged("post_install", "-at_install")
class TestJobBatches(DossierUsersMixin, TransactionCase):
    """The daily jobs plan in batches reported to the cron, keep nothing per
    planned contact but the contact and its activity, and mass edits log one
    batch instead of tracking each contact."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_dossier_users()
        cls.env["dossier.holiday"].search([]).action_archive()
        cls.tag = cls.env["res.partner.category"].create({"name": "Greeted"})
        cls.clients = cls.env["res.partner"].create(
            [
                {
                    "name": f"Greeted Client {i}",
                    "is_company": True,
                    "user_id": cls.dossier_user.id,
                    "category_id": [Command.set(cls.tag.ids)],
                }
                for i in range(5)
            ]
        )
        cls.holiday = cls.env["dossier.holiday"].create(
            {
                "name": "Founders' Day",
                "day": 10,
                "month": "6",
                "days_ahead": 7,
                "partner_scope": "selected",
                "category_ids": [Command.set(cls.tag.ids)],
                "user_id": cls.dossier_manager.id,
            }
        )
        cls.cron = cls.env.ref("dossier_crm.ir_cron_dossier_plan_greetings")

    def _greetings(self):
        return self.env["dossier.contact"].search(
            [("holiday_id", "=", self.holiday.id)]
        )

    def test_greetings_in_batches_report_what_remains_to_the_cron(self):
        cron, progress = self.cron._add_progress()
        holidays = self.holiday.with_context(**cron.env.context)
        # A run out of time after its first batch says what is left, so that
        # the cron runner calls it again at once.
        planned = holidays._plan_greetings(
            today=date(2026, 6, 5), batch_size=2, time_budget=1e-9
        )
        self.assertEqual(planned, 2)
        self.assertEqual((progress.done, progress.remaining), (2, 3))
        self.assertEqual(len(self._greetings()), 2)
        # The next run plans the rest, in batches, and reports it is done.
        cron, progress = self.cron._add_progress()
        planned = self.holiday.with_context(**cron.env.context)._plan_greetings(
            today=date(2026, 6, 5), batch_size=2
        )
        self.assertEqual(planned, 3)
        self.assertEqual((progress.done, progress.remaining), (3, 0))
        greetings = self._greetings()
        self.assertEqual(greetings.partner_id, self.clients)
        # The activity of each greeting is there, but no follower row, no
        # chatter message and no mail per planned contact.
        self.assertEqual(len(greetings.activity_ids), 5)
        self.assertFalse(greetings.message_follower_ids)
        self.assertFalse(greetings.message_ids)
        # Nothing is left for a third run.
        with freeze_time("2026-06-05 08:00:00"):
            self.cron.method_direct_trigger()
        self.assertEqual(self._greetings(), greetings)

    def test_followups_in_batches_plan_each_birthday_once(self):
        self.env["ir.config_parameter"].set_param(
            "dossier_crm.birthday_followup_days", "7"
        )
        with freeze_time("2026-06-05 08:00:00"):
            people = self.env["res.partner"].create(
                [
                    {
                        "name": f"Birthday Person {i}",
                        "parent_id": self.clients[i].id,
                        "dossier_birthdate": date(1980, 6, 7),
                    }
                    for i in range(5)
                ]
            )
            planned = self.env["dossier.followup"]._cron_plan_followups(batch_size=2)
            again = self.env["dossier.followup"]._cron_plan_followups(batch_size=2)
        contacts = self.env["dossier.contact"].search(
            [("birthday_partner_id", "in", people.ids)]
        )
        # The demo data may have birthdays that week too.
        self.assertGreaterEqual(planned, 5)
        self.assertEqual(again, 0)
        self.assertEqual(len(contacts), 5)
        self.assertEqual(contacts.partner_id, self.clients)
        self.assertFalse(contacts.message_ids)

    def test_a_greeting_batch_takes_the_same_queries_for_3_or_30_clients(self):
        self.dossier_user.tz = "Asia/Vladivostok"
        template = self.env["mail.template"].create(
            {
                "name": "Greeting of the contact",
                "model_id": self.env.ref("dossier_crm.model_dossier_contact").id,
                "body_html": "<p>Dear <t t-out='object.partner_id.name'/></p>",
            }
        )
        self.holiday.template_id = template
        clients = self.env["res.partner"].create(
            [
                {
                    "name": f"Batch Client {i}",
                    "is_company": True,
                    "user_id": (self.dossier_user_2, self.dossier_user)[i % 2].id,
                }
                for i in range(34)
            ]
        )
        day = date(2026, 6, 10)
        holiday = self.holiday
        holiday._plan_greetings_for(clients[:1], day)  # warms the caches up
        counts = []
        for batch in (clients[1:4], clients[4:]):
            self.env.invalidate_all()
            with self.assertQueryBudget(GREETING_BATCH_QUERIES):
                before = self.cr.sql_log_count
                holiday._plan_greetings_for(batch, day)
                self.env.flush_all()
                counts.append(self.cr.sql_log_count - before)
        # 3 and 30 clients: the same queries.
        self.assertEqual(counts[0], counts[1])
        greetings = self._greetings().filtered(lambda c: c.partner_id in clients)
        self.assertEqual(greetings.partner_id, clients)
        first = greetings.filtered(lambda c: c.partner_id == clients[1])
        # The template is rendered for each contact.
        self.assertIn("Dear Batch Client 1<", first.description)
        # Planned at 9:00 where the responsible lives (UTC+10), due that day.
        self.assertEqual(first.date, datetime(2026, 6, 9, 23, 0))
        activity = first.activity_ids
        self.assertEqual(activity.date_deadline, day)
        self.assertEqual(activity.user_id, self.dossier_user)
        self.assertEqual(activity.summary, "Batch Client 1: Greetings: Founders' Day")
        # It is among the responsible's activities.
        self.assertIn(
            activity,
            self.env["mail.activity"]
            .with_user(self.dossier_user)
            .search([("user_id", "=", self.dossier_user.id)]),
        )

    def test_planned_in_bulk_as_the_orm_plans_by_hand(self):
        """A contact planned by the planners (rows inserted in batch) and its
        activity hold what create() gives one planned by hand."""
        user = self.dossier_user
        user.tz = "Asia/Vladivostok"
        client = self.clients[0]
        when = datetime(2026, 6, 9, 20, 0)
        Contact = self.env["dossier.contact"].with_user(user)
        by_hand = Contact.create(
            {
                "partner_id": client.id,
                "summary": "Call about the offer",
                "date": when,
                "state": "planned",
            }
        )
        in_bulk = Contact._plan_contacts(
            [
                {
                    "partner": client,
                    "users": (user,),
                    "date": when,
                    "summary": "Call about the offer",
                }
            ],
            "Planned in a test.",
        )
        self.env.invalidate_all()
        self.assertEqual(in_bulk.create_uid, user)
        names = [
            "partner_id",
            "contact_person_id",
            "user_id",
            "state",
            "date",
            "summary",
            "company_id",
            "confidentiality",
            "channel",
            "direction",
            "duration",
            "display_name",
            "activity_date_deadline",
            "activity_user_id",
        ]
        self.assertEqual(
            by_hand.read(names)[0] | {"id": 0}, in_bulk.read(names)[0] | {"id": 0}
        )
        names = [
            "res_model",
            "res_name",
            "summary",
            "user_id",
            "date_deadline",
            "activity_type_id",
            "user_tz",
            "active",
            "date_done",
            "automated",
            "state",
        ]
        made, inserted = (
            by_hand.activity_ids.read(names),
            in_bulk.activity_ids.read(names),
        )
        self.assertEqual(len(inserted), 1)
        self.assertEqual(made[0] | {"id": 0}, inserted[0] | {"id": 0})
        self.assertEqual(inserted[0]["date_deadline"], date(2026, 6, 10))

    def test_planning_in_bulk_keeps_the_callers_rights(self):
        """The rows are inserted in batch, with the checks create() makes:
        the caller's access to contacts and its record rules."""
        Contact = self.env["dossier.contact"]

        def request(client):
            return {
                "partner": client,
                "users": (self.dossier_user,),
                "date": NOW,
                "summary": "Rights check",
            }

        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Contact.with_user(self.plain_user)._plan_contacts(
                [request(self.clients[0])], "Planned in a test."
            )
        # A client of a company the user does not work in: its contact would
        # be in that company, which the company rule refuses him.
        __, foreign, __ = self._create_other_company("planner_elsewhere")
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Contact.with_user(self.dossier_user)._plan_contacts(
                [request(self.clients[1]), request(foreign)], "Planned in a test."
            )
        self.assertFalse(Contact.search([("summary", "=", "Rights check")]))
        planned = Contact.with_user(self.dossier_user)._plan_contacts(
            [request(self.clients[1])], "Planned in a test."
        )
        self.assertEqual(planned.create_uid, self.dossier_user)
        self.assertEqual(planned.activity_ids.user_id, self.dossier_user)

    def test_mass_move_moves_each_activity_to_its_responsible_day(self):
        self.dossier_user.tz = "Asia/Vladivostok"  # UTC+10
        self.dossier_user_2.tz = "UTC"
        users = (self.dossier_user, self.dossier_user_2)
        contacts = (
            self.env["dossier.contact"]
            .with_context(tracking_disable=True)
            .create(
                [
                    {
                        "partner_id": self.clients[i % 5].id,
                        "summary": f"Call {i}",
                        "user_id": users[i % 2].id,
                        "state": "planned",
                        "date": NOW + timedelta(days=1 + i % 7),
                    }
                    for i in range(300)
                ]
            )
        )
        done = self.env["dossier.contact"].create(
            {"partner_id": self.clients[0].id, "summary": "Done", "date": NOW}
        )
        # Created in an earlier transaction (see the test below).
        self.env.flush_all()
        self.env.cr.precommit.clear()
        # A planned contact that lost its activity gets it back.
        lost = contacts[-1]
        lost.activity_ids.with_context(dossier_activity_sync=True).unlink()
        moved = contacts | done
        # The contacts' computed activity dates are cached, as in a form.
        self.assertTrue(moved.mapped("activity_date_deadline"))
        moved.with_user(self.dossier_manager).write(
            {"date": datetime(2026, 6, 9, 20, 0)}
        )
        activities = moved.activity_ids
        self.assertEqual(len(activities), len(moved) - 1, "one each, none for done")
        self.assertFalse(done.activity_ids)
        self.assertEqual(len(lost.activity_ids), 1)
        for contact in moved - done:
            # The responsible's day: the next one in Vladivostok.
            local_day = date(2026, 6, 10 if contact.user_id == users[0] else 9)
            self.assertEqual(contact.activity_ids.date_deadline, local_day)
            self.assertEqual(contact.activity_date_deadline, local_day)

    def test_mass_move_queries_do_not_grow(self):
        contacts = (
            self.env["dossier.contact"]
            .with_context(tracking_disable=True)
            .create(
                [
                    {
                        "partner_id": self.clients[i % 5].id,
                        "summary": f"Call {i}",
                        "user_id": self.dossier_user.id,
                        "state": "planned",
                        "date": NOW + timedelta(days=1 + i % 7),
                    }
                    for i in range(350)
                ]
            )
        )
        self.env.flush_all()
        self.env.cr.precommit.clear()
        manager = self.dossier_manager
        contacts[:25].with_user(manager).write({"date": NOW + timedelta(days=9)})
        counts = []
        for batch in (contacts[25:50], contacts[50:]):
            self.env.invalidate_all()
            with self.assertQueryBudget(MASS_MOVE_QUERIES):
                before = self.cr.sql_log_count
                batch.with_user(manager).write({"date": NOW + timedelta(days=10)})
                self.env.flush_all()
                counts.append(self.cr.sql_log_count - before)
        # 25 and 300 contacts: the same queries, but that the ORM updates the
        # contacts' rows in pages of 100.
        self.assertLessEqual(counts[1], counts[0] + 2, counts)

    def test_mass_edit_logs_one_batch_instead_of_tracking_each_contact(self):
        contacts = (
            self.env["dossier.contact"]
            .with_context(tracking_disable=True)
            .create(
                [
                    {
                        "partner_id": self.clients[i % 5].id,
                        "summary": f"Contact {i}",
                        "date": NOW - timedelta(days=1 + i),
                    }
                    for i in range(300)
                ]
            )
            .with_env(self.env)
        )
        # Created in an earlier transaction: Odoo tracks no change of a record
        # created in the same one.
        self.env.flush_all()
        self.env.cr.precommit.clear()
        single = contacts[0]
        contacts = contacts[1:]
        contacts.write({"date": NOW - timedelta(hours=3)})
        single.write({"date": NOW - timedelta(hours=5)})
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        Tracking = self.env["mail.tracking.value"].sudo()
        # One write on one contact is tracked as always.
        self.assertEqual(
            Tracking.search_count([("mail_message_id", "in", single.message_ids.ids)]),
            1,
        )
        # The mass edit: one note per contact, no tracking value.
        messages = contacts.message_ids
        self.assertEqual(len(messages), len(contacts))
        self.assertFalse(
            Tracking.search_count([("mail_message_id", "in", messages.ids)])
        )
        self.assertIn("Changed on 299 contacts at once", messages[0].body)
        self.assertIn("Date", messages[0].body)
        self.assertEqual(set(contacts.mapped("date")), {NOW - timedelta(hours=3)})


@tagged("post_install", "-at_install")
class TestJobConcurrency(TransactionCase):
    """Two runs of the greeting job on the same clients at once, on two real
    database connections (as two Odoo workers), and a run killed in the
    middle: every client is greeted once."""

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    def setUp(self):
        super().setUp()
        # Committed data, as the workers' connections only see that.
        with self.registry.cursor() as cr:
            env = self._env(cr)
            env["dossier.holiday"].search([]).action_archive()
            tag = env["res.partner.category"].create({"name": "Concurrent"})
            clients = env["res.partner"].create(
                [
                    {
                        "name": f"Concurrent Client {i}",
                        "is_company": True,
                        "customer_rank": 1,
                        "category_id": [Command.set(tag.ids)],
                    }
                    for i in range(5)
                ]
            )
            holiday = env["dossier.holiday"].create(
                {
                    "name": "Concurrency Day",
                    "day": 10,
                    "month": "6",
                    "days_ahead": 7,
                    "partner_scope": "selected",
                    "category_ids": [Command.set(tag.ids)],
                    "user_id": env.ref("base.user_admin").id,
                }
            )
            self.tag_id, self.client_ids, self.holiday_id = (
                tag.id,
                clients.ids,
                holiday.id,
            )
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            env["dossier.contact"].search(
                [("holiday_id", "=", self.holiday_id)]
            ).unlink()
            env["dossier.holiday"].browse(self.holiday_id).unlink()
            env["res.partner"].browse(self.client_ids).unlink()
            env["res.partner.category"].browse(self.tag_id).unlink()

    def _run(self, cr, **kwargs):
        holiday = self._env(cr)["dossier.holiday"].browse(self.holiday_id)
        return holiday._plan_greetings(today=date(2026, 6, 5), batch_size=2, **kwargs)

    def test_two_runs_and_a_killed_one_greet_each_client_once(self):
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            # Worker A plans a first batch and has not committed it yet.
            self.assertEqual(self._run(cr_a, time_budget=1e-9), 2)
            # Worker B at the same moment: A holds the holiday, B leaves it.
            self.assertEqual(self._run(cr_b), 0)
            cr_a.commit()
            # B again, in a transaction that began before A's commit (it does
            # not see A's greetings): the unique index refuses them, and B
            # plans nothing rather than failing or duplicating.
            with mute_logger("odoo.sql_db"):
                self.assertEqual(self._run(cr_b), 0)
            cr_b.commit()
            # A is killed before its next batch: its connection closes.
            cr_a.rollback()
        # The next run finishes the job.
        with self.registry.cursor() as cr:
            self.assertEqual(self._run(cr), 3)
        with self.registry.cursor() as cr:
            self.assertEqual(self._run(cr), 0)
            cr.execute(
                "SELECT partner_id FROM dossier_contact WHERE holiday_id = %s",
                [self.holiday_id],
            )
            greeted = Counter(row[0] for row in cr.fetchall())
        self.assertEqual(set(greeted), set(self.client_ids))
        self.assertEqual(set(greeted.values()), {1})
