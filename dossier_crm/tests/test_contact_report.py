from collections import Counter, defaultdict
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import DossierUsersMixin


@tagged("post_install", "-at_install")
class TestContactReport(DossierUsersMixin, TransactionCase):
    """The report's figures, checked against figures the test computes itself
    from the contacts and deals it built."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_dossier_users()
        cls.Report = cls.env["dossier.contact.report"]
        Partner = cls.env["res.partner"]
        cls.client_a, cls.client_b, cls.client_c = Partner.create(
            [
                {"name": "Alpha Insurance", "is_company": True},
                {"name": "Beta Logistics", "is_company": True},
                {"name": "Gamma Bank", "is_company": True},
            ]
        )
        cls.person_a = Partner.create(
            {"name": "Irina Alpha", "parent_id": cls.client_a.id}
        )
        Stage = cls.env["crm.stage"]
        cls.stage_open = Stage.create({"name": "Report open", "sequence": 1})
        cls.stage_won = Stage.create(
            {"name": "Report won", "is_won": True, "sequence": 70}
        )
        Lead = cls.env["crm.lead"]
        cls.lead_won = Lead.create(
            {
                "name": "Won training",
                "type": "opportunity",
                "partner_id": cls.client_a.id,
                "stage_id": cls.stage_won.id,
            }
        )
        cls.lead_open = Lead.create(
            {
                "name": "Open coaching",
                "type": "opportunity",
                "partner_id": cls.client_b.id,
                "stage_id": cls.stage_open.id,
            }
        )
        cls.lead_lost = Lead.create(
            {
                "name": "Lost consulting",
                "type": "opportunity",
                "partner_id": cls.client_c.id,
                "stage_id": cls.stage_open.id,
            }
        )
        cls.lead_lost.action_set_lost()
        cls.lead_won_b = Lead.create(
            {
                "name": "Won seminar",
                "type": "opportunity",
                "partner_id": cls.client_b.id,
                "stage_id": cls.stage_won.id,
            }
        )
        cls.campaign = cls.env["utm.campaign"].create({"name": "Report campaign"})

        now = fields.Datetime.now()
        user, user_2, manager = (
            cls.dossier_user,
            cls.dossier_user_2,
            cls.dossier_manager,
        )
        a, b, c = cls.client_a, cls.client_b, cls.client_c
        rows = [
            # author, client, channel, direction, lead, state, confidentiality, age
            (user, a, "phone", "outbound", cls.lead_won, "done", "all", 3),
            (user, a, "meeting", "outbound", cls.lead_won, "done", "all", 10),
            (user, a, "email", "inbound", False, "done", "all", 12),
            (user, b, "phone", "inbound", cls.lead_open, "done", "all", 40),
            (user, c, "phone", "outbound", cls.lead_lost, "done", "managers", 2),
            (user, b, "meeting", "outbound", cls.lead_won_b, "done", "all", 5),
            (user, a, "phone", "outbound", cls.lead_won, "cancelled", "all", 4),
            (user_2, a, "phone", "outbound", False, "done", "all", 1),
            (user_2, b, "email", "outbound", cls.lead_won_b, "done", "all", 7),
            (user_2, c, "letter", "inbound", False, "done", "all", 9),
            (user_2, c, "phone", "outbound", cls.lead_lost, "done", "all", 6),
            (user_2, b, "meeting", "outbound", cls.lead_won_b, "done", "private", 8),
            (manager, a, "meeting", "outbound", cls.lead_won, "done", "all", 20),
            (manager, c, "phone", "outbound", False, "done", "private", 2),
            (manager, b, "email", "outbound", False, "done", "all", 15),
        ]
        Contact = cls.env["dossier.contact"]
        cls.contacts = Contact
        for author, client, channel, direction, lead, state, conf, days in rows:
            cls.contacts |= Contact.with_user(author).create(
                {
                    "partner_id": client.id,
                    "summary": f"{channel} with {client.name}",
                    "channel": channel,
                    "direction": direction,
                    "lead_id": lead and lead.id,
                    "state": state,
                    "confidentiality": conf,
                    "date": now - timedelta(days=days),
                    "campaign_id": cls.campaign.id if days < 8 else False,
                }
            )
        # A planned contact is not a done one: never counted.
        cls.contacts |= Contact.with_user(user).create(
            {
                "partner_id": a.id,
                "summary": "Next call",
                "state": "planned",
                "lead_id": cls.lead_won.id,
                "date": now + timedelta(days=3),
            }
        )

    # Figures computed from the contacts themselves, independently of the view.
    @staticmethod
    def _is_won(lead):
        return (
            bool(lead)
            and lead.active
            and (lead.stage_id.is_won or lead.probability >= 100)
        )

    def _visible_contacts(self, user):
        def visible(contact):
            own = user in (contact.user_id, contact.create_uid)
            if user.has_group("dossier_crm.group_dossier_manager"):
                return own or contact.confidentiality != "private"
            return contact.user_id == user

        return self.contacts.filtered(lambda c: c.state == "done" and visible(c))

    def _expected(self, contacts, key):
        figures = defaultdict(lambda: [0, 0, 0])
        for contact in contacts:
            entry = figures[key(contact)]
            entry[0] += 1
            entry[1] += bool(contact.lead_id)
            entry[2] += self._is_won(contact.lead_id)
        return {
            group: (done, deals, won, 100.0 * won / done)
            for group, (done, deals, won) in figures.items()
        }

    def _report(self, user, groupby, domain=None):
        groups = self.Report.with_user(user)._read_group(
            [("partner_id", "in", (self.client_a | self.client_b | self.client_c).ids)]
            + (domain or []),
            groupby,
            ["contact_count:sum", "deal_count:sum", "won_count:sum", "won_rate:avg"],
        )
        return {
            tuple(groups_key) if len(groups_key) > 1 else groups_key[0]: (
                done,
                deals,
                won,
                rate,
            )
            for *groups_key, done, deals, won, rate in groups
        }

    def assertFiguresEqual(self, actual, expected):
        self.assertEqual(set(actual), set(expected))
        for group, (done, deals, won, rate) in expected.items():
            got = actual[group]
            self.assertEqual(got[:3], (done, deals, won), group)
            self.assertAlmostEqual(got[3], rate, places=6, msg=group)

    def test_figures_per_manager_match_the_contacts(self):
        manager = self.dossier_manager
        expected = self._expected(self._visible_contacts(manager), lambda c: c.user_id)
        self.assertFiguresEqual(self._report(manager, ["user_id"]), expected)
        # The data set is not trivial: every figure is exercised.
        self.assertEqual(expected[self.dossier_user][:3], (6, 5, 3))

    def test_figures_per_client_channel_and_direction(self):
        manager = self.dossier_manager
        visible = self._visible_contacts(manager)
        self.assertFiguresEqual(
            self._report(manager, ["partner_id", "channel", "direction"]),
            self._expected(visible, lambda c: (c.partner_id, c.channel, c.direction)),
        )
        self.assertFiguresEqual(
            self._report(manager, ["campaign_id"]),
            self._expected(visible, lambda c: c.campaign_id),
        )

    def test_conversion_rate_of_a_total_is_the_ratio_of_its_counts(self):
        manager = self.dossier_manager
        visible = self._visible_contacts(manager)
        ((done, won, rate),) = self.Report.with_user(manager)._read_group(
            [("partner_id", "in", (self.client_a | self.client_b | self.client_c).ids)],
            [],
            ["contact_count:sum", "won_count:sum", "won_rate:avg"],
        )
        won_contacts = visible.filtered(lambda c: self._is_won(c.lead_id))
        self.assertEqual((done, won), (len(visible), len(won_contacts)))
        self.assertAlmostEqual(rate, 100.0 * len(won_contacts) / len(visible))
        # Not the average of the managers' rates, which differs here.
        per_user = self._expected(visible, lambda c: c.user_id)
        mean_of_rates = sum(f[3] for f in per_user.values()) / len(per_user)
        self.assertNotAlmostEqual(rate, mean_of_rates, places=3)

    def test_a_deal_won_later_counts_at_once(self):
        user = self.dossier_user
        before = self._report(user, ["partner_id"])[self.client_b]
        self.lead_open.action_set_won()
        self.env.flush_all()  # the report is an SQL view: it reads the database
        after = self._report(user, ["partner_id"])[self.client_b]
        self.assertEqual(after[:3], (before[0], before[1], before[2] + 1))

    def test_dossier_user_sees_only_its_own_rows(self):
        for user in (self.dossier_user, self.dossier_user_2):
            rows = self.Report.with_user(user).search([])
            self.assertTrue(rows)
            self.assertEqual(rows.user_id, user)
            self.assertEqual(rows.contact_id, self._visible_contacts(user))
        # The private contact of user 2 is counted in its own figures.
        self.assertIn(
            "private",
            self.Report.with_user(self.dossier_user_2)
            .search([])
            .mapped("confidentiality"),
        )

    def test_manager_sees_everyone_but_not_others_private_contacts(self):
        manager = self.dossier_manager
        rows = self.Report.with_user(manager).search(
            [("partner_id", "in", (self.client_a | self.client_b | self.client_c).ids)]
        )
        self.assertEqual(rows.contact_id, self._visible_contacts(manager))
        self.assertEqual(
            rows.user_id, self.dossier_user | self.dossier_user_2 | manager
        )
        private = self.contacts.filtered(lambda c: c.confidentiality == "private")
        self.assertNotIn(
            private.filtered(lambda c: c.user_id != manager), rows.contact_id
        )
        self.assertIn(private.filtered(lambda c: c.user_id == manager), rows.contact_id)
        # Restricted to managers: visible to them.
        self.assertIn(
            self.contacts.filtered(lambda c: c.confidentiality == "managers"),
            rows.contact_id,
        )

    def test_user_without_dossier_group_cannot_read_the_report(self):
        with self.assertRaises(AccessError):
            self.Report.with_user(self.plain_user).search([])

    def test_client_smart_button_counts_per_reader(self):
        client = self.client_a.with_user(self.dossier_user)
        own = self._visible_contacts(self.dossier_user).filtered(
            lambda c: c.partner_id == self.client_a
        )
        self.assertEqual(client.dossier_report_contact_count, len(own))
        self.assertEqual(
            client.dossier_report_won_count,
            len(own.filtered(lambda c: self._is_won(c.lead_id))),
        )
        all_visible = self._visible_contacts(self.dossier_manager).filtered(
            lambda c: c.partner_id == self.client_a
        )
        # Counted on a person of the client too.
        person = self.person_a.with_user(self.dossier_manager)
        self.assertEqual(person.dossier_report_contact_count, len(all_visible))

    def test_client_smart_button_opens_the_report_per_manager(self):
        action = self.person_a.with_user(
            self.dossier_manager
        ).action_dossier_open_contact_report()
        self.assertEqual(action["res_model"], "dossier.contact.report")
        self.assertEqual(
            action["context"]["search_default_partner_id"], self.client_a.id
        )
        self.assertTrue(action["context"]["search_default_group_user"])
        arch = self.env["res.partner"].get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
        self.assertIn("action_dossier_open_contact_report", arch)

    # Groups by responsible: counted by the responsible's id, shown in the
    # order of their names (see models/dossier_group_order_mixin.py).

    def _pivot_rows(self, user, groupby, orderby=False, context=None):
        """The pivot's rows as the web client reads them (read_group)."""
        Report = self.Report.with_user(user).with_context(**(context or {}))
        return Report.read_group(
            [("partner_id", "in", (self.client_a | self.client_b | self.client_c).ids)],
            ["contact_count", "deal_count", "won_count", "won_rate"],
            groupby,
            orderby=orderby,
            lazy=False,
        )

    def test_pivot_rows_by_responsible_in_name_order_with_their_counts(self):
        manager = self.dossier_manager
        expected = self._expected(self._visible_contacts(manager), lambda c: c.user_id)
        rows = self._pivot_rows(manager, ["user_id"])
        # Created Helen, Boris, Anna: the ids' order is not the names'.
        self.assertEqual(
            [row["user_id"][1] for row in rows],
            ["Anna Colleague", "Boris User", "Helen Manager"],
        )
        for row in rows:
            user = self.env["res.users"].browse(row["user_id"][0])
            done, deals, won, rate = expected[user]
            self.assertEqual(
                (row["contact_count"], row["deal_count"], row["won_count"]),
                (done, deals, won),
            )
            self.assertAlmostEqual(row["won_rate"], rate)
        # Descending on demand, and with the months inside each responsible.
        self.assertEqual(
            [
                row["user_id"][1]
                for row in self._pivot_rows(manager, ["user_id"], "user_id desc")
            ],
            ["Helen Manager", "Boris User", "Anna Colleague"],
        )
        by_month = self._pivot_rows(manager, ["user_id", "date:month"])
        names = [row["user_id"][1] for row in by_month]
        self.assertEqual(names, sorted(names))
        totals = defaultdict(int)
        for row in by_month:
            totals[row["user_id"][0]] += row["contact_count"]
        self.assertEqual(
            dict(totals), {user.id: figures[0] for user, figures in expected.items()}
        )

    def test_pivot_rows_of_a_user_are_his_own_group(self):
        user = self.dossier_user
        rows = self._pivot_rows(user, ["user_id"])
        self.assertEqual([row["user_id"][0] for row in rows], [user.id])
        own = self._visible_contacts(user)
        self.assertEqual(rows[0]["contact_count"], len(own))
        self.assertEqual(
            rows[0]["won_count"], len(own.filtered(lambda c: self._is_won(c.lead_id)))
        )

    def test_same_names_are_ordered_by_login(self):
        # res.users is ordered by name, then login: the second term counts.
        twins = self.env["res.users"]
        for login in ("twin_b", "twin_a"):
            twins |= self.env["res.users"].create(
                {
                    "name": "Same Name",
                    "login": login,
                    "groups_id": [
                        Command.link(self.env.ref("dossier_crm.group_dossier_user").id)
                    ],
                }
            )
        for twin in twins:
            self.env["dossier.contact"].with_user(twin).create(
                {"partner_id": self.client_a.id, "summary": "Twin call"}
            )
        rows = self._pivot_rows(self.dossier_manager, ["user_id"])
        self.assertEqual(
            [row["user_id"][0] for row in rows if row["user_id"][1] == "Same Name"],
            [twins[1].id, twins[0].id],
        )

    def test_pivot_rows_of_other_companies_only_where_the_manager_works(self):
        other, client, olga = self._create_other_company("olga_report")
        olga.groups_id = [
            Command.link(self.env.ref("dossier_crm.group_dossier_user").id)
        ]
        self.env["dossier.contact"].with_user(olga).with_company(other).create(
            {"partner_id": client.id, "summary": "Abroad", "company_id": other.id}
        )
        manager = self.dossier_manager
        clients = [("partner_id", "in", (self.client_a | client).ids)]

        def responsibles(context):
            Report = self.Report.with_user(manager).with_context(**context)
            return [
                row["user_id"][0]
                for row in Report.read_group(clients, ["contact_count"], ["user_id"])
            ]

        self.assertNotIn(olga.id, responsibles({}))
        manager.company_ids = [Command.link(other.id)]
        both = {"allowed_company_ids": [manager.company_id.id, other.id]}
        # In the names' order: Anna, Boris, Helen, Olga.
        self.assertEqual(
            responsibles(both),
            [self.dossier_user_2.id, self.dossier_user.id, manager.id, olga.id],
        )

    def test_contact_log_grouped_by_responsible_in_name_order(self):
        # The contact log's groups, as its list shows them: by name, the
        # contacts without a responsible last, counted per reader.
        Contact = self.env["dossier.contact"]
        Contact.create(
            {"partner_id": self.client_b.id, "summary": "Nobody's", "user_id": False}
        )
        domain = [
            ("partner_id", "in", (self.client_a | self.client_b | self.client_c).ids)
        ]
        groups = Contact.with_user(self.dossier_manager).web_read_group(
            domain, ["summary"], ["user_id"]
        )["groups"]
        self.assertEqual(
            [group["user_id"] and group["user_id"][1] for group in groups],
            ["Anna Colleague", "Boris User", "Helen Manager", False],
        )
        readable = Contact.with_user(self.dossier_manager).search(domain)
        self.assertEqual(self._group_counts(groups), self._counts(readable))
        # A user counts what he reads: the private contact of Anna is hers.
        groups = Contact.with_user(self.dossier_user).web_read_group(
            domain, ["summary"], ["user_id"]
        )["groups"]
        readable = Contact.with_user(self.dossier_user).search(domain)
        self.assertEqual(self._group_counts(groups), self._counts(readable))
        self.assertEqual(self._group_counts(groups)[self.dossier_user_2.id], 4)
        self.assertNotIn(
            self.contacts.filtered(
                lambda c: (
                    c.confidentiality == "private" and c.user_id == self.dossier_user_2
                )
            ),
            readable,
        )

    @staticmethod
    def _group_counts(groups):
        return {
            group["user_id"] and group["user_id"][0]: group["user_id_count"]
            for group in groups
        }

    @staticmethod
    def _counts(contacts):
        return dict(Counter(contact.user_id.id or False for contact in contacts))
