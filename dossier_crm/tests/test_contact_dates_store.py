import threading
from datetime import date, datetime, timedelta

from freezegun import freeze_time
from lxml import etree
from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import dateutil, safe_eval

from .common import DossierUsersMixin

NOW = datetime(2026, 3, 10, 12, 0)


def stored_dates(env, clients):
    """{(client, company): (last, next)} as the table holds them."""
    env.cr.execute(
        "SELECT partner_id, company_id, last_date, next_date "
        "FROM dossier_contact_dates WHERE partner_id = ANY(%s)",
        [list(clients.ids)],
    )
    return {
        (partner, company): (last, upcoming)
        for partner, company, last, upcoming in env.cr.fetchall()
    }


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestContactDatesStore(DossierUsersMixin, TransactionCase):
    """The last and next contact dates of each client and company
    (dossier.contact.dates) follow every change of its contacts, and the
    client filters read them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_dossier_users()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Firm B"})
        Partner = cls.env["res.partner"]
        cls.client = Partner.create({"name": "Northwind", "is_company": True})
        cls.other = Partner.create({"name": "Southwind", "is_company": True})
        cls.person = Partner.create({"name": "Irina", "parent_id": cls.client.id})
        cls.user_ab = new_test_user(
            cls.env,
            login="dossier_ab",
            name="Vera Both",
            groups="base.group_user,dossier_crm.group_dossier_user",
            company_id=cls.company_a.id,
            company_ids=[Command.set((cls.company_a | cls.company_b).ids)],
        )

    def _contact(self, days, state="done", partner=None, **vals):
        # As superuser: some are logged in company B, outside the user's.
        return self.env["dossier.contact"].create(
            {
                "partner_id": (partner or self.client).id,
                "summary": "Contact",
                "date": NOW + timedelta(days=days),
                "state": state,
                "user_id": self.user_ab.id,
                **vals,
            }
        )

    def assertStored(self, expected, clients=None):
        """The table's rows of ``clients`` (default: both), as day offsets
        from NOW, company A unless a company is given in the key."""

        def when(days):
            return None if days is None else NOW + timedelta(days=days)

        rows = {
            (key if isinstance(key, tuple) else (key, self.company_a)): (
                when(last),
                when(upcoming),
            )
            for key, (last, upcoming) in expected.items()
        }
        self.assertEqual(
            stored_dates(self.env, clients or self.client | self.other),
            {
                (partner.id, company.id): dates
                for (partner, company), dates in rows.items()
            },
        )

    def test_create_write_state_and_unlink(self):
        self.assertStored({})
        old = self._contact(-9, partner=self.person)
        self.assertStored({self.client: (-9, None)})
        planned = self._contact(-1, state="planned")
        later = self._contact(6, state="planned")
        self.assertStored({self.client: (-9, -1)})
        old.date = NOW - timedelta(days=5)
        self.assertStored({self.client: (-5, -1)})
        planned.action_done()
        self.assertStored({self.client: (-1, 6)})
        later.action_cancel()
        self.assertStored({self.client: (-1, None)})
        later.action_reset_to_planned()
        self.assertStored({self.client: (-1, 6)})
        planned.unlink()
        self.assertStored({self.client: (-5, 6)})
        (old | later).unlink()
        # The row stays, with no date: the client has no contact left.
        self.assertStored({self.client: (None, None)})
        self.assertFalse(self.client.dossier_last_contact_date)

    def test_moving_contacts_to_another_client_and_company(self):
        first = self._contact(-3)
        second = self._contact(-7)
        first.partner_id = self.other
        self.assertStored({self.client: (-7, None), self.other: (-3, None)})
        second.write({"partner_id": self.other.id, "company_id": self.company_b.id})
        self.assertStored(
            {
                self.client: (None, None),
                self.other: (-3, None),
                (self.other, self.company_b): (-7, None),
            }
        )
        # Many contacts of several clients at once: one statement.
        (first | second).write({"partner_id": self.client.id})
        self.assertEqual(
            stored_dates(self.env, self.client)[self.client.id, self.company_b.id],
            (NOW - timedelta(days=7), None),
        )

    def test_planner_batch_insert_updates_the_dates(self):
        self._contact(-4)
        Contact = self.env["dossier.contact"].with_user(self.dossier_user)
        day = date(2026, 3, 20)
        Contact._plan_contacts(
            [
                {
                    "partner": partner,
                    "users": self.dossier_user,
                    "date": datetime.combine(day, datetime.min.time()),
                    "summary": "Greeting",
                    "company": self.company_a,
                }
                for partner in (self.person, self.other)
            ],
            "test batch",
        )
        self.assertStored({self.client: (-4, 9.5), self.other: (None, 9.5)})
        self.assertEqual(
            self.other.dossier_next_contact_date, datetime(2026, 3, 20, 0, 0)
        )

    def test_multi_company_client_is_read_per_readers_companies(self):
        self._contact(-20)
        self._contact(-2, company_id=self.company_b.id)
        self._contact(5, state="planned", company_id=self.company_b.id)
        self._contact(9, state="planned")
        self.assertStored(
            {self.client: (-20, 9), (self.client, self.company_b): (-2, 5)},
            self.client,
        )
        # A user of company A reads company A's dates; one of both firms the
        # latest and the soonest of the two.
        in_a = self.client.with_user(self.dossier_user)
        self.assertEqual(in_a.dossier_last_contact_date, NOW - timedelta(days=20))
        self.assertEqual(in_a.dossier_next_contact_date, NOW + timedelta(days=9))
        both = self.person.with_user(self.user_ab).with_context(
            allowed_company_ids=(self.company_a | self.company_b).ids
        )
        self.assertEqual(both.dossier_last_contact_date, NOW - timedelta(days=2))
        self.assertEqual(both.dossier_next_contact_date, NOW + timedelta(days=5))
        only_b = both.with_context(allowed_company_ids=self.company_b.ids)
        self.assertEqual(only_b.dossier_next_contact_date, NOW + timedelta(days=5))

    def _filter(self, name, user, companies):
        """The partners of the test that the search view's filter ``name``
        finds for ``user`` working in ``companies``."""
        Partner = self.env["res.partner"].with_user(user)
        Partner = Partner.with_context(allowed_company_ids=companies.ids)
        arch = Partner.get_views([(False, "search")])["views"]["search"]["arch"]
        node = etree.fromstring(arch).find(f".//filter[@name='{name}']")
        domain = safe_eval(
            node.get("domain"),
            {
                "context_today": NOW.date,
                "relativedelta": dateutil.relativedelta.relativedelta,
            },
        )
        partners = self.client | self.other | self.person
        return Partner.search([("id", "in", partners.ids), *domain])

    def test_filters_follow_the_readers_companies(self):
        both = self.company_a | self.company_b
        # Never contacted: both clients, not the person (not a client).
        self.assertEqual(
            self._filter("dossier_not_contacted_30", self.user_ab, both),
            self.client | self.other,
        )
        self._contact(-40)
        self._contact(-10, partner=self.other, company_id=self.company_b.id)
        self._contact(-100, partner=self.other)
        for name, user, companies, expected in (
            ("dossier_not_contacted_30", self.user_ab, both, self.client),
            (
                "dossier_not_contacted_30",
                self.user_ab,
                self.company_a,
                self.client | self.other,
            ),
            ("dossier_not_contacted_90", self.user_ab, self.company_a, self.other),
            ("dossier_not_contacted_90", self.user_ab, both, self.env["res.partner"]),
        ):
            with self.subTest(filter=name, companies=companies.mapped("name")):
                self.assertEqual(self._filter(name, user, companies), expected)
        self.assertFalse(
            self._filter("dossier_has_planned_contact", self.user_ab, both)
        )
        self._contact(
            3, state="planned", partner=self.other, company_id=self.company_b.id
        )
        self.assertEqual(
            self._filter("dossier_has_planned_contact", self.user_ab, both), self.other
        )
        self.assertFalse(
            self._filter("dossier_has_planned_contact", self.user_ab, self.company_a)
        )
        # The other comparisons, with the person following its client.
        Partner = self.env["res.partner"].with_user(self.dossier_user)
        people = self.client | self.other | self.person
        for domain, expected in (
            (
                [("dossier_last_contact_date", ">", NOW - timedelta(days=50))],
                self.client | self.person,
            ),
            (
                [("dossier_last_contact_date", "<=", NOW - timedelta(days=40))],
                self.client | self.other | self.person,
            ),
            (
                [("dossier_last_contact_date", "<", NOW - timedelta(days=40))],
                self.other,
            ),
            ([("dossier_last_contact_date", "!=", False)], people),
            ([("dossier_next_contact_date", "=", False)], people),
        ):
            with self.subTest(domain=domain):
                self.assertEqual(
                    Partner.search([("id", "in", people.ids), *domain]), expected
                )

    def test_days_without_contact_are_the_readers_days(self):
        """The days since the last contact count the reader's days (his time
        zone), from the latest of his companies; a search counts a client
        never contacted as more days than any."""
        # 23:30 UTC 20 days ago: already the next day in Moscow (UTC+3).
        self._contact(-20, date=datetime(2026, 2, 18, 23, 30))
        self._contact(-2, partner=self.other, company_id=self.company_b.id)
        self._contact(-100, partner=self.other)
        never = self.env["res.partner"].create({"name": "Eastwind", "is_company": True})
        people = self.client | self.other | self.person | never
        both = self.company_a | self.company_b
        for tz, companies, expected in (
            ("UTC", self.company_a, {self.client: 20, self.other: 100}),
            ("Europe/Moscow", self.company_a, {self.client: 19, self.other: 100}),
            ("UTC", both, {self.client: 20, self.other: 2}),
        ):
            Partner = (
                self.env["res.partner"]
                .with_user(self.user_ab)
                .with_context(tz=tz, allowed_company_ids=companies.ids)
            )
            days = {**expected, self.person: expected[self.client], never: False}
            with self.subTest(tz=tz, companies=companies.mapped("name")):
                # Never contacted reads 0: an integer field has no empty value.
                self.assertEqual(
                    {
                        p: p.dossier_days_without_contact
                        for p in Partner.browse(people.ids)
                    },
                    {Partner.browse(p.id): d or 0 for p, d in days.items()},
                )
                # Each comparison finds what the field shows, never contacted
                # counting as more days than any.
                for operator, value in (
                    (">", 19),
                    (">", 20),
                    (">=", 20),
                    ("<", 20),
                    ("<=", 20),
                    ("=", 20),
                    ("!=", 20),
                    ("=", 100),
                    ("=", False),
                    ("!=", False),
                ):
                    found = Partner.search(
                        [
                            ("id", "in", people.ids),
                            ("dossier_days_without_contact", operator, value),
                        ]
                    )
                    shown = {
                        p for p, d in days.items() if self._compares(d, operator, value)
                    }
                    self.assertEqual(
                        set(found),
                        {Partner.browse(p.id) for p in shown},
                        f"{operator} {value}",
                    )
        with self.assertRaisesRegex(UserError, "compared with a number"):
            self.env["res.partner"].search(
                [("dossier_days_without_contact", ">", "soon")]
            )
        # Who may not read the field may not search it either.
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.plain_user).search(
                [("dossier_days_without_contact", ">", 30)]
            )

    @staticmethod
    def _compares(days, operator, value):
        """Whether a client showing ``days`` passes ``operator value``, a
        client never contacted (False) having more days than any."""
        if value is False:
            return (days is False) == (operator == "=")
        if days is False:
            return operator in (">", ">=", "!=")
        return {
            ">": days > value,
            ">=": days >= value,
            "<": days < value,
            "<=": days <= value,
            "=": days == value,
            "!=": days != value,
        }[operator]

    def test_filters_are_subqueries_on_the_dates_not_the_contacts(self):
        """The filters give PostgreSQL one subquery on the dates per client
        and company: never the contacts, nor the ids of matching clients."""
        Partner = self.env["res.partner"].with_user(self.dossier_user)
        for domain in (
            [("dossier_last_contact_date", "=", False)],
            [("dossier_last_contact_date", "<", NOW)],
            [("dossier_last_contact_date", "=", NOW)],
            [("dossier_next_contact_date", "!=", False)],
            [("dossier_days_without_contact", ">", 30)],
        ):
            with self.subTest(domain=domain):
                sql = Partner._search(domain).select()
                self.assertIn('"dossier_contact_dates"', sql.code)
                self.assertNotIn("dossier_contact ", sql.code)
                self.assertFalse([p for p in sql.params if isinstance(p, list)])

    def test_fill_repairs_rows_changed_in_sql(self):
        """The module's update recomputes every row, in one statement: data
        loaded in SQL gets its dates."""
        kept = self._contact(-3)
        dropped = self._contact(-6, partner=self.other)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE dossier_contact SET date = %s WHERE id = %s",
            [NOW - timedelta(days=1), kept.id],
        )
        self.env.cr.execute("DELETE FROM dossier_contact WHERE id = %s", [dropped.id])
        self.env.cr.execute(
            "DELETE FROM dossier_contact_dates WHERE partner_id = %s", [self.client.id]
        )
        self.env["dossier.contact.dates"]._dossier_fill()
        self.assertStored({self.client: (-1, None), self.other: (None, None)})

    def test_merging_clients_merges_their_dates(self):
        self._contact(-3)
        self._contact(4, state="planned")
        self._contact(-1, partner=self.other)
        self._contact(-2, partner=self.other, company_id=self.company_b.id)
        wizard = self.env["base.partner.merge.automatic.wizard"].create({})
        wizard._merge((self.client | self.other).ids, self.client)
        self.assertFalse(self.other.exists())
        self.assertEqual(
            stored_dates(self.env, self.client),
            {
                (self.client.id, self.company_a.id): (
                    NOW - timedelta(days=1),
                    NOW + timedelta(days=4),
                ),
                (self.client.id, self.company_b.id): (NOW - timedelta(days=2), None),
            },
        )


@tagged("post_install", "-at_install")
class TestContactDatesConcurrency(TransactionCase):
    """Two transactions (two Odoo workers, on two real connections) changing
    contacts of the same client: neither loses the other's date nor makes a
    second row."""

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            self.client_id = (
                self._env(cr)["res.partner"]
                .create({"name": "Concurrent Dates", "is_company": True})
                .id
            )
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            env["dossier.contact"].search(
                [("partner_id", "=", self.client_id)]
            ).unlink()
            env["res.partner"].browse(self.client_id).unlink()

    def _log(self, cr, days):
        now = fields.Datetime.now()
        self._env(cr)["dossier.contact"].create(
            {
                "partner_id": self.client_id,
                "summary": f"Call {days}",
                "date": now - timedelta(days=days),
            }
        )
        return now - timedelta(days=days)

    def _rows(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT last_date FROM dossier_contact_dates WHERE partner_id = %s",
                [self.client_id],
            )
            return [row[0] for row in cr.fetchall()]

    def test_two_workers_log_contacts_of_one_client(self):
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            # B's transaction has begun (its snapshot is taken) when A logs
            # the latest contact, the client's first row, and commits.
            self._env(cr_b)["res.partner"].browse(self.client_id).read(["name"])
            latest = self._log(cr_a, 1)
            cr_a.commit()
            # B logs an older one: its snapshot does not show A's contact, so
            # it may not write the row A wrote. It fails rather than losing
            # A's date or adding a second row, as Odoo's retry expects.
            with mute_logger("odoo.sql_db"), self.assertRaises(SerializationFailure):
                self._log(cr_b, 5)
                self._env(cr_b).flush_all()
            cr_b.rollback()
            self.assertEqual(self._rows(), [latest])
            # Odoo retries B's request in a new transaction: both count.
            self._log(cr_b, 5)
            cr_b.commit()
            self.assertEqual(self._rows(), [latest])
        self.assertEqual(self._rows(), [latest])

    def test_two_workers_at_the_same_moment(self):
        outcome = []

        def worker_b(cr_b):
            try:
                self._log(cr_b, 3)
                cr_b.commit()
                outcome.append("committed")
            except SerializationFailure:
                outcome.append("refused")

        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            # B's environment is made here: the test runner holds the
            # registry's lock, which a thread making one would wait for.
            self._env(cr_b)
            # A logs the client's first contact and holds its new row.
            newest = self._log(cr_a, 0)
            thread = threading.Thread(target=worker_b, args=(cr_b,))
            with mute_logger("odoo.sql_db"):
                thread.start()
                # B logs another one meanwhile: it waits for A's row.
                thread.join(2)
                self.assertTrue(thread.is_alive())
                cr_a.commit()
                thread.join(60)
            cr_b.rollback()
        # A committed: B, whose snapshot does not show A's contact, fails
        # instead of adding a second row or overwriting A's date; Odoo
        # retries its request.
        self.assertEqual(outcome, ["refused"])
        self.assertEqual(self._rows(), [newest])
