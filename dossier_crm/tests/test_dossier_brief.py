from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import format_date

from .common import BRIEF, DossierUsersMixin, brief_section

# Queries to render a brief for a dossier user, whatever the number of people.
BRIEF_QUERIES = 23


@tagged("post_install", "-at_install")
class TestDossierBrief(DossierUsersMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_dossier_users()
        cls.sales_reader = new_test_user(
            cls.env,
            login="brief_sales_reader",
            name="Sergei Seller",
            groups="base.group_user,dossier_crm.group_dossier_user,"
            "sales_team.group_sale_salesman_all_leads",
        )
        cls.client = cls.env["res.partner"].create(
            {
                "name": "Baltic Shipping",
                "is_company": True,
                "phone": "+7 812 555 01 02",
                "user_id": cls.dossier_manager.id,
            }
        )
        cls.person = cls.env["res.partner"].create(
            {
                "name": "Oleg Ivanov",
                "parent_id": cls.client.id,
                "function": "Fleet Director",
                "email": "oleg@baltic-shipping.example.com",
            }
        )
        cls.client.dossier_interest_ids = cls.env["dossier.interest"].create(
            {"name": "Sailing regattas"}
        )
        cls.project = cls.env["dossier.project"].create(
            {
                "name": "Corporate philosophy consulting",
                "partner_id": cls.client.id,
                "state": "active",
                "date_start": date(2026, 1, 1),
                "description": "<p>The board decides on Mondays only.</p>",
                "member_ids": [
                    (0, 0, {"user_id": cls.dossier_user_2.id, "role": "consultant"})
                ],
            }
        )
        cls.env["dossier.project"].create(
            {
                "name": "Finished seminar series",
                "partner_id": cls.client.id,
                "state": "done",
                "date_start": date(2024, 1, 1),
            }
        )
        now = fields.Datetime.now()
        cls.shared = cls._contact(
            cls.dossier_user, "Shared call about the board", now - timedelta(days=2)
        )
        cls._contact(
            cls.dossier_user,
            "Boris private lunch",
            now - timedelta(days=3),
            confidentiality="private",
        )
        anna_private = cls._contact(
            cls.dossier_user_2,
            "Anna private dinner",
            now - timedelta(days=4),
            confidentiality="private",
        )
        cls._contact(
            cls.dossier_user_2,
            "Managers only pricing talk",
            now - timedelta(days=5),
            confidentiality="managers",
        )
        cls._contact(
            cls.dossier_user,
            "Planned visit to the port",
            now + timedelta(days=20),
            state="planned",
            project_id=cls.project.id,
        )
        cls._contact(
            cls.dossier_user,
            "Far away anniversary call",
            now + timedelta(days=90),
            state="planned",
        )
        Decision = cls.env["dossier.decision"]
        Decision.create(
            {
                "contact_id": cls.shared.id,
                "name": "Send the training programme",
                "user_id": cls.dossier_user.id,
            }
        )
        Decision.create(
            {
                "contact_id": cls.shared.id,
                "name": "Closed decision on venue",
                "user_id": cls.dossier_user.id,
                "state": "done",
            }
        )
        Decision.create(
            {
                "contact_id": anna_private.id,
                "name": "Anna secret promise",
                "user_id": cls.dossier_user_2.id,
            }
        )
        won_stage = cls.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        Lead = cls.env["crm.lead"]
        Lead.create(
            {
                "name": "Regional offices training deal",
                "type": "opportunity",
                "partner_id": cls.person.id,
                "user_id": cls.sales_reader.id,
            }
        )
        Lead.create(
            {
                "name": "Already won deal",
                "type": "opportunity",
                "partner_id": cls.client.id,
                "stage_id": won_stage.id,
            }
        )
        lost = Lead.create(
            {
                "name": "Lost deal",
                "type": "opportunity",
                "partner_id": cls.client.id,
            }
        )
        lost.action_set_lost()

    @classmethod
    def _contact(cls, user, summary, when, **vals):
        return (
            cls.env["dossier.contact"]
            .with_user(user)
            .create(
                {
                    "partner_id": cls.client.id,
                    "summary": summary,
                    "date": when,
                    **vals,
                }
            )
        )

    def _brief(self, user, partner=None):
        html, report_format = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(BRIEF, (partner or self.client).ids)
        )
        self.assertEqual(report_format, "html")
        return html.decode()

    def test_brief_shows_the_client_to_a_newcomer(self):
        html = self._brief(self.dossier_user)
        for expected in (
            "Baltic Shipping",
            "+7 812 555 01 02",
            "Helen Manager",  # the salesperson
            "Oleg Ivanov",
            "Fleet Director",
            "oleg@baltic-shipping.example.com",
            "Sailing regattas",
            "Corporate philosophy consulting",
            "Anna Colleague",  # team member of the open project
            "Consultant",
            "The board decides on Mondays only.",
            "Send the training programme",
            "Shared call about the board",
            "Planned visit to the port",
        ):
            self.assertIn(expected, html)
        for unexpected in (
            "Finished seminar series",
            "Closed decision on venue",
            "Far away anniversary call",
        ):
            self.assertNotIn(unexpected, html)

    def test_brief_never_shows_a_contact_the_reader_may_not_see(self):
        boris = self._brief(self.dossier_user)
        self.assertIn("Boris private lunch", boris)
        self.assertNotIn("Anna private dinner", boris)
        self.assertNotIn("Anna secret promise", boris)
        self.assertNotIn("Managers only pricing talk", boris)

        anna = self._brief(self.dossier_user_2)
        self.assertIn("Anna private dinner", anna)
        self.assertIn("Anna secret promise", anna)
        self.assertIn("Managers only pricing talk", anna)  # she wrote it
        self.assertNotIn("Boris private lunch", anna)

        manager = self._brief(self.dossier_manager)
        self.assertIn("Managers only pricing talk", manager)
        self.assertNotIn("Boris private lunch", manager)
        self.assertNotIn("Anna private dinner", manager)

    def test_brief_lists_open_deals_to_readers_of_the_crm_only(self):
        seller = self._brief(self.sales_reader)
        self.assertIn("Open deals", seller)
        self.assertIn("Regional offices training deal", seller)
        self.assertNotIn("Already won deal", seller)
        self.assertNotIn("Lost deal", seller)
        consultant = self._brief(self.dossier_user)
        self.assertNotIn("Open deals", consultant)
        self.assertNotIn("Regional offices training deal", consultant)

    def test_brief_lists_the_last_ten_contacts(self):
        now = fields.Datetime.now()
        for day in range(1, 13):
            self._contact(
                self.dossier_user,
                f"Routine call {day:02d}",
                now - timedelta(days=10, hours=day),
            )
        html = self._brief(self.dossier_user)
        # The two contacts logged above before the routine calls are newer.
        shown = [day for day in range(1, 13) if f"Routine call {day:02d}" in html]
        self.assertEqual(shown, list(range(1, 9)))
        self.assertIn("Shared call about the board", html)
        self.assertIn("Boris private lunch", html)

    def test_brief_of_a_person_is_the_brief_of_its_company(self):
        html = self._brief(self.dossier_user, self.person)
        self.assertIn("Brief: <span>Baltic Shipping</span>", html)
        self.assertIn("Shared call about the board", html)

    def test_brief_printed_from_the_client_form(self):
        action = self.person.with_user(self.dossier_user).action_dossier_print_brief()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "dossier_crm.report_dossier_brief")
        self.assertEqual(action["context"]["active_ids"], self.client.ids)
        report = self.env.ref(BRIEF)
        self.assertEqual(report.binding_model_id.model, "res.partner")
        self.assertEqual(report.report_type, "qweb-pdf")

    def test_brief_is_only_for_dossier_users(self):
        with self.assertRaises(AccessError):
            self._brief(self.plain_user)


@tagged("post_install", "-at_install")
class TestDossierBriefFacts(DossierUsersMixin, TransactionCase):
    """Facts of the dossier in the brief: birthdays, relations, notes, dates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_dossier_users()
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        Partner = cls.env["res.partner"]
        cls.client = Partner.create({"name": "Neva Yachts", "is_company": True})
        # 1980 is a leap year: any day of the year has a birthday in it.
        cls.person = Partner.create(
            {
                "name": "Oleg Ivanov",
                "parent_id": cls.client.id,
                "dossier_birthdate": (cls.today + timedelta(days=10)).replace(
                    year=1980
                ),
            }
        )
        cls.colleague = Partner.create(
            {
                "name": "Pyotr Sidorov",
                "parent_id": cls.client.id,
                "dossier_birthdate": (cls.today + timedelta(days=90)).replace(
                    year=1980
                ),
            }
        )
        Relation = cls.env["dossier.relation"]
        cls.spouse = Relation.create(
            {
                "partner_id": cls.person.id,
                "name": "Maria Ivanova",
                "relation_type": "spouse",
                "birthdate": (cls.today + timedelta(days=120)).replace(year=1980),
                "note": "Sings in the Mariinsky choir",
            }
        )
        cls.assistant = Relation.create(
            {
                "partner_id": cls.client.id,
                "name": "Svetlana Gromova",
                "relation_type": "assistant",
                "birthdate": (cls.today + timedelta(days=20)).replace(year=1980),
            }
        )
        LifeEvent = cls.env["dossier.life.event"]
        LifeEvent.create(
            {
                "partner_id": cls.client.id,
                "name": "Moves its headquarters to Kronstadt",
                "date": cls.today + timedelta(days=30),
            }
        )
        LifeEvent.create(
            {
                "partner_id": cls.person.id,
                "name": "Son graduates from the naval academy",
                "date": cls.today + timedelta(days=90),
            }
        )
        LifeEvent.create(
            {
                "partner_id": cls.client.id,
                "name": "Opened the Riga office",
                "date": cls.today - timedelta(days=5),
            }
        )
        Note = cls.env["dossier.note"]
        cls.shared_note = Note.with_user(cls.dossier_user).create(
            {"partner_id": cls.client.id, "body": "<p>Prefers morning meetings</p>"}
        )
        Note.with_user(cls.dossier_user).create(
            {
                "partner_id": cls.person.id,
                "body": "<p>Boris thinks Oleg will retire soon</p>",
                "confidentiality": "private",
            }
        )
        Note.with_user(cls.dossier_manager).create(
            {
                "partner_id": cls.client.id,
                "body": "<p>Discount history kept by the head of sales</p>",
                "confidentiality": "managers",
            }
        )

    def _brief(self, user, partner=None):
        html, __ = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(BRIEF, (partner or self.client).ids)
        )
        return html.decode()

    def _date(self, user, day):
        return format_date(self.env(user=user), day)

    def test_people_and_relations_with_their_birthdays(self):
        for user in (self.dossier_user, self.dossier_user_2):
            html = self._brief(user)
            people = brief_section(html, "people")
            self.assertIn("Oleg Ivanov", people)
            self.assertIn(self._date(user, self.person.dossier_birthdate), people)
            relations = brief_section(html, "relations")
            for expected in (
                "Maria Ivanova",
                "Spouse",
                "Oleg Ivanov",  # whose spouse
                self._date(user, self.spouse.birthdate),
                "Sings in the Mariinsky choir",
                "Svetlana Gromova",
                "Assistant",
                "Neva Yachts",
            ):
                self.assertIn(expected, relations)

    def test_dated_events_of_the_next_sixty_days(self):
        html = self._brief(self.dossier_user)
        events = brief_section(html, "dated_events")
        self.assertIn("Dated events in the next 60 days", events)
        expected = [
            (self.today + timedelta(days=10), "Oleg Ivanov"),
            (self.today + timedelta(days=20), "Svetlana Gromova"),
            (self.today + timedelta(days=30), "Moves its headquarters to Kronstadt"),
        ]
        positions = []
        for day, text in expected:
            self.assertIn(self._date(self.dossier_user, day), events)
            self.assertIn(text, events)
            positions.append(events.index(text))
        self.assertEqual(positions, sorted(positions), "soonest first")
        self.assertEqual(events.count("Birthday"), 2)
        for unexpected in (
            "Son graduates from the naval academy",  # in 90 days
            "Pyotr Sidorov",  # birthday in 90 days
            "Maria Ivanova",  # birthday in 120 days
            "Opened the Riga office",  # past
        ):
            self.assertNotIn(unexpected, events)

    def test_client_person_birthday_in_key_facts_and_dates(self):
        client = self.env["res.partner"].create(
            {
                "name": "Ekaterina Orlova",
                "dossier_birthdate": (self.today + timedelta(days=15)).replace(
                    year=1980
                ),
            }
        )
        html = self._brief(self.dossier_user, client)
        birthday = self._date(self.dossier_user, client.dossier_birthdate)
        key_facts = brief_section(html, "key_facts")
        self.assertIn("Birthday", key_facts)
        self.assertIn(birthday, key_facts)
        events = brief_section(html, "dated_events")
        self.assertIn(
            self._date(self.dossier_user, self.today + timedelta(days=15)), events
        )
        self.assertIn("Ekaterina Orlova", events)
        # A company has no birthday.
        self.assertNotIn(
            "Birthday", brief_section(self._brief(self.dossier_user), "key_facts")
        )

    def test_notes_the_reader_may_read_only(self):
        shared = "Prefers morning meetings"
        private = "Boris thinks Oleg will retire soon"
        managers = "Discount history kept by the head of sales"

        boris = brief_section(self._brief(self.dossier_user), "notes")
        self.assertIn(shared, boris)
        self.assertIn(private, boris)
        self.assertNotIn(managers, boris)
        self.assertIn("Boris User", boris)  # the author
        self.assertIn("All dossier users", boris)
        self.assertIn("Only me", boris)
        # Newest first: the private note was written after the shared one.
        self.assertLess(boris.index(private), boris.index(shared))

        anna = brief_section(self._brief(self.dossier_user_2), "notes")
        self.assertIn(shared, anna)
        self.assertNotIn(private, anna)
        self.assertNotIn(managers, anna)

        manager = brief_section(self._brief(self.dossier_manager), "notes")
        self.assertIn(shared, manager)
        self.assertIn(managers, manager)
        self.assertIn("Dossier managers", manager)
        self.assertIn("Helen Manager", manager)
        self.assertNotIn(private, manager)

    def _add_people(self, client, count):
        people = self.env["res.partner"].create(
            [
                {
                    "name": f"Person {client.id}-{index}",
                    "parent_id": client.id,
                    "dossier_birthdate": (
                        self.today + timedelta(days=index + 1)
                    ).replace(year=1980),
                }
                for index in range(count)
            ]
        )
        self.env["dossier.relation"].create(
            [
                {
                    "partner_id": person.id,
                    "name": f"Spouse of {person.name}",
                    "relation_type": "spouse",
                    "birthdate": person.dossier_birthdate,
                }
                for person in people
            ]
        )
        self.env["dossier.life.event"].create(
            [
                {
                    "partner_id": person.id,
                    "name": f"Event of {person.name}",
                    "date": self.today + timedelta(days=5),
                }
                for person in people
            ]
        )
        self.env["dossier.note"].with_user(self.dossier_user).create(
            [{"partner_id": person.id, "body": "<p>Note</p>"} for person in people]
        )

    def _brief_queries(self, client, budget):
        self.env.invalidate_all()
        with self.assertQueryBudget(budget):
            return self._brief(self.dossier_user, client)

    def test_brief_queries_do_not_grow_with_the_people(self):
        client = self.env["res.partner"].create({"name": "Big", "is_company": True})
        self._add_people(client, 2)
        self._brief_queries(client, None)  # templates compiled, caches warm
        # 2 people, or 12, with their relations, events and notes.
        self._brief_queries(client, BRIEF_QUERIES)
        self._add_people(client, 10)
        html = self._brief_queries(client, BRIEF_QUERIES)
        self.assertEqual(brief_section(html, "dated_events").count("Event of"), 12)


@tagged("post_install", "-at_install")
class TestDossierBriefPreview(DossierUsersMixin, HttpCase):
    def test_html_preview_is_rendered_for_the_logged_in_reader(self):
        self._create_dossier_users()
        client = self.env["res.partner"].create(
            {"name": "Preview Client", "is_company": True}
        )
        yesterday = fields.Datetime.now() - timedelta(days=1)
        Contact = self.env["dossier.contact"]
        for user, summary, confidentiality in (
            (self.dossier_user, "Open talk about prices", "all"),
            (self.dossier_user_2, "Anna confidential call", "private"),
        ):
            Contact.with_user(user).create(
                {
                    "partner_id": client.id,
                    "summary": summary,
                    "date": yesterday,
                    "confidentiality": confidentiality,
                }
            )
        self.authenticate("dossier_user", "dossier_user")
        response = self.url_open(
            f"/report/html/dossier_crm.report_dossier_brief/{client.id}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Open talk about prices", response.text)
        self.assertNotIn("Anna confidential call", response.text)
