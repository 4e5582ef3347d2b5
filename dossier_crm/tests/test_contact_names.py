from datetime import timedelta

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import DossierCase


@tagged("post_install", "-at_install")
class TestContactNames(DossierCase):
    """A contact named with its client, the log named apart from Odoo's
    Contacts, its kanban and calendar readable."""

    def _plan(self, user=None, **vals):
        return self.Contact.with_user(user or self.dossier_user).create(
            {
                "partner_id": self.client.id,
                "summary": "Invite to the spring sales seminar",
                "state": "planned",
                "date": fields.Datetime.now() + timedelta(days=2),
                **vals,
            }
        )

    def test_planned_contact_is_named_client_then_summary(self):
        contact = self._plan()
        expected = "Northwind Consulting: Invite to the spring sales seminar"
        self.assertEqual(contact.with_user(self.dossier_user).display_name, expected)
        activity = self.env["mail.activity"].search(
            [("dossier_contact_id", "=", contact.id)]
        )
        # The activity view, the systray and the calendar name it so.
        self.assertEqual(activity.summary, expected)
        self.assertEqual(activity.with_user(self.dossier_user).res_name, expected)
        self.client.name = "Northwind Group"
        self.assertEqual(
            contact.with_user(self.dossier_user).display_name,
            "Northwind Group: Invite to the spring sales seminar",
        )

    def test_unreadable_contact_stays_confidential(self):
        contact = self._plan(user=self.dossier_user_2, confidentiality="private")
        self.assertEqual(
            contact.with_user(self.dossier_user).display_name, "Confidential contact"
        )
        self.assertNotIn("Northwind", contact.with_user(self.dossier_user).display_name)

    def test_contact_log_is_not_named_like_odoos_contacts(self):
        action = self.env.ref("dossier_crm.action_dossier_contact")
        menu = self.env.ref("dossier_crm.menu_dossier_contacts")
        contacts_app = self.env.ref("contacts.menu_contacts", raise_if_not_found=False)
        self.assertEqual(action.name, "Contact Log")
        self.assertEqual(menu.name, "Contact Log")
        if contacts_app:
            self.assertNotEqual(menu.name, contacts_app.name)

    def test_kanban_columns_planned_done_cancelled(self):
        self._plan()
        self.Contact.with_user(self.dossier_user).create(
            {"partner_id": self.client.id, "summary": "Called", "state": "done"}
        )
        self._plan(summary="Dropped").action_cancel()
        groups = self.Contact.with_user(self.dossier_user).web_read_group(
            [("partner_id", "=", self.client.id)], ["state"], ["state"]
        )["groups"]
        self.assertEqual(
            [group["state"] for group in groups], ["planned", "done", "cancelled"]
        )

    def test_calendar_gives_a_contact_without_duration_half_an_hour(self):
        without, logged = self.Contact.with_user(self.dossier_user).create(
            [
                {"partner_id": self.client.id, "summary": "Quick call"},
                {"partner_id": self.client.id, "summary": "Visit", "duration": 2.0},
            ]
        )
        self.assertEqual(without.duration, 0.0)
        self.assertEqual(without.calendar_duration, 0.5)
        self.assertEqual(logged.calendar_duration, 2.0)
        # Resizing it in the calendar sets the duration.
        without.calendar_duration = 1.5
        self.assertEqual(without.duration, 1.5)
        arch = etree.fromstring(self.Contact.get_view(view_type="calendar")["arch"])
        self.assertEqual(arch.get("date_delay"), "calendar_duration")

    def test_ready_made_holidays_have_distinct_names(self):
        holidays = (
            self.env["dossier.holiday"].with_context(active_test=False).search([])
        )
        names = holidays.mapped("name")
        self.assertEqual(len(names), len(set(names)), names)


@tagged("post_install", "-at_install")
class TestWhoIsAClient(DossierCase):
    """The firm's own companies and its users are never clients: not in the
    Clients menu, nor among the clients not contacted lately."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.firm = cls.env.company.partner_id
        cls.staff = cls.dossier_user.partner_id
        cls.individual = cls.env["res.partner"].create({"name": "Oleg Private"})

    def _filter(self, name):
        view = self.env.ref("dossier_crm.res_partner_view_search_dossier")
        node = etree.fromstring(view.arch).xpath(f"//filter[@name='{name}']")[0]
        return safe_eval(
            node.get("domain"),
            {
                "context_today": lambda: fields.Date.context_today(self.env.user),
                "relativedelta": relativedelta,
            },
        )

    def test_clients_filter_excludes_the_firm_and_its_users(self):
        Partner = self.env["res.partner"].with_user(self.dossier_user)
        clients = Partner.search(self._filter("dossier_clients"))
        self.assertIn(self.client, clients)
        self.assertIn(self.individual, clients)
        self.assertNotIn(self.person, clients, "a client's person, not a client")
        self.assertNotIn(self.firm, clients)
        self.assertNotIn(self.staff, clients)
        firm_address = self.env["res.partner"].create(
            {"name": "Firm warehouse", "parent_id": self.firm.id, "type": "delivery"}
        )
        self.assertNotIn(firm_address, Partner.search(self._filter("dossier_clients")))

    def test_not_contacted_filters_exclude_the_firm_and_its_users(self):
        Partner = self.env["res.partner"].with_user(self.dossier_user)
        for name in ("dossier_not_contacted_30", "dossier_not_contacted_90"):
            found = Partner.search(self._filter(name))
            self.assertIn(self.client, found, name)
            self.assertNotIn(self.firm, found, name)
            self.assertNotIn(self.staff, found, name)

    def test_field_and_its_search_agree(self):
        Partner = self.env["res.partner"].with_user(self.dossier_user)
        people = self.client | self.individual | self.person | self.firm | self.staff
        self.assertEqual(
            people.with_user(self.dossier_user).filtered("dossier_is_client"),
            self.client | self.individual,
        )
        self.assertEqual(
            Partner.search(
                [("id", "in", people.ids), ("dossier_is_client", "=", False)]
            ),
            self.person | self.firm | self.staff,
        )
        with self.assertRaises(UserError):
            Partner.search([("dossier_is_client", "in", [True])])

    def test_capture_uses_the_same_firm_companies(self):
        people = self.env["dossier.contact.capture"]._client_people(
            self.person | self.firm | self.staff
        )
        self.assertEqual(list(people), [self.person])
