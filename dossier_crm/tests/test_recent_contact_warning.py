from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import Form, TransactionCase, tagged

from .common import DossierUsersMixin

NOW = datetime(2026, 3, 10, 12, 0)


# Queries to compute the warning of a batch of clients (at most 10); one of
# them reads the participants, who may read a contact.
WARNING_QUERIES = 9


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestRecentContactWarning(DossierUsersMixin, TransactionCase):
    """Nobody calls a client twice: colleagues' recent and planned contacts
    are shown to whoever opens the client or plans a contact with it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_dossier_users()
        cls.user_a = cls.dossier_user_2  # Anna Colleague
        cls.user_b = cls.dossier_user  # Boris User
        cls.client = cls.env["res.partner"].create(
            {"name": "Northwind Consulting", "is_company": True}
        )
        cls.person = cls.env["res.partner"].create(
            {"name": "Irina Volkova", "parent_id": cls.client.id}
        )
        cls.env["ir.config_parameter"].sudo().set_param(
            "dossier_crm.recent_contact_days", "7"
        )

    def _log(self, user, days_ago=2, **vals):
        return (
            self.env["dossier.contact"]
            .with_user(user)
            .create(
                {
                    "partner_id": self.client.id,
                    "summary": "Client called about the offer",
                    "channel": "phone",
                    "direction": "inbound",
                    "date": NOW - timedelta(days=days_ago),
                    **vals,
                }
            )
        )

    def _plan(self, user, days=3, **vals):
        return self._log(
            user, days_ago=-days, state="planned", direction="outbound", **vals
        )

    def _client_warning(self, user, partner=None):
        # Computed when read, never stored: as if the form were opened anew.
        self.env.invalidate_all()
        return (partner or self.client).with_user(user).dossier_recent_contact_warning

    def test_warning_for_b_after_a_logs_inbound_call(self):
        self._log(self.user_a)
        expected = "Inbound phone call 2 days ago, logged by Anna Colleague"
        self.assertIn(expected, self._client_warning(self.user_b))
        # B plans a call: the new contact's form warns as well.
        with Form(self.env["dossier.contact"].with_user(self.user_b)) as form:
            form.partner_id = self.person
            form.summary = "Call to send the offer"
            form.date = NOW + timedelta(days=1)
            self.assertEqual(form.state, "planned", "a future contact is planned")
            self.assertIn(expected, form.recent_contact_warning)
        planned = form.record
        self.assertIn(expected, planned.with_user(self.user_b).recent_contact_warning)

    def test_no_warning_for_ones_own_contacts(self):
        self._log(self.user_a)
        self._plan(self.user_a)
        self.assertFalse(self._client_warning(self.user_a))
        planned = self._plan(self.user_a, days=5)
        self.assertFalse(planned.with_user(self.user_a).recent_contact_warning)

    def test_planned_contact_of_colleague_is_shown(self):
        self._plan(self.user_a, days=3, channel="meeting")
        self.assertEqual(
            self._client_warning(self.user_b),
            "Meeting planned in 3 days by Anna Colleague",
        )

    def test_person_form_shows_its_company_warning(self):
        self._log(self.user_a, days_ago=0)
        self.assertEqual(
            self._client_warning(self.user_b, self.person),
            "Inbound phone call today, logged by Anna Colleague",
        )

    def test_window_comes_from_the_setting(self):
        self._log(self.user_a, days_ago=5)
        self.assertTrue(self._client_warning(self.user_b))
        self.env["ir.config_parameter"].sudo().set_param(
            "dossier_crm.recent_contact_days", "3"
        )
        self.assertFalse(self._client_warning(self.user_b))
        self._log(self.user_a, days_ago=1, channel="letter")
        self.assertEqual(
            self._client_warning(self.user_b),
            "Incoming letter yesterday, logged by Anna Colleague",
        )

    def test_cancelled_and_old_contacts_do_not_warn(self):
        self._log(self.user_a, days_ago=30)
        self._plan(self.user_a).action_cancel()
        self.assertFalse(self._client_warning(self.user_b))

    def test_confidential_contacts_are_counted_not_described(self):
        self._log(self.user_a, confidentiality="private", summary="Secret talk")
        self._log(self.user_a, confidentiality="managers", channel="meeting")
        warning_b = self._client_warning(self.user_b)
        self.assertNotIn("Anna Colleague", warning_b)
        self.assertNotIn("Secret", warning_b)
        self.assertIn("2 confidential contacts", warning_b)
        warning_manager = self._client_warning(self.dossier_manager)
        self.assertIn(
            "Meeting at the client's request 2 days ago, logged by Anna Colleague",
            warning_manager,
        )
        self.assertIn("1 confidential contact by a colleague", warning_manager)

    def test_done_contacts_do_not_warn_on_their_own_form(self):
        self._log(self.user_a)
        own_log = self._log(self.user_b, days_ago=1)
        self.assertFalse(own_log.with_user(self.user_b).recent_contact_warning)

    def test_warning_is_computed_in_batch(self):
        def clients(count):
            partners = self.env["res.partner"].create(
                [{"name": f"Client {i}", "is_company": True} for i in range(count)]
            )
            self.env["dossier.contact"].with_user(self.user_a).create(
                [
                    {
                        "partner_id": partner.id,
                        "summary": "Call",
                        "date": NOW - timedelta(days=1),
                    }
                    for partner in partners
                ]
            )
            return partners.with_user(self.user_b)

        # The first run warms the caches up; then 3 and 30 clients take the
        # same queries, 10 at most.
        for partners, budget in (
            (clients(3), None),
            (clients(3), WARNING_QUERIES),
            (clients(30), WARNING_QUERIES),
        ):
            self.env.invalidate_all()
            with self.assertQueryBudget(budget):
                warnings = partners.mapped("dossier_recent_contact_warning")
            self.assertTrue(all(warnings))
