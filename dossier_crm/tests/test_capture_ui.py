import json

from odoo.tests import HttpCase, new_test_user, tagged

from .common import DossierUsersMixin
from .test_contact_ui import WAIT_FOR

# Sends the text as "Send message" from the chatter of the open record, then
# reports success once the message shows in the chatter; each step waits for
# its element, the browser times out otherwise.
SEND_FROM_CHATTER = """
const text = %s;
const until = (step, find, then) => {
    const found = find();
    if (found) {
        console.info("step done: " + step);
        then(found);
    } else {
        setTimeout(() => until(step, find, then), 300);
    }
};
const enabled = (selector) => {
    const node = document.querySelector(selector);
    return node && !node.disabled && node;
};
// The button is enabled once the record's access rights are loaded.
until("chatter loaded", () => enabled(".o-mail-Chatter-sendMessage"), (button) => {
    button.click();
    const composer = ".o-mail-Chatter .o-mail-Composer";
    const input = () => document.querySelector(composer + "-input");
    until("composer open", input, (input) => {
        input.focus();
        input.value = text;
        input.dispatchEvent(new Event("input", { bubbles: true }));
        until("text typed", () => enabled(composer + "-send"), (send) => {
            send.click();
            until(
                "message posted",
                () => [...document.querySelectorAll(".o-mail-Message-body")].some(
                    (body) => body.textContent.includes(text)
                ),
                () => console.log("test successful")
            );
        });
    });
});
"""


@tagged("post_install", "-at_install")
class TestCaptureUi(DossierUsersMixin, HttpCase):
    """An email sent from a deal's chatter in the web client shows in the
    client's timeline (needs Chrome and websocket-client, else Odoo skips it)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_dossier_users()
        cls.sales = new_test_user(
            cls.env,
            login="sales_ui",
            name="Sergei Sales",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "dossier_crm.group_dossier_user",
        )
        cls.client = cls.env["res.partner"].create(
            {"name": "Northwind Consulting", "is_company": True}
        )
        cls.person = cls.env["res.partner"].create(
            {
                "name": "Irina Volkova",
                "parent_id": cls.client.id,
                "email": "irina@northwind.example",
            }
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Sales training for Northwind",
                "type": "opportunity",
                "partner_id": cls.person.id,
                "user_id": cls.sales.id,
            }
        )
        # The client's person follows the deal: "Send message" reaches her.
        cls.lead.message_subscribe(partner_ids=cls.person.ids)

    def test_email_from_deal_chatter_shows_in_client_timeline(self):
        text = "Our offer for the sales training is attached"
        self.browser_js(
            f"/odoo/crm/{self.lead.id}",
            SEND_FROM_CHATTER % json.dumps(text),
            login="sales_ui",
        )
        contact = self.env["dossier.contact"].search(
            [("partner_id", "=", self.client.id)]
        )
        self.assertEqual(contact.source, "email")
        self.assertEqual(contact.lead_id, self.lead)
        self.browser_js(
            f"/odoo/action-dossier_crm.action_dossier_client/{self.client.id}",
            WAIT_FOR % json.dumps({"div[name='dossier_timeline_contact_ids']": [text]}),
            login="sales_ui",
        )
