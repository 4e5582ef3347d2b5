from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MailingDossierCase


@tagged("post_install", "-at_install")
class TestMailingDossier(MailingDossierCase):
    """The mailings of the client's people on the Dossier tab."""

    def _shown(self, partner, user=None):
        return partner.with_user(user or self.marketer).dossier_mailing_trace_ids

    def test_dossier_tab_lists_the_people_mailings(self):
        older = self.env["mailing.mailing"].create(
            {
                "subject": "Winter greetings",
                "mailing_model_id": self.env.ref("base.model_res_partner").id,
                "body_html": "<p>Hello</p>",
            }
        )
        opened = self._trace(
            "irina@northwind.example.com",
            "open",
            open_datetime=self.sent_at + timedelta(hours=1),
            links_click_datetime=self.sent_at + timedelta(hours=2),
        )
        # Sent to a mailing list's contact: the address tells who it is.
        listed = self._trace(
            "pyotr@northwind.example.com",
            "bounce",
            model="mailing.contact",
            sent_datetime=self.sent_at - timedelta(days=30),
            mailing=older,
        )
        self._trace("irina@northwind.example.com", "outgoing", mailing=older)
        self._trace("oleg@southwind.example.com", "open")
        self._trace("stranger@example.com", "sent")
        for partner in (self.client, self.person):
            self.assertEqual(self._shown(partner).ids, [opened.id, listed.id])
        self.assertEqual(
            self._shown(self.other_client).email, "oleg@southwind.example.com"
        )

    def test_shared_address_belongs_to_its_first_partner(self):
        self.other_person.email = "irina@northwind.example.com"
        trace = self._trace("irina@northwind.example.com")
        self.assertEqual(self._shown(self.client), trace)
        self.assertFalse(self._shown(self.other_client))
        # Archived, the first partner no longer receives anything.
        self.person.active = False
        self.env.invalidate_all()
        self.assertEqual(self._shown(self.other_client), trace)

    def test_dossier_tab_needs_email_marketing_rights(self):
        self._trace("irina@northwind.example.com")
        with self.assertRaises(AccessError):
            self.client.with_user(self.dossier_user).read(["dossier_mailing_trace_ids"])

    def test_dossier_tab_queries_do_not_grow_with_clients(self):
        for email in (
            "irina@northwind.example.com",
            "pyotr@northwind.example.com",
            "oleg@southwind.example.com",
        ):
            self._trace(email, "open")
        Partner = self.env["res.partner"].with_user(self.marketer)
        counts = []
        for shown in (self.client, self.client, self.client | self.other_client):
            partners = Partner.browse(shown.ids)
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            partners.read(["dossier_mailing_trace_ids"])
            counts.append(self.cr.sql_log_count - before)
        self.assertEqual(counts[1], counts[2])
