"""What users outside the dossier, and users of another company, learn of a
dossier: neither reading nor searching tells them its dates or facts."""

from datetime import date, datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DossierCase, ReceivablesCommon

PERSONAL_FIELDS = (
    "dossier_birthdate",
    "dossier_birthday_key",
    "dossier_last_contact_date",
    "dossier_next_contact_date",
)


@tagged("post_install", "-at_install")
class TestDossierOutsiders(DossierCase):
    """Hole 7 and 8: users without a dossier group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person.dossier_birthdate = date(1980, 5, 3)
        now = fields.Datetime.now()
        cls.private_contact = cls.Contact.with_user(cls.dossier_user_2).create(
            {
                "partner_id": cls.client.id,
                "summary": "Private talk",
                "date": now - timedelta(days=3),
                "confidentiality": "private",
            }
        )
        cls.Contact.with_user(cls.dossier_user_2).create(
            {
                "partner_id": cls.client.id,
                "summary": "Private plan",
                "date": now + timedelta(days=3),
                "state": "planned",
                "confidentiality": "private",
            }
        )
        cls.env["dossier.life.event"].create(
            {"partner_id": cls.client.id, "name": "Move", "date": date.today()}
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="dossier_portal",
            name="Irina Portal",
            groups="base.group_portal",
            partner_id=cls.person.id,
        )

    def test_dossier_users_read_the_dates(self):
        values = self.person.with_user(self.dossier_user).read(list(PERSONAL_FIELDS))
        self.assertEqual(values[0]["dossier_birthdate"], date(1980, 5, 3))
        self.assertEqual(
            values[0]["dossier_last_contact_date"], self.private_contact.date
        )
        self.assertTrue(values[0]["dossier_next_contact_date"])

    def test_plain_and_portal_users_read_no_dossier_date(self):
        for user in (self.plain_user, self.portal_user):
            for name in PERSONAL_FIELDS:
                with (
                    self.subTest(user=user.login, field=name),
                    self.assertRaises(AccessError),
                ):
                    self.person.with_user(user).read([name])
        # What they read of the partner otherwise is unchanged.
        self.assertEqual(
            self.person.with_user(self.portal_user).read(["name"])[0]["name"],
            self.person.name,
        )

    def test_plain_user_form_of_a_person_opens_without_dossier_fields(self):
        arch = (
            self.env["res.partner"]
            .with_user(self.plain_user)
            .get_views([(False, "form"), (False, "list"), (False, "search")])
        )
        for view in arch["views"].values():
            for name in PERSONAL_FIELDS:
                self.assertNotIn(f'name="{name}"', view["arch"])
        self.assertEqual(
            self.person.with_user(self.plain_user).web_read({"name": {}})[0]["name"],
            self.person.name,
        )

    def test_every_searched_dossier_field_refuses_outsiders(self):
        """A search on a field one may not read is refused, so that no search
        is an oracle on a dossier (amounts, next dates, contact dates)."""
        searched = [
            (model_name, name)
            for model_name in self.env.registry
            for name, field in self.env[model_name]._fields.items()
            if field.groups
            and "dossier_crm." in field.groups
            and (field.search or field.store)
        ]
        self.assertIn(("res.partner", "dossier_amount_unpaid"), searched)
        self.assertIn(("res.partner", "dossier_next_life_event_date"), searched)
        self.assertIn(("res.partner", "dossier_last_contact_date"), searched)
        domains = {
            "date": fields.Date.today(),
            "datetime": fields.Datetime.now(),
            "monetary": 0,
            "integer": 0,
        }
        for model_name, name in searched:
            field = self.env[model_name]._fields[name]
            value = domains.get(field.type, False)
            operator = "<=" if value is not False else "!="
            for user in (self.plain_user, self.portal_user):
                Model = self.env[model_name].with_user(user)
                with (
                    self.subTest(model=model_name, field=name, user=user.login),
                    self.assertRaises(AccessError),
                ):
                    Model.search([(name, operator, value)])

    def test_searches_still_work_for_dossier_users(self):
        Partner = self.env["res.partner"].with_user(self.dossier_user)
        soon = fields.Date.today() + timedelta(days=5)
        self.assertIn(
            self.client, Partner.search([("dossier_next_life_event_date", "<=", soon)])
        )
        contacted = Partner.search([("dossier_last_contact_date", "!=", False)])
        self.assertIn(self.client, contacted)
        self.assertIn(self.person, contacted)
        week_ago = fields.Datetime.now() - timedelta(days=7)
        self.assertIn(
            self.client, Partner.search([("dossier_last_contact_date", ">", week_ago)])
        )
        self.assertNotIn(
            self.client, Partner.search([("dossier_last_contact_date", "<", week_ago)])
        )
        never = Partner.search([("dossier_last_contact_date", "=", False)])
        self.assertNotIn(self.client, never)
        self.assertIn(self.dossier_user.partner_id, never)


@tagged("post_install", "-at_install")
class TestReceivableReportOutsiders(ReceivablesCommon):
    """Hole 7: the receivables report shows contact dates to dossier users
    only, not to invoicing users outside the dossier."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._invoice(500.0, due_in=-3)
        cls.env["dossier.contact"].sudo().create(
            {
                "partner_id": cls.client.id,
                "summary": "Private",
                "date": fields.Datetime.now() - timedelta(days=1),
                "confidentiality": "private",
                "user_id": cls.dossier_user_2.id,
            }
        )
        cls.invoicing_user = new_test_user(
            cls.env,
            login="invoicing_only",
            name="Ina Invoicing",
            groups="base.group_user,account.group_account_invoice",
        )

    def _report(self, user):
        Report = self.env["dossier.receivable.report"].with_user(user)
        return Report.search([("partner_id", "=", self.client.id)])

    def test_invoicing_user_reads_amounts_not_contact_dates(self):
        row = self._report(self.invoicing_user)
        self.assertAlmostEqual(row.amount_overdue, 500.0)
        for name in ("last_contact_date", "next_contact_date"):
            with self.subTest(field=name), self.assertRaises(AccessError):
                row.read([name])
        with self.assertRaises(AccessError):
            self._report(self.invoicing_user).search(
                [("last_contact_date", "=", False)]
            )
        views = (
            self.env["dossier.receivable.report"]
            .with_user(self.invoicing_user)
            .get_views([(False, "list"), (False, "search")])
        )
        for view in views["views"].values():
            self.assertNotIn("last_contact_date", view["arch"])

    def test_dossier_user_reads_the_company_contact_dates(self):
        row = self._report(self.billing_user)
        self.assertTrue(row.last_contact_date)
        self.assertEqual(row.last_contact_date, self.client.dossier_last_contact_date)


@tagged("post_install", "-at_install")
class TestDossierCompanies(DossierCase):
    """Hole 9: a user of one company learns nothing of another company's
    dossier facts and contacts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Firm B"})
        cls.user_a = new_test_user(
            cls.env,
            login="dossier_a",
            name="Alice A",
            groups="base.group_user,dossier_crm.group_dossier_manager",
            company_id=cls.company_a.id,
            company_ids=[Command.set(cls.company_a.ids)],
        )
        cls.user_b = new_test_user(
            cls.env,
            login="dossier_b",
            name="Bob B",
            groups="base.group_user,dossier_crm.group_dossier_manager",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        # A shared client, contacted by both firms.
        cls.day_a = datetime(2026, 1, 10, 9, 0)
        cls.day_b = datetime(2026, 2, 20, 9, 0)
        Contact = cls.env["dossier.contact"]
        Contact.with_user(cls.user_a).create(
            {"partner_id": cls.client.id, "summary": "A's call", "date": cls.day_a}
        )
        Contact.with_user(cls.user_b).create(
            {"partner_id": cls.client.id, "summary": "B's call", "date": cls.day_b}
        )
        cls.planned_b = Contact.with_user(cls.user_b).create(
            {
                "partner_id": cls.client.id,
                "summary": "B's plan",
                "date": fields.Datetime.now() + timedelta(days=2),
                "state": "planned",
            }
        )
        # A client of company B only, with its dossier.
        cls.client_b = cls.env["res.partner"].create(
            {"name": "B Client", "is_company": True, "company_id": cls.company_b.id}
        )
        cls.note_b = cls.env["dossier.note"].create(
            {"partner_id": cls.client_b.id, "body": "<p>B secret</p>"}
        )
        cls.relation_b = cls.env["dossier.relation"].create(
            {
                "partner_id": cls.client_b.id,
                "name": "B spouse",
                "relation_type": "spouse",
            }
        )
        cls.event_b = cls.env["dossier.life.event"].create(
            {"partner_id": cls.client_b.id, "name": "B event", "date": date.today()}
        )

    def test_facts_take_the_client_company(self):
        for record in (self.note_b, self.relation_b, self.event_b):
            self.assertEqual(record.company_id, self.company_b)
        note = self.env["dossier.note"].create(
            {"partner_id": self.client.id, "body": "<p>Shared</p>"}
        )
        self.assertFalse(note.company_id)
        self.client_b.company_id = self.company_a
        self.assertEqual(self.note_b.company_id, self.company_a)

    def test_user_of_another_company_reads_no_fact(self):
        for record in (self.note_b, self.relation_b, self.event_b):
            Model = self.env[record._name]
            with self.subTest(model=record._name):
                self.assertFalse(
                    Model.with_user(self.user_a).search(
                        [("partner_id", "=", self.client_b.id)]
                    )
                )
                with self.assertRaises(AccessError):
                    record.with_user(self.user_a).read(["partner_id"])
                self.assertEqual(
                    Model.with_user(self.user_b).search(
                        [("partner_id", "=", self.client_b.id)]
                    ),
                    record,
                )
        self.assertIn(
            self.client_b,
            self.env["res.partner"]
            .with_user(self.user_b)
            .search([("dossier_next_life_event_date", "!=", False)]),
        )

    def test_contact_dates_count_the_readers_companies(self):
        client = self.client.with_user(self.user_a)
        self.assertEqual(client.dossier_last_contact_date, self.day_a)
        self.assertFalse(client.dossier_next_contact_date)
        client_b = self.client.with_user(self.user_b)
        self.assertEqual(client_b.dossier_last_contact_date, self.day_b)
        self.assertEqual(client_b.dossier_next_contact_date, self.planned_b.date)
        # Searches agree with what is read.
        Partner = self.env["res.partner"].with_user(self.user_a)
        self.assertNotIn(
            self.client, Partner.search([("dossier_next_contact_date", "!=", False)])
        )
        # "Nothing planned" is per reader's companies too.
        self.assertIn(
            self.client, Partner.search([("dossier_next_contact_date", "=", False)])
        )
        self.assertNotIn(
            self.client,
            self.env["res.partner"]
            .with_user(self.user_b)
            .search([("dossier_next_contact_date", "=", False)]),
        )
        self.assertNotIn(
            self.client,
            Partner.search([("dossier_last_contact_date", ">", self.day_a)]),
        )
        self.assertIn(
            self.client,
            self.env["res.partner"]
            .with_user(self.user_b)
            .search([("dossier_last_contact_date", ">", self.day_a)]),
        )

    def test_banner_counts_the_readers_companies(self):
        self.assertFalse(
            self.client.with_user(self.user_a).dossier_recent_contact_warning
        )
        user_a2 = new_test_user(
            self.env,
            login="dossier_a2",
            name="Ann A2",
            groups="base.group_user,dossier_crm.group_dossier_user",
            company_id=self.company_a.id,
            company_ids=[Command.set((self.company_a | self.company_b).ids)],
        )
        warning = self.client.with_user(user_a2).dossier_recent_contact_warning
        self.assertTrue(warning)
        self.assertFalse(
            self.client.with_user(user_a2)
            .with_context(allowed_company_ids=self.company_a.ids)
            .dossier_recent_contact_warning
        )

    def test_upcoming_dates_count_the_readers_companies(self):
        soon = fields.Date.today() + timedelta(days=3)
        self.env["res.partner"].create(
            {
                "name": "B's contact person",
                "parent_id": self.client.id,
                "company_id": self.company_b.id,
                "dossier_birthdate": soon.replace(year=1990),
            }
        )
        week = fields.Date.today() + timedelta(days=7)
        for user, expected in ((self.user_a, False), (self.user_b, True)):
            with self.subTest(user=user.login):
                client = self.client.with_user(user)
                self.assertEqual(bool(client.dossier_next_birthday), expected)
                found = (
                    self.env["res.partner"]
                    .with_user(user)
                    .search([("dossier_next_birthday", "<=", week)])
                )
                self.assertEqual(self.client in found, expected)


@tagged("post_install", "-at_install")
class TestDossierDomainPaths(DossierCase):
    """Hole 8, through paths: a dossier field reached from another model, or
    through a join Odoo makes without the partner's own search."""

    def test_paths_to_dossier_fields_are_refused(self):
        self.env["dossier.note"].create(
            {"partner_id": self.client.id, "body": "<p>Secret</p>"}
        )
        searches = (
            ("res.users", [("partner_id.dossier_note_ids", "!=", False)]),
            (
                "res.users",
                [("partner_id", "any", [("dossier_contact_ids", "!=", False)])],
            ),
            ("res.partner", [("child_ids.dossier_relation_ids", "!=", False)]),
            ("res.partner", [("parent_id.dossier_birthdate", "!=", False)]),
            ("res.partner", [("user_ids.dossier_interest_ids", "!=", False)]),
        )
        for model_name, domain in searches:
            with self.subTest(domain=domain), self.assertRaises(AccessError):
                self.env[model_name].with_user(self.plain_user).search(domain)
        # Dossier users search them as before.
        Partner = self.env["res.partner"].with_user(self.dossier_user)
        self.assertIn(self.client, Partner.search([("dossier_note_ids", "!=", False)]))
        self.assertIn(
            self.person,
            Partner.search([("parent_id.dossier_note_ids", "!=", False)]),
        )
