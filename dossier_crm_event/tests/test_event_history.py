from odoo.tests import tagged

from ..hooks import uninstall_hook
from ..models.event_registration import PARTNER_INDEX
from .common import EventDossierCase

KINDS = ("event_registered", "event_attended")


@tagged("post_install", "-at_install")
class TestEventHistory(EventDossierCase):
    """Registrations in the client history, with the registrations' rights."""

    def _lines(self, user=None, client=None):
        History = self.env["dossier.history"]
        if user:
            History = History.with_user(user)
        return History.search(
            [("partner_id", "=", (client or self.client).id), ("kind", "in", KINDS)]
        )

    def test_registered_and_attended_lines(self):
        attended = self._register(self.person, "done")
        registered = self._register(self.client, "open", self.next_event)
        cancelled = self._register(self.person_2, "cancel")
        draft = self._register(self.person_2, "draft", self.next_event)
        self._register(self.other_person, "done")
        self.env.flush_all()
        lines = self._lines(self.event_dossier_user)
        self.assertEqual(
            sorted((line.kind, line.res_id) for line in lines),
            sorted(
                [
                    ("event_attended", attended.id),
                    ("event_registered", attended.id),
                    ("event_registered", registered.id),
                ]
            ),
        )
        self.assertNotIn(cancelled.id, lines.mapped("res_id"))
        self.assertNotIn(draft.id, lines.mapped("res_id"))
        line = lines.filtered(lambda line: line.kind == "event_attended")
        self.assertEqual(line.id, attended.id * 100 + 21)
        self.assertEqual(line.res_model, "event.registration")
        self.assertEqual(line.person_id, self.person)
        self.assertEqual(line.user_id, self.organiser)
        self.assertEqual(line.name, self.event.name)
        self.assertEqual(line.date, attended.date_closed)
        own = lines.filtered(lambda line: line.res_id == registered.id)
        self.assertFalse(own.person_id, "the client itself is no person")
        self.assertEqual(own.id, registered.id * 100 + 20)

    def test_attendance_entered_later_dates_the_registration(self):
        registration = self._register(self.person, "done")
        registration.date_closed = self.event.date_end
        self.env.flush_all()
        registered = self._lines().filtered(
            lambda line: line.kind == "event_registered"
        )
        self.assertEqual(registered.date, self.event.date_end)

    def test_lines_need_the_registrations_rights(self):
        self._register(self.person, "done")
        self.env.flush_all()
        self.assertFalse(self._lines(self.dossier_user))
        self.assertEqual(len(self._lines(self.event_dossier_user)), 2)

    def test_lines_follow_the_registrations_company_rule(self):
        other_company = self.env["res.company"].create({"name": "Other Firm"})
        event = self.event.copy({"company_id": other_company.id})
        hidden = self._register(self.person, "done", event)
        shown = self._register(self.person_2, "done")
        self.env.flush_all()
        lines = self._lines(self.event_dossier_user)
        self.assertEqual(set(lines.mapped("res_id")), {shown.id})
        self.assertIn(hidden.id, self._lines().mapped("res_id"))

    def test_uninstall_rebuilds_the_view_without_events(self):
        self._register(self.person, "done")
        contact = self.Contact.create(
            {"partner_id": self.client.id, "summary": "Call", "state": "done"}
        )
        self.env.flush_all()
        uninstall_hook(self.env)
        History = self.env["dossier.history"]
        self.assertFalse(History.search([("kind", "in", KINDS)]))
        self.assertTrue(
            History.search([("kind", "=", "contact"), ("res_id", "=", contact.id)])
        )
        self.cr.execute(
            "SELECT 1 FROM pg_indexes WHERE indexname = %s", [PARTNER_INDEX]
        )
        self.assertFalse(self.cr.fetchall(), "its index on event's table is gone")
        History.init()
        self.assertEqual(len(self._lines()), 2)
