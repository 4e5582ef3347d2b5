from datetime import timedelta

from odoo.addons.dossier_crm.tests.common import BRIEF, brief_section
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import EventDossierCase


@tagged("post_install", "-at_install")
class TestEventDossier(EventDossierCase):
    """The events of the client's people on the Dossier tab and in the brief."""

    def test_dossier_tab_lists_the_people_registrations(self):
        attended = self._register(self.person, "done")
        registered = self._register(self.person_2, "open", self.next_event)
        own = self._register(self.client, "open", self.next_event)
        self._register(self.person, "cancel", self.next_event)
        self._register(self.person_2, "draft")
        self._register(self.other_person, "done")
        for partner in (self.client, self.person):
            shown = partner.with_user(
                self.event_dossier_user
            ).dossier_event_registration_ids
            self.assertEqual(shown, attended | registered | own, partner.name)
        # The latest event first.
        self.assertEqual(self.client.dossier_event_registration_ids[-1], attended)
        self.assertEqual(
            self.other_client.dossier_event_registration_ids.partner_id,
            self.other_person,
        )

    def test_dossier_tab_needs_event_rights(self):
        self._register(self.person, "done")
        with self.assertRaises(AccessError):
            self.client.with_user(self.dossier_user).read(
                ["dossier_event_registration_ids"]
            )

    def test_dossier_tab_follows_the_company_rule(self):
        other_company = self.env["res.company"].create({"name": "Other Firm"})
        event = self.event.copy({"company_id": other_company.id})
        self._register(self.person, "done", event)
        mine = self._register(self.person_2, "done")
        self.assertEqual(
            self.client.with_user(
                self.event_dossier_user
            ).dossier_event_registration_ids,
            mine,
        )

    def test_dossier_tab_queries_do_not_grow_with_clients(self):
        clients = self.client | self.other_client
        for person in (self.person, self.person_2, self.other_person):
            self._register(person, "done")
        Partner = self.env["res.partner"].with_user(self.event_dossier_user)
        counts = []
        for shown in (self.client, self.client, clients):
            partners = Partner.browse(shown.ids)
            self.env.invalidate_all()
            queries_before = self.cr.sql_log_count
            partners.read(["dossier_event_registration_ids"])
            counts.append(self.cr.sql_log_count - queries_before)
        self.assertEqual(counts[1], counts[2])

    def _brief(self, user, report=BRIEF):
        html, _format = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(report, self.client.ids)
        )
        return html.decode()

    def test_brief_shows_the_latest_events(self):
        events = self.env["event.event"]
        for day in range(5):
            start = self.event.date_begin - timedelta(days=10 - day)
            event = self.env["event.event"].create(
                {
                    "name": f"Evening Class {day}",
                    "date_begin": start,
                    "date_end": start + timedelta(hours=2),
                }
            )
            events |= event
            self._register(self.person, "done", event)
        section = brief_section(self._brief(self.event_dossier_user), "events")
        shown = [name for name in events.mapped("name") if name in section]
        self.assertEqual(len(shown), 3, "the brief keeps a few lines")
        self.assertEqual(
            shown, [f"Evening Class {day}" for day in (2, 3, 4)], "the latest"
        )
        self.assertIn(self.person.name, section)
        full = self._brief(
            self.event_dossier_user, "dossier_crm.action_report_dossier_full"
        )
        self.assertEqual(
            [name for name in events.mapped("name") if name in full],
            events.mapped("name"),
        )

    def test_brief_has_no_events_for_readers_of_none(self):
        self._register(self.person, "done")
        html = self._brief(self.dossier_user)
        self.assertNotIn('name="events"', html)
        self.assertNotIn(self.event.name, html)
