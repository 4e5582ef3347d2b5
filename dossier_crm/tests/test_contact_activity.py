from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import DossierCase

NOW = datetime(2026, 3, 10, 12, 0)
# Queries to move, then cancel, planned contacts and their activities: the
# same for 5 and 50 contacts.
SYNC_QUERIES = 21


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestContactActivity(DossierCase):
    """A planned contact and its activity stay in step both ways."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activity_type = cls.env.ref(
            "dossier_crm.mail_activity_type_dossier_contact"
        )

    def _plan(self, user=None, days=3, **vals):
        user = user or self.dossier_user
        return (
            self.env["dossier.contact"]
            .with_user(user)
            .create(
                {
                    "partner_id": self.client.id,
                    "summary": "Call about the spring training",
                    "date": NOW + timedelta(days=days),
                    "state": "planned",
                    **vals,
                }
            )
        )

    def _activity(self, contact):
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [("res_model", "=", "dossier.contact"), ("res_id", "=", contact.id)]
            )
        )

    def test_planned_contact_creates_activity_for_responsible(self):
        contact = self._plan()
        activity = self._activity(contact)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.dossier_user)
        self.assertEqual(activity.activity_type_id, self.activity_type)
        self.assertEqual(activity.date_deadline, (NOW + timedelta(days=3)).date())
        # With whom, in the activity lists and the systray.
        self.assertEqual(
            activity.summary,
            f"{contact.partner_id.display_name}: Call about the spring training",
        )
        self.assertEqual(activity.dossier_contact_id, contact)
        # It is among the responsible's own activities.
        mine = (
            self.env["mail.activity"]
            .with_user(self.dossier_user)
            .search([("user_id", "=", self.dossier_user.id)])
        )
        self.assertIn(activity, mine)

    def test_done_or_unassigned_contact_has_no_activity(self):
        done = self._plan(days=-1, state="done")
        unassigned = self._plan(user_id=False)
        self.assertFalse(self._activity(done))
        self.assertFalse(self._activity(unassigned))

    def test_activity_done_marks_contact_done_and_stamps_date(self):
        contact = self._plan(days=2)
        activity = self._activity(contact)
        activity.with_user(self.dossier_user).action_feedback(feedback="Reached him")
        self.assertEqual(contact.state, "done")
        # Done ahead of its planned date: it happened now, not in the future.
        self.assertEqual(contact.date, NOW)
        self.assertFalse(activity.exists())
        self.assertIn(
            "Reached him", "".join(contact.message_ids.mapped("body")), "feedback"
        )

    def test_overdue_activity_done_keeps_the_planned_date(self):
        planned_date = NOW - timedelta(days=2)
        contact = self._plan(days=-2)
        self._activity(contact).with_user(self.dossier_user).action_done()
        self.assertEqual(contact.state, "done")
        self.assertEqual(contact.date, planned_date)

    def test_activity_done_by_assignee_without_write_access(self):
        # A manager plans a contact and gives it to a user who cannot change
        # it through the record rules: the user still closes it.
        contact = self._plan(user=self.dossier_manager, user_id=self.dossier_user.id)
        contact.sudo().write({"create_uid": self.dossier_manager.id})
        activity = self._activity(contact)
        self.assertEqual(activity.user_id, self.dossier_user)
        activity.with_user(self.dossier_user).action_done()
        self.assertEqual(contact.state, "done")

    def test_contact_done_marks_activity_done(self):
        contact = self._plan(days=1)
        activity = self._activity(contact)
        contact.with_user(self.dossier_user).action_done()
        self.assertEqual(contact.state, "done")
        self.assertEqual(contact.date, NOW)
        self.assertFalse(activity.exists())
        done_messages = contact.message_ids.filtered(
            lambda m: m.mail_activity_type_id == self.activity_type
        )
        self.assertTrue(done_messages, "marking done is logged as a done activity")

    def test_contact_cancelled_removes_activity_and_reset_recreates_it(self):
        contact = self._plan()
        activity = self._activity(contact)
        contact.with_user(self.dossier_user).action_cancel()
        self.assertEqual(contact.state, "cancelled")
        self.assertFalse(activity.exists())
        contact.with_user(self.dossier_user).action_reset_to_planned()
        self.assertEqual(contact.state, "planned")
        self.assertEqual(len(self._activity(contact)), 1)

    def test_activity_cancelled_cancels_contact(self):
        contact = self._plan()
        self._activity(contact).with_user(self.dossier_user).unlink()
        self.assertEqual(contact.state, "cancelled")

    def test_moving_date_or_responsible_moves_activity(self):
        contact = self._plan(days=3)
        activity = self._activity(contact)
        contact.with_user(self.dossier_user).date = NOW + timedelta(days=10)
        self.assertEqual(activity.date_deadline, (NOW + timedelta(days=10)).date())
        contact.with_user(self.dossier_user).write(
            {"user_id": self.dossier_user_2.id, "summary": "Visit instead"}
        )
        self.assertEqual(activity.user_id, self.dossier_user_2)
        self.assertEqual(
            activity.summary, f"{contact.partner_id.display_name}: Visit instead"
        )
        self.assertEqual(self._activity(contact), activity, "moved, not duplicated")
        contact.user_id = False
        self.assertFalse(activity.exists())

    def test_deadline_is_the_responsible_local_day(self):
        self.dossier_user.tz = "Asia/Vladivostok"  # UTC+10
        contact = self._plan(date=datetime(2026, 3, 12, 20, 0))
        self.assertEqual(
            self._activity(contact).date_deadline, fields.Date.to_date("2026-03-13")
        )

    def test_deleting_contact_deletes_activity(self):
        contact = self._plan()
        activity = self._activity(contact)
        contact.unlink()
        self.assertFalse(activity.exists())

    def test_activities_are_synced_in_batch(self):
        def plan(count):
            client = self.env["res.partner"].create({"name": "Batch client"})
            return self.env["dossier.contact"].create(
                [
                    {
                        "partner_id": client.id,
                        "summary": f"Call {i}",
                        "date": NOW + timedelta(days=1 + i % 5),
                        "state": "planned",
                        "user_id": self.dossier_user.id,
                    }
                    for i in range(count)
                ]
            )

        # The first run warms the caches (activity type, model ids) up; then
        # 5 and 50 contacts take the same queries.
        for planned, budget in (
            (plan(5), None),
            (plan(5), SYNC_QUERIES),
            (plan(50), SYNC_QUERIES),
        ):
            # Tracking posts a message per record by design; measure the rest.
            contacts = planned.with_context(tracking_disable=True)
            self.env.invalidate_all()
            with self.assertQueryBudget(budget):
                contacts.write({"date": NOW + timedelta(days=20)})
                contacts.write({"state": "cancelled"})
