from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from ..report.dossier_brief import BRIEF_ROWS
from .common import BRIEF, DossierUsersMixin, brief_section

FULL = "dossier_crm.action_report_dossier_full"


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

    def _brief(self, user, partner=None, report=BRIEF):
        html, report_format = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(report, (partner or self.client).ids)
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
        # Closed deals belong to the History section, not to the open ones.
        deals = brief_section(seller, "deals")
        self.assertIn("Regional offices training deal", deals)
        self.assertNotIn("Already won deal", deals)
        self.assertNotIn("Lost deal", deals)
        consultant = self._brief(self.dossier_user)
        self.assertNotIn("Open deals", consultant)
        self.assertNotIn("Regional offices training deal", consultant)

    def test_brief_lists_five_last_contacts_the_full_dossier_ten(self):
        now = fields.Datetime.now()
        for day in range(1, 13):
            self._contact(
                self.dossier_user,
                f"Routine call {day:02d}",
                now - timedelta(days=10, hours=day),
            )
        # The two contacts logged in setUpClass before the routine calls are newer.
        html = self._brief(self.dossier_user)
        shown = [day for day in range(1, 13) if f"Routine call {day:02d}" in html]
        self.assertEqual(shown, [1, 2, 3])
        self.assertIn("Shared call about the board", html)
        self.assertIn("Boris private lunch", html)
        full = self._brief(self.dossier_user, report=FULL)
        shown = [day for day in range(1, 13) if f"Routine call {day:02d}" in full]
        self.assertEqual(shown, list(range(1, 9)))

    def test_brief_leaves_out_empty_sections(self):
        bare = self.env["res.partner"].create({"name": "Bare Client Ltd"})
        html = self._brief(self.dossier_user, bare)
        self.assertIn("Bare Client Ltd", html)
        for heading in (
            "People",
            "Interests",
            "Open projects",
            "Open decisions",
            "Last contacts",
            "Planned in the next",
            "Dated events",
            "Notes",
        ):
            self.assertNotIn(f"<h4>{heading}", html)
        self.assertNotIn('class="text-muted">No ', html)

    def test_brief_shows_the_interests_of_the_people_with_whose(self):
        self.person.dossier_interest_ids = self.env["dossier.interest"].create(
            {"name": "Byzantine icons"}
        )
        section = brief_section(self._brief(self.dossier_user), "interests")
        self.assertIn("Sailing regattas", section)  # the company's own
        self.assertIn("Byzantine icons", section)
        self.assertLess(section.index("Oleg Ivanov"), section.index("Byzantine icons"))

    def test_full_dossier_has_the_notes_the_brief_leaves_out(self):
        self.env["dossier.note"].with_user(self.dossier_user).create(
            {
                "partner_id": self.person.id,
                "body": "<p>Hates long meetings</p>",
                "confidentiality": "private",
            }
        )
        self.assertNotIn("Hates long meetings", self._brief(self.dossier_user))
        full = self._brief(self.dossier_user, report=FULL)
        self.assertIn("Dossier: <span>Baltic Shipping</span>", full)
        self.assertIn("Hates long meetings", brief_section(full, "notes"))
        self.assertNotIn(
            "Hates long meetings", self._brief(self.dossier_user_2, report=FULL)
        )
        with self.assertRaises(AccessError):
            self._brief(self.plain_user, report=FULL)

    def test_brief_buttons_in_the_form_header(self):
        arch = (
            self.env["res.partner"]
            .with_user(self.dossier_user)
            .get_view(self.env.ref("base.view_partner_form").id)["arch"]
        )
        header = arch[arch.index("<header") : arch.index("</header>")]
        self.assertIn('name="action_dossier_print_brief"', header)
        self.assertIn('name="action_dossier_print_full"', header)
        action = self.person.with_user(self.dossier_user).action_dossier_print_full()
        self.assertEqual(action["report_name"], "dossier_crm.report_dossier_full")
        self.assertEqual(action["context"]["active_ids"], self.client.ids)
        self.assertNotIn("action_dossier_print_brief", arch.split("</header>", 1)[1])

    def test_brief_lists_its_rows_and_counts_the_rest(self):
        rows = BRIEF_ROWS["people"]
        self.env["res.partner"].create(
            [
                {"name": f"Deputy {index:02d}", "parent_id": self.client.id}
                for index in range(rows + 2)
            ]
        )
        people = self.client.child_ids.filtered(lambda p: p.type == "contact")
        brief = brief_section(self._brief(self.dossier_user), "people")
        self.assertEqual(
            sum(person.name in brief for person in people), rows, "rows listed"
        )
        self.assertIn(f"+ {len(people) - rows} more in the full dossier", brief)
        full = brief_section(self._brief(self.dossier_user, report=FULL), "people")
        self.assertTrue(all(person.name in full for person in people))
        self.assertNotIn("more in the full dossier", full)

    def test_brief_shortens_free_texts_the_full_dossier_keeps(self):
        outcome = "They want the programme in two waves, then a third. " * 5
        self.env["dossier.contact"].with_user(self.dossier_user).create(
            {
                "partner_id": self.client.id,
                "summary": "Board meeting",
                "outcome": outcome,
                "date": fields.Datetime.now() - timedelta(minutes=1),
            }
        )
        brief = self._brief(self.dossier_user)
        self.assertNotIn(outcome.strip(), brief)
        self.assertIn("They want the programme in two waves", brief)
        self.assertIn(outcome.strip(), self._brief(self.dossier_user, report=FULL))

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
