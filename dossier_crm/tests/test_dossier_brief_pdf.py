# The brief is printed in Russian and English: Cyrillic letters are meant.
# ruff: noqa: RUF001
from datetime import date, timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import BRIEF, DossierUsersMixin, pdf_pages, render_pdf

FULL = "dossier_crm.action_report_dossier_full"


@tagged("post_install", "-at_install")
class TestDossierBriefPdf(DossierUsersMixin, HttpCase):
    """The printed brief of a client with a typical history is one page.

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

    def test_full_dossier_runs_to_more_pages(self):
        # The notes left out of the brief do not fit on its page.
        self.assertGreater(self._pages(FULL, self.dossier_user), 1)
