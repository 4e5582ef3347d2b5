from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from .common import DossierUsersMixin

NOW = datetime(2026, 3, 10, 12, 0)
# Queries to write the dates, then the states, of 1,000 contacts (and their
# clients' dates: one statement for all, see dossier.contact.dates),
# whatever the number of clients.
DATE_WRITE_QUERIES = 12
CANCEL_QUERIES = 13


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestContactDates(DossierUsersMixin, TransactionCase):
    """Last and next contact dates of clients and their people."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_dossier_users()
        Partner = cls.env["res.partner"]
        cls.client = Partner.create({"name": "Northwind", "is_company": True})
        cls.other = Partner.create({"name": "Southwind", "is_company": True})
        cls.person = Partner.create({"name": "Irina", "parent_id": cls.client.id})

    def _contact(self, days, state="done", partner=None, **vals):
        return (
            self.env["dossier.contact"]
            .with_user(self.dossier_user)
            .create(
                {
                    "partner_id": (partner or self.client).id,
                    "summary": "Contact",
                    "date": NOW + timedelta(days=days),
                    "state": state,
                    **vals,
                }
            )
        )

    def assertDates(self, partner, last, upcoming):
        self.assertEqual(partner.dossier_last_contact_date, last and NOW + last)
        self.assertEqual(partner.dossier_next_contact_date, upcoming and NOW + upcoming)

    def test_create_sets_dates_of_client_and_people(self):
        self.assertDates(self.client, False, False)
        self._contact(-5, partner=self.person)
        self._contact(4, state="planned")
        self.assertDates(self.client, timedelta(days=-5), timedelta(days=4))
        self.assertDates(self.person, timedelta(days=-5), timedelta(days=4))

    def test_write_moves_dates(self):
        contact = self._contact(-5)
        planned = self._contact(4, state="planned")
        contact.date = NOW - timedelta(days=1)
        planned.date = NOW + timedelta(days=2)
        self.assertDates(self.client, timedelta(days=-1), timedelta(days=2))

    def test_moving_a_contact_to_another_client(self):
        contact = self._contact(-3)
        contact.partner_id = self.other
        self.assertDates(self.client, False, False)
        self.assertDates(self.other, timedelta(days=-3), False)

    def test_state_changes_cancel_and_unlink(self):
        old = self._contact(-9)
        planned = self._contact(-1, state="planned")
        later = self._contact(6, state="planned")
        self.assertDates(self.client, timedelta(days=-9), timedelta(days=-1))
        planned.action_done()
        self.assertDates(self.client, timedelta(days=-1), timedelta(days=6))
        later.action_cancel()
        self.assertDates(self.client, timedelta(days=-1), False)
        later.action_reset_to_planned()
        self.assertDates(self.client, timedelta(days=-1), timedelta(days=6))
        planned.unlink()
        self.assertDates(self.client, timedelta(days=-9), timedelta(days=6))
        (old | later).unlink()
        self.assertDates(self.client, False, False)

    def test_activity_done_updates_dates(self):
        planned = self._contact(-2, state="planned")
        planned.activity_ids.action_done()
        self.assertDates(self.client, timedelta(days=-2), False)

    def test_person_moving_to_another_company(self):
        # Contacts stay with the client they were logged for; the person's
        # dates follow its current company.
        logged = self._contact(-4, partner=self.person)
        self._contact(-7, partner=self.other)
        self._contact(3, state="planned", partner=self.other)
        self.person.parent_id = self.other
        self.assertEqual(logged.partner_id, self.client)
        self.assertEqual(logged.contact_person_id, self.person)
        self.assertDates(self.client, timedelta(days=-4), False)
        self.assertDates(self.person, timedelta(days=-7), timedelta(days=3))
        self.person.parent_id = False
        self.assertDates(self.person, False, False)

    def test_partner_dates_are_written_in_constant_queries(self):
        """Writing 1,000 contacts recomputes the dates of their clients with a
        number of queries that does not depend on how many contacts each
        client has: 1,000, 100 or 10."""

        def contacts(clients_count):
            clients = self.env["res.partner"].create(
                [
                    {"name": f"Client {i}", "is_company": True}
                    for i in range(clients_count)
                ]
            )
            batch = (
                self.env["dossier.contact"]
                .with_context(tracking_disable=True)
                .create(
                    [
                        {
                            "partner_id": clients[i % clients_count].id,
                            "summary": f"Contact {i}",
                            "date": NOW - timedelta(days=1 + i % 300),
                        }
                        for i in range(1000)
                    ]
                )
            )
            return batch, clients

        # The first run warms the caches up; then 1, 10 or 100 clients take the
        # same queries: a handful per 100 contacts written (under 40), none
        # per client.
        for clients_count, measured in (
            (10, False),
            (1, True),
            (10, True),
            (100, True),
        ):
            batch, clients = contacts(clients_count)
            self.env.invalidate_all()
            with self.assertQueryBudget((measured and DATE_WRITE_QUERIES) or None):
                batch.write({"date": NOW - timedelta(hours=3)})
            self.assertEqual(
                set(clients.mapped("dossier_last_contact_date")),
                {NOW - timedelta(hours=3)},
            )
            self.env.invalidate_all()
            with self.assertQueryBudget((measured and CANCEL_QUERIES) or None):
                batch.write({"state": "cancelled"})
            self.assertEqual(set(clients.mapped("dossier_last_contact_date")), {False})
