from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common import DossierUsersMixin

NOW = datetime(2026, 3, 11, 12, 0)  # a Wednesday


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestContactViews(DossierUsersMixin, TransactionCase):
    """What users reach from the views: filters, quick logging, timeline."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_dossier_users()
        Partner = cls.env["res.partner"]
        cls.client = Partner.create({"name": "Northwind", "is_company": True})
        cls.person = Partner.create({"name": "Irina", "parent_id": cls.client.id})
        cls.quiet = Partner.create({"name": "Quiet Ltd", "is_company": True})
        cls.dormant = Partner.create({"name": "Dormant Ltd", "is_company": True})
        cls.never = Partner.create({"name": "Never Ltd", "is_company": True})
        cls.Contact = cls.env["dossier.contact"]

    def _contact(self, partner, days, state="done", user=None, **vals):
        return self.Contact.with_user(user or self.dossier_user).create(
            {
                "partner_id": partner.id,
                "summary": "Contact",
                "date": NOW + timedelta(days=days),
                "state": state,
                **vals,
            }
        )

    def _filter_domain(self, model, name, user):
        arch = self.env[model].with_user(user).get_views([(False, "search")])
        root = etree.fromstring(arch["views"]["search"]["arch"])
        node = root.xpath(f"//filter[@name='{name}']")
        self.assertTrue(node, f"filter {name} on {model}")
        context = {
            "uid": user.id,
            "context_today": NOW.date,
            "relativedelta": relativedelta,
        }
        return safe_eval(node[0].get("domain"), context)

    def _search_with_filter(self, model, name, user, domain=()):
        return (
            self.env[model]
            .with_user(user)
            .search([*domain, *self._filter_domain(model, name, user)])
        )

    def test_all_contact_views_load(self):
        views = self.Contact.with_user(self.dossier_user).get_views(
            [
                (False, kind)
                for kind in (
                    "list",
                    "form",
                    "kanban",
                    "calendar",
                    "pivot",
                    "graph",
                    "search",
                )
            ]
        )
        self.assertEqual(len(views["views"]), 7)
        action = self.env.ref("dossier_crm.action_dossier_contact")
        for kind in ("list", "kanban", "calendar", "pivot", "graph", "form"):
            self.assertIn(kind, action.view_mode)
        form = views["views"]["form"]["arch"]
        for button in (
            "action_done",
            "action_cancel",
            "action_plan_next",
            "action_reset_to_planned",
        ):
            self.assertIn(f'name="{button}"', form)
        self.assertIn('name="recent_contact_warning"', form)
        self.assertIn('name="decision_ids"', form)

    def test_client_filters(self):
        self._contact(self.client, -3)
        self._contact(self.client, 5, state="planned")
        self._contact(self.quiet, -45)
        self._contact(self.dormant, -120)
        mine = [
            ("id", "in", (self.client | self.quiet | self.dormant | self.never).ids)
        ]
        user = self.dossier_user
        self.assertEqual(
            self._search_with_filter(
                "res.partner", "dossier_not_contacted_30", user, mine
            ),
            self.quiet | self.dormant | self.never,
        )
        self.assertEqual(
            self._search_with_filter(
                "res.partner", "dossier_not_contacted_90", user, mine
            ),
            self.dormant | self.never,
        )
        self.assertEqual(
            self._search_with_filter(
                "res.partner", "dossier_has_planned_contact", user, mine
            ),
            self.client,
        )

    def test_contact_filters(self):
        me, colleague = self.dossier_user, self.dossier_user_2
        this_week = self._contact(self.client, -1, channel="meeting")  # Tuesday
        last_week = self._contact(self.client, -4, user=colleague)  # last Saturday
        overdue = self._contact(self.client, -2, state="planned", direction="inbound")
        upcoming = self._contact(self.client, 2, state="planned", user=colleague)
        domain = [("partner_id", "=", self.client.id)]

        def found(name):
            return self._search_with_filter("dossier.contact", name, me, domain)

        self.assertEqual(found("my_contacts"), this_week | overdue)
        self.assertEqual(found("planned"), overdue | upcoming)
        self.assertEqual(found("overdue"), overdue)
        self.assertEqual(found("done_this_week"), this_week)
        self.assertEqual(found("channel_meeting"), this_week)
        self.assertEqual(found("inbound"), overdue)
        self.assertEqual(found("outbound"), this_week | last_week | upcoming)

    def test_log_a_contact_from_the_person_form(self):
        action = self.person.with_user(self.dossier_user).action_dossier_log_contact()
        self.assertEqual(action["target"], "new")
        view_id = action["views"][0][0]
        Contact = self.Contact.with_user(self.dossier_user).with_context(
            **action["context"]
        )
        with Form(Contact, view=view_id) as form:
            self.assertEqual(form.partner_id, self.client)
            self.assertEqual(form.contact_person_id, self.person)
            form.channel = "phone"
            form.direction = "inbound"
            form.summary = "Irina called about the seminar"
        contact = form.record
        self.assertEqual(contact.partner_id, self.client)
        self.assertEqual(contact.user_id, self.dossier_user)
        self.assertEqual(contact.state, "done")
        self.assertEqual(self.client.dossier_last_contact_date, contact.date)

    def test_partner_form_shows_banner_and_timeline(self):
        Partner = self.env["res.partner"].with_user(self.dossier_user)
        arch = Partner.get_views([(False, "form")])["views"]["form"]["arch"]
        root = etree.fromstring(arch)
        self.assertTrue(root.xpath("//field[@name='dossier_recent_contact_warning']"))
        # The timeline and "Log a contact" are in a section of the Dossier
        # page, read when the tab is opened.
        page = root.xpath("//page[@name='dossier']")[0]
        section_ids = [
            int(node.get("view_id"))
            for node in page.xpath(".//widget[@name='dossier_tab_section']")
        ]
        sections = [
            etree.fromstring(
                Partner.get_views([(view_id, "form")])["views"]["form"]["arch"]
            )
            for view_id in section_ids
        ]
        self.assertTrue(
            [
                s
                for s in sections
                if s.xpath("//field[@name='dossier_timeline_contact_ids']")
            ]
        )
        self.assertTrue(
            [
                s
                for s in sections
                if s.xpath("//button[@name='action_dossier_log_contact']")
            ]
        )

    def test_timeline_shows_latest_readable_contacts(self):
        contacts = [self._contact(self.client, -i) for i in range(1, 13)]
        private = self._contact(
            self.client, 0, user=self.dossier_user_2, confidentiality="private"
        )
        timeline = self.person.with_user(self.dossier_user).dossier_timeline_contact_ids
        self.assertEqual(timeline.ids, [c.id for c in contacts[:10]])
        self.assertNotIn(private, timeline)
        # Several partners at once, each with its own latest ones.
        self._contact(self.quiet, -1)
        both = (self.client | self.quiet).with_user(self.dossier_user)
        self.assertEqual(len(both[0].dossier_timeline_contact_ids), 10)
        self.assertEqual(len(both[1].dossier_timeline_contact_ids), 1)

    def test_private_contact_hidden_from_search_read_and_read_group(self):
        private = self._contact(
            self.client, -1, user=self.dossier_user_2, confidentiality="private"
        )
        shared = self._contact(self.client, -1, user=self.dossier_user_2)
        Contact = self.Contact.with_user(self.dossier_user)
        domain = [("partner_id", "=", self.client.id)]
        self.assertEqual(Contact.search(domain), shared)
        self.assertEqual(
            [r["id"] for r in Contact.search_read(domain, ["id"])], [shared.id]
        )
        groups = Contact.read_group(domain, ["duration:sum"], ["state"])
        self.assertEqual(sum(g["state_count"] for g in groups), 1)
        groups = Contact.web_read_group(domain, ["summary"], ["channel"])
        self.assertEqual(groups["length"], 1)
        with self.assertRaises(AccessError):
            private.with_user(self.dossier_user).read(["summary"])
        # The client's count of contacts is the same for everyone, the list not.
        self.assertNotIn(
            private,
            self.client.with_user(self.dossier_user).dossier_timeline_contact_ids,
        )
