import json
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import DossierUsersMixin

# Waits until every selector is on the page and contains each of its texts,
# then reports success; the browser times out otherwise.
WAIT_FOR = """
const expected = %s;
const check = () => {
    const tab = document.querySelector(".o_notebook a[name='dossier']");
    if (tab && !tab.classList.contains("active")) {
        tab.click();
    }
    const missing = Object.entries(expected).filter(([selector, texts]) => {
        const node = document.querySelector(selector);
        return !node || !texts.every((text) => node.textContent.includes(text));
    });
    if (missing.length) {
        console.info("waiting for " + JSON.stringify(missing));
        setTimeout(check, 500);
    } else {
        console.log("test successful");
    }
};
check();
"""


@tagged("post_install", "-at_install")
class TestContactUi(DossierUsersMixin, HttpCase):
    """The banner, the timeline and the contact views render in the web
    client (needs Chrome and websocket-client, else Odoo skips them)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_dossier_users()
        cls.client = cls.env["res.partner"].create(
            {"name": "Northwind Consulting", "is_company": True}
        )
        cls.env["dossier.contact"].with_user(cls.dossier_user_2).create(
            {
                "partner_id": cls.client.id,
                "summary": "Client called about the offer",
                "channel": "phone",
                "direction": "inbound",
                "date": fields.Datetime.now() - timedelta(minutes=5),
            }
        )

    def _wait_for(self, url, expected):
        self.browser_js(url, WAIT_FOR % json.dumps(expected), login="dossier_user")

    def test_client_form_shows_banner_and_timeline(self):
        self._wait_for(
            f"/odoo/action-dossier_crm.action_dossier_client/{self.client.id}",
            {
                # Not the day word: five minutes ago is "yesterday" just
                # after midnight. Frozen-clock tests cover the wording.
                "div[name='dossier_recent_contact_warning']": [
                    "Inbound phone call",
                    "logged by Anna Colleague",
                ],
                "div[name='dossier_timeline_contact_ids']": [
                    "Client called about the offer"
                ],
            },
        )

    def test_contact_views_render(self):
        action = "/odoo/action-dossier_crm.action_dossier_contact"
        for view_type, selector in (
            ("list", ".o_list_view"),
            ("kanban", ".o_kanban_view"),
            ("calendar", ".o_calendar_view"),
            ("pivot", ".o_pivot_view"),
            ("graph", ".o_graph_view"),
        ):
            self._wait_for(f"{action}?view_type={view_type}", {selector: []})
