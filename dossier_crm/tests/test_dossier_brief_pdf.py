# The brief is printed in Russian and English: Cyrillic letters are meant.
# ruff: noqa: RUF001
from datetime import date, timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from ..report.dossier_brief import BRIEF_ROWS
from .common import BRIEF, DossierUsersMixin, pdf_pages, render_pdf

FULL = "dossier_crm.action_report_dossier_full"


@tagged("post_install", "-at_install")
class TestDossierBriefPdf(DossierUsersMixin, HttpCase):
    """The printed brief is one page: for a client with a typical history,
    for every client of the demo, and for a client whose every section has
    more rows than the brief lists.

    wkhtmltopdf fetches the report's assets from the test server, hence an
    HttpCase; tests render HTML unless ``force_report_rendering`` is set.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_dossier_users()
        Partner = cls.env["res.partner"]
        today = fields.Date.context_today(Partner)
        cls.client = Partner.create(
            {
                "name": "Балтийская верфь Baltic Shipyard",
                "is_company": True,
                "phone": "+7 812 555 01 02",
                "email": "office@baltic-shipyard.example.com",
                "street": "Косая линия, 16",
                "city": "Санкт-Петербург",
                "user_id": cls.dossier_manager.id,
            }
        )
        Interest = cls.env["dossier.interest"]
        cls.client.dossier_interest_ids = Interest.create({"name": "Shipbuilding"})
        people = Partner.create(
            [
                {
                    "name": name,
                    "parent_id": cls.client.id,
                    "function": function,
                    "email": f"person{index}@baltic-shipyard.example.com",
                    "phone": f"+7 812 555 01 0{index}",
                    "dossier_birthdate": (
                        today + timedelta(days=5 + index * 20)
                    ).replace(year=1970),
                }
                for index, (name, function) in enumerate(
                    (
                        ("Николай Белов", "Генеральный директор"),
                        ("Oleg Ivanov", "Fleet Director"),
                        ("Ирина Смирнова", "Head of HR"),
                    )
                )
            ]
        )
        people[0].dossier_interest_ids = Interest.create(
            [{"name": "Рыбалка"}, {"name": "Jazz"}]
        )
        cls.env["dossier.relation"].create(
            [
                {
                    "partner_id": people[0].id,
                    "name": "Ольга Белова",
                    "relation_type": "spouse",
                    "note": "Поёт в хоре Мариинского театра",
                },
                {
                    "partner_id": people[0].id,
                    "name": "Svetlana Gromova",
                    "relation_type": "assistant",
                },
            ]
        )
        cls.env["dossier.life.event"].create(
            {
                "partner_id": cls.client.id,
                "name": "Спуск на воду нового ледокола",
                "date": today + timedelta(days=30),
            }
        )
        cls.env["dossier.project"].create(
            {
                "name": "Корпоративная философия",
                "partner_id": cls.client.id,
                "state": "active",
                "date_start": date(2026, 1, 1),
                "description": "<p>The board decides on Mondays only.</p>",
                "member_ids": [
                    (0, 0, {"user_id": cls.dossier_user_2.id, "role": "consultant"})
                ],
            }
        )
        now = fields.Datetime.now()
        Contact = cls.env["dossier.contact"].with_user(cls.dossier_user)
        contacts = Contact.create(
            [
                {
                    "partner_id": cls.client.id,
                    "contact_person_id": people[index % 3].id,
                    "summary": f"Звонок о программе обучения, встреча {index}",
                    "outcome": "Agreed to send the updated programme by Friday",
                    "date": now - timedelta(days=7 * index + 1),
                }
                for index in range(12)
            ]
        )
        Contact.create(
            [
                {
                    "partner_id": cls.client.id,
                    "summary": f"Planned visit {index}",
                    "date": now + timedelta(days=10 * index + 3),
                    "state": "planned",
                }
                for index in range(3)
            ]
        )
        cls.env["dossier.decision"].create(
            [
                {
                    "contact_id": contacts[index].id,
                    "name": f"Send the training programme, part {index}",
                    "user_id": cls.dossier_user.id,
                }
                for index in range(2)
            ]
        )
        cls.env["dossier.note"].with_user(cls.dossier_user).create(
            [
                {
                    "partner_id": cls.client.id,
                    "body": f"<p>{'Long note. ' * 60}{index}</p>",
                }
                for index in range(8)
            ]
        )

    def _pages(self, report, user):
        return pdf_pages(render_pdf(self, report, self.client, user))

    def test_brief_of_a_typical_client_is_one_page(self):
        for user in (self.dossier_user, self.dossier_manager):
            self.assertEqual(self._pages(BRIEF, user), 1, user.login)

    def test_brief_of_every_demo_client_is_one_page(self):
        clients = self.env["res.partner"].search(
            [("dossier_is_client", "=", True), ("id", "!=", self.client.id)]
        )
        self.assertTrue(clients, "the suite runs with the demo data")
        # The reader who sees the most (accounting, every deal, the managers'
        # notes). One PDF a client: wkhtmltopdf built with an unpatched Qt
        # (Debian's, CI's) prints no PDF of several documents at once.
        admin = self.env.ref("base.user_admin")
        # Odoo waits 1 s for the scripts of each page; the brief runs none
        # that changes its layout (the header's page numbers only).
        self.env["ir.config_parameter"].set_param("report.print_delay", "100")
        longer = [
            client.name
            for client in clients
            if pdf_pages(render_pdf(self, BRIEF, client, admin)) != 1
        ]
        self.assertFalse(longer, "briefs not on one page")

    def test_brief_with_every_section_full_is_one_page(self):
        self._fill_every_section()
        admin = self.env.ref("base.user_admin")
        self.assertEqual(self._pages(BRIEF, admin), 1)
        # The rows left out are there, in the full dossier.
        self.assertGreater(self._pages(FULL, admin), 2)

    def _fill_every_section(self):
        """Give the client more rows of each section than the brief lists,
        with long texts: long functions, notes, descriptions, outcomes."""
        client, today = self.client, fields.Date.context_today(self.client)
        more = {section: rows + 3 for section, rows in BRIEF_ROWS.items()}
        Partner = self.env["res.partner"]
        people = Partner.create(
            [
                {
                    "name": f"Константин Константинопольский {index}",
                    "parent_id": client.id,
                    "function": "Deputy Director for Strategic Development",
                    "email": f"long.person.name.{index}@baltic-shipyard.example.com",
                    "phone": "+7 812 555 01 99",
                    "mobile": "+7 921 555 01 99",
                    "dossier_birthdate": date(1975, 1, 1) + timedelta(days=index),
                    "dossier_interest_ids": [
                        Command.create({"name": f"Interest {index} {name}"})
                        for name in ("Sailing", "Opera", "Chess", "Wine")
                    ],
                }
                for index in range(more["people"])
            ]
        )
        self.env["dossier.relation"].create(
            [
                {
                    "partner_id": people[index % len(people)].id,
                    "name": f"Relative {index}",
                    "relation_type": "spouse",
                    "note": "Likes to be called by name and patronymic. " * 6,
                }
                for index in range(more["relations"])
            ]
        )
        self.env["dossier.life.event"].create(
            [
                {
                    "partner_id": client.id,
                    "name": f"Anniversary of the shipyard, part {index}",
                    "date": today + timedelta(days=index + 1),
                }
                for index in range(more["dated_events"])
            ]
        )
        self.env["dossier.project"].create(
            [
                {
                    "name": f"Leadership programme {index}",
                    "partner_id": client.id,
                    "state": "active",
                    "date_start": today,
                    "user_id": self.dossier_manager.id,
                    "description": "<p>%s</p>" % ("The board wants results. " * 40),
                    "member_ids": [
                        Command.create({"user_id": user.id, "role": "consultant"})
                        for user in (self.dossier_user, self.dossier_user_2)
                    ],
                }
                for index in range(more["projects"])
            ]
        )
        self.env["crm.lead"].create(
            [
                {
                    "name": f"Training for the design bureau, wave {index}",
                    "type": "opportunity",
                    "partner_id": client.id,
                    "expected_revenue": 1_200_000,
                }
                for index in range(more["leads"])
            ]
        )
        Contact = self.env["dossier.contact"].with_user(self.dossier_user)
        contacts = Contact.create(
            [
                {
                    "partner_id": client.id,
                    "contact_person_id": people[0].id,
                    "summary": "Meeting with the board about the next programme",
                    "outcome": "They want the programme in two waves. " * 10,
                    "date": fields.Datetime.now() - timedelta(hours=index + 1),
                }
                for index in range(BRIEF_ROWS["last_contacts"])
            ]
            + [
                {
                    "partner_id": client.id,
                    "summary": "Call the board about the second wave " * 4,
                    "date": fields.Datetime.now() + timedelta(days=index + 1),
                    "state": "planned",
                }
                for index in range(more["planned_contacts"])
            ]
        )
        self.env["dossier.decision"].create(
            [
                {
                    "contact_id": contacts[0].id,
                    "name": "Send the programme of both waves to the board " * 3,
                    "user_id": self.dossier_user.id,
                }
                for _index in range(more["decisions"])
            ]
        )
        invoices = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": client.id,
                    "invoice_date": today - timedelta(days=40),
                    "invoice_date_due": today - timedelta(days=10),
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Training", "quantity": 1, "price_unit": 1000}
                        )
                    ],
                }
                for _index in range(more["invoices"])
            ]
        )
        invoices.action_post()

    def test_full_dossier_runs_to_more_pages(self):
        # The notes left out of the brief do not fit on its page.
        self.assertGreater(self._pages(FULL, self.dossier_user), 1)
