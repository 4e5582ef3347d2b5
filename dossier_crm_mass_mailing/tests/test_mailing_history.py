from datetime import timedelta

from odoo.tests import tagged

from ..hooks import uninstall_hook
from ..models.mailing_trace import EMAIL_INDEX as TRACE_INDEX
from ..models.res_partner import EMAIL_INDEX as PARTNER_INDEX
from .common import MailingDossierCase

KINDS = ("mailing_sent", "mailing_opened", "mailing_clicked", "mailing_bounced")


@tagged("post_install", "-at_install")
class TestMailingHistory(MailingDossierCase):
    """Mailings in the client history, with the mailings' rights."""

    def _lines(self, user=None, client=None):
        History = self.env["dossier.history"]
        if user:
            History = History.with_user(user)
        return History.search(
            [("partner_id", "=", (client or self.client).id), ("kind", "in", KINDS)]
        )

    def test_sent_opened_clicked_bounced_lines(self):
        opened_at = self.sent_at + timedelta(hours=1)
        clicked_at = self.sent_at + timedelta(hours=2)
        clicked = self._trace(
            "irina@northwind.example.com",
            "open",
            open_datetime=opened_at,
            links_click_datetime=clicked_at,
        )
        bounced = self._trace("pyotr@northwind.example.com", "bounce")
        self._trace("pyotr@northwind.example.com", "outgoing")
        self._trace("oleg@southwind.example.com", "sent")
        self.env.flush_all()
        lines = self._lines(self.marketer)
        self.assertEqual(
            sorted((line.kind, line.res_id, line.date) for line in lines),
            sorted(
                [
                    ("mailing_sent", clicked.id, self.sent_at),
                    ("mailing_opened", clicked.id, opened_at),
                    ("mailing_clicked", clicked.id, clicked_at),
                    ("mailing_sent", bounced.id, self.sent_at),
                    ("mailing_bounced", bounced.id, self.sent_at),
                ]
            ),
        )
        line = lines.filtered(lambda line: line.kind == "mailing_clicked")
        self.assertEqual(line.id, clicked.id * 100 + 32)
        self.assertEqual(line.res_model, "mailing.trace")
        self.assertEqual(line.person_id, self.person)
        self.assertEqual(line.user_id, self.marketer)
        self.assertEqual(line.name, self.mailing.subject)
        bounce = lines.filtered(lambda line: line.kind == "mailing_bounced")
        self.assertEqual(bounce.id, bounced.id * 100 + 33)
        self.assertEqual(bounce.person_id, self.person_2)
        # The line opens its trace.
        action = line.with_user(self.marketer).action_open_record()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("mailing.trace", clicked.id)
        )

    def test_lines_need_email_marketing_rights(self):
        self._trace("irina@northwind.example.com", "open")
        self.env.flush_all()
        self.assertFalse(self._lines(self.dossier_user))
        self.assertEqual(len(self._lines(self.marketer)), 1)

    def test_uninstall_rebuilds_the_view_without_mailings(self):
        self._trace("irina@northwind.example.com", "sent")
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
            "SELECT indexname FROM pg_indexes WHERE indexname IN %s",
            [(TRACE_INDEX, PARTNER_INDEX)],
        )
        self.assertFalse(self.cr.fetchall(), "its indexes on others' tables are gone")
        History.init()
        self.assertEqual(len(self._lines()), 1)
