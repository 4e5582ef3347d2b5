from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import format_date

from .common import BRIEF, DossierUsersMixin, brief_section

# Queries to render a brief for a dossier user, whatever the number of people
# (one of them the client's contact dates, counted in the reader's companies).
BRIEF_QUERIES = 24
FULL = "dossier_crm.action_report_dossier_full"


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

    def _brief(self, user, partner=None, report=BRIEF):
        html, __ = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(report, (partner or self.client).ids)
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

        # Notes are in the full dossier only: the brief keeps to one page.
        self.assertNotIn(shared, self._brief(self.dossier_user))
        boris = brief_section(self._brief(self.dossier_user, report=FULL), "notes")
        self.assertIn(shared, boris)
        self.assertIn(private, boris)
        self.assertNotIn(managers, boris)
        self.assertIn("Boris User", boris)  # the author
        self.assertIn("All dossier users", boris)
        self.assertIn("Only me", boris)
        # Newest first: the private note was written after the shared one.
        self.assertLess(boris.index(private), boris.index(shared))

        anna = brief_section(self._brief(self.dossier_user_2, report=FULL), "notes")
        self.assertIn(shared, anna)
        self.assertNotIn(private, anna)
        self.assertNotIn(managers, anna)

        manager = brief_section(self._brief(self.dossier_manager, report=FULL), "notes")
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
        # The brief lists the soonest dates, the full dossier every one.
        self.assertIn("more in the full dossier", brief_section(html, "dated_events"))
        full = self._brief(self.dossier_user, client, report=FULL)
        self.assertEqual(brief_section(full, "dated_events").count("Event of"), 12)


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
