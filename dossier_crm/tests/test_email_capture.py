from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import DossierCase, ReceivablesCommon

# Queries of capturing one message, whatever its recipients and their past
# contacts (measured: see test_one_message_to_50_people_is_one_batch).
CAPTURE_QUERIES = 19

REPLY = """From: Irina Volkova <irina@northwind.example>
To: sales@firm.example
Subject: Re: Our training offer
Message-ID: <reply-1@northwind.example>
In-Reply-To: {parent}
References: {parent}
Content-Type: text/plain; charset=utf-8
MIME-Version: 1.0

Thank you, we accept the offer.
"""


@tagged("post_install", "-at_install")
class TestEmailCapture(DossierCase):
    """Emails sent from a chatter to the client's people, and emails a client
    sends in, are logged as done email contacts by themselves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person.email = "irina@northwind.example"
        cls.sales = new_test_user(
            cls.env,
            login="sales_capture",
            name="Sergei Sales",
            email="sergei@firm.example",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "dossier_crm.group_dossier_user",
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Sales training for Northwind",
                "type": "opportunity",
                "partner_id": cls.person.id,
                "user_id": cls.sales.id,
            }
        )
        cls.other_client = cls.env["res.partner"].create(
            {"name": "Contoso Training", "is_company": True}
        )
        cls.other_person = cls.env["res.partner"].create(
            {
                "name": "Oleg Contoso",
                "parent_id": cls.other_client.id,
                "email": "oleg@contoso.example",
            }
        )

    def _send(self, record=None, user=None, partners=None, **kwargs):
        """What "Send message" of the chatter does."""
        record = (record or self.lead).with_user(user or self.sales)
        values = {
            "body": "<p>Please find our offer attached.</p>",
            "subject": "Our training offer",
            "message_type": "comment",
            "subtype_xmlid": "mail.mt_comment",
            "partner_ids": (partners or self.person).ids,
            **kwargs,
        }
        return record.message_post(**values)

    def _captured(self, message):
        return self.Contact.sudo().search([("mail_message_id", "=", message.id)])

    def test_send_message_from_deal_logs_one_done_outbound_email(self):
        message = self._send()
        contact = self._captured(message)
        self.assertEqual(len(contact), 1)
        self.assertRecordValues(
            contact,
            [
                {
                    "partner_id": self.client.id,
                    "contact_person_id": self.person.id,
                    "channel": "email",
                    "direction": "outbound",
                    "state": "done",
                    "source": "email",
                    "user_id": self.sales.id,
                    "summary": "Our training offer",
                    "lead_id": self.lead.id,
                    "date": message.date,
                    "confidentiality": "all",
                }
            ],
        )
        self.assertEqual(contact.origin_ref, self.lead)
        self.assertIn("Please find our offer attached.", contact.description)
        # The salesperson reads it like a contact typed in by hand.
        self.assertEqual(
            self.Contact.with_user(self.sales).search(
                [("partner_id", "=", self.client.id)]
            ),
            contact,
        )

    def test_log_note_is_not_a_contact(self):
        note = self._send(subtype_xmlid="mail.mt_note")
        self.assertFalse(self._captured(note))

    def test_notifications_and_odoobot_are_not_contacts(self):
        notification = self._send(message_type="notification")
        bot = self._send(
            user=self.env.ref("base.user_root"),
            author_id=self.env.ref("base.partner_root").id,
        )
        self.assertFalse(self._captured(notification) | self._captured(bot))

    def test_reply_through_gateway_logs_one_inbound_contact_once(self):
        sent = self._send()
        raw = REPLY.format(parent=sent.message_id)
        self.env["mail.thread"].message_process("crm.lead", raw)
        reply = self.env["mail.message"].search(
            [("message_id", "=", "<reply-1@northwind.example>")]
        )
        self.assertEqual(reply.res_id, self.lead.id)
        contact = self._captured(reply)
        self.assertRecordValues(
            contact,
            [
                {
                    "partner_id": self.client.id,
                    "contact_person_id": self.person.id,
                    "channel": "email",
                    "direction": "inbound",
                    "state": "done",
                    "source": "email",
                    "user_id": self.sales.id,
                    "summary": "Re: Our training offer",
                    "lead_id": self.lead.id,
                }
            ],
        )
        # The same email again through the gateway, and the same message
        # notified again: still one contact each.
        with mute_logger("odoo.addons.mail.models.mail_thread"):
            self.env["mail.thread"].message_process("crm.lead", raw)
        Capture = self.env["dossier.contact.capture"]
        Capture._capture_message(self.lead, reply, False, [])
        Capture._capture_message(self.lead, sent, False, [])
        self.assertEqual(
            self.Contact.sudo().search_count([("partner_id", "=", self.client.id)]),
            2,
        )

    def test_one_contact_per_client_company_internal_people_ignored(self):
        self.env["ir.config_parameter"].set_param(
            "dossier_crm.internal_email_domains", "firm.example, partner-firm.example"
        )
        freelancer = self.env["res.partner"].create(
            {"name": "Our Freelancer", "email": "free@partner-firm.example"}
        )
        colleague = self.person.copy({"name": "Pavel Volkov", "email": "p@nw.example"})
        message = self._send(
            partners=self.person
            | colleague
            | self.other_person
            | self.dossier_user_2.partner_id
            | freelancer
            | self.env.company.partner_id
        )
        contacts = self._captured(message)
        self.assertEqual(
            sorted(contacts.mapped("partner_id.name")),
            ["Contoso Training", "Northwind Consulting"],
        )
        # The deal is Northwind's: the Contoso contact only refers to it.
        by_client = contacts.grouped("partner_id")
        self.assertEqual(by_client[self.client].lead_id, self.lead)
        self.assertFalse(by_client[self.other_client].lead_id)
        self.assertEqual(by_client[self.other_client].origin_ref, self.lead)

    def test_followers_of_the_record_count_as_recipients(self):
        self.lead.message_subscribe(partner_ids=self.person.ids)
        message = self._send(partners=self.env["res.partner"])
        self.assertEqual(self._captured(message).contact_person_id, self.person)

    def test_settings_switch_capture_off_and_set_confidentiality(self):
        params = self.env["ir.config_parameter"]
        params.set_param("dossier_crm.capture_emails", "0")
        self.assertFalse(self._captured(self._send()))
        params.set_param("dossier_crm.capture_emails", "1")
        params.set_param("dossier_crm.capture_confidentiality", "private")
        contact = self._captured(self._send())
        self.assertEqual(contact.confidentiality, "private")
        # Private: the author reads it, a colleague does not.
        self.assertTrue(contact.with_user(self.sales).has_access("read"))
        self.assertFalse(contact.with_user(self.dossier_user_2).has_access("read"))

    def test_recent_contact_warning_shows_the_captured_email(self):
        self._send()
        warning = self.client.with_user(
            self.dossier_user_2
        ).dossier_recent_contact_warning
        self.assertIn("Outgoing email", warning)
        self.assertIn("logged by Sergei Sales", warning)

    def test_users_cannot_forge_captured_contacts(self):
        message = self._send()
        contact = self._captured(message).with_user(self.sales)
        forged = {
            "partner_id": self.client.id,
            "summary": "Forged",
            "mail_message_id": message.id,
        }
        for vals in (
            forged,
            {"partner_id": self.client.id, "summary": "Forged", "source": "email"},
        ):
            with self.assertRaises(AccessError):
                self.Contact.with_user(self.sales).create(vals)
        with self.assertRaises(AccessError):
            self.Contact.with_user(self.sales).with_context(
                default_mail_message_id=message.id
            ).create({"partner_id": self.client.id, "summary": "Forged"})
        for vals in (
            {"source": "manual"},
            {"mail_message_id": False},
            {"origin_ref": f"res.partner,{self.client.id}"},
        ):
            with self.assertRaises(AccessError):
                contact.write(vals)
        self.assertEqual(contact.source, "email")
        self.assertEqual(contact.mail_message_id, message)
        # What users may still do: log by hand, and change what was said.
        contact.write({"outcome": "They will answer on Friday"})
        manual = self.Contact.with_user(self.sales).create(
            {"partner_id": self.client.id, "summary": "Call"}
        )
        self.assertEqual(manual.source, "manual")

    def test_one_message_to_50_people_is_one_batch(self):
        clients = self.env["res.partner"].create(
            [{"name": f"Client {i}", "is_company": True} for i in range(10)]
        )
        people = self.env["res.partner"].create(
            [
                {
                    "name": f"Person {i}",
                    "parent_id": clients[i % 10].id,
                    "email": f"p{i}@client{i % 10}.example",
                }
                for i in range(50)
            ]
        )
        # Their past contacts do not make capturing cost more.
        self.Contact.create(
            [
                {"partner_id": client.id, "summary": f"Old {i}", "state": "done"}
                for client in clients
                for i in range(5)
            ]
        )
        params = self.env["ir.config_parameter"]
        params.set_param("dossier_crm.capture_emails", "0")
        # Five people of one client, then fifty of ten.
        first = self._send(partners=people[::10])
        few = self._send(partners=people[::10])
        many = self._send(partners=people)
        params.set_param("dossier_crm.capture_emails", "1")
        Capture = self.env["dossier.contact.capture"].with_user(self.sales)
        lead = self.lead.with_user(self.sales)
        for message, budget in (
            (first, None),
            (few, CAPTURE_QUERIES),
            (many, CAPTURE_QUERIES),
        ):
            self.env.invalidate_all()
            with self.assertQueryBudget(budget):
                Capture._capture_message(lead, message, False, [])
        self.assertEqual(len(self._captured(few)), 1)
        self.assertEqual(self._captured(many).partner_id, clients)

    def test_source_in_report_and_settings_round_trip(self):
        self._send()
        self.Contact.create(
            {"partner_id": self.client.id, "summary": "Call", "user_id": self.sales.id}
        )
        groups = (
            self.env["dossier.contact.report"]
            .with_user(self.sales)
            .read_group(
                [("partner_id", "=", self.client.id)], ["contact_count:sum"], ["source"]
            )
        )
        self.assertEqual(
            {g["source"]: g["source_count"] for g in groups},
            {"email": 1, "manual": 1},
        )
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.dossier_capture_emails)
        self.assertTrue(settings.dossier_capture_meetings)
        self.assertEqual(settings.dossier_capture_confidentiality, "all")
        settings.write(
            {
                "dossier_capture_emails": False,
                "dossier_capture_confidentiality": "managers",
                "dossier_internal_email_domains": "@Firm.example, firm.ru",
            }
        )
        settings.execute()
        Settings = self.env["res.config.settings"]
        self.assertFalse(Settings._dossier_flag("dossier_crm.capture_emails"))
        self.assertTrue(Settings._dossier_flag("dossier_crm.capture_meetings"))
        self.assertEqual(Settings._dossier_capture_confidentiality(), "managers")
        self.assertEqual(
            Settings._dossier_internal_domains(), {"firm.example", "firm.ru"}
        )
        with self.assertRaises(ValidationError):
            Settings.create({"dossier_internal_email_domains": "firm example"})
        self.assertEqual(
            Settings._dossier_internal_domains(), {"firm.example", "firm.ru"}
        )


@tagged("post_install", "-at_install")
class TestEmailCaptureAccess(ReceivablesCommon):
    """A contact copies the message: never from a record its author may only
    read (an invoice any accounting reader may comment on)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person.email = "irina@northwind.example"
        cls.reader = new_test_user(
            cls.env,
            login="invoice_reader",
            name="Rita Reader",
            groups="base.group_user,account.group_account_readonly,"
            "dossier_crm.group_dossier_user",
        )
        cls.invoice = cls._invoice(1000.0, cls.person)

    def _send(self, user):
        return self.invoice.with_user(user).message_post(
            body="About your invoice",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.person.ids,
        )

    def _captured(self, message):
        return (
            self.env["dossier.contact"]
            .sudo()
            .search([("mail_message_id", "=", message.id)])
        )

    def test_author_who_may_only_read_the_record_logs_nothing(self):
        message = self._send(self.reader)
        self.assertEqual(message.author_id, self.reader.partner_id)
        self.assertFalse(self._captured(message))

    def test_author_who_may_write_logs_a_contact_on_the_record(self):
        contact = self._captured(self._send(self.billing_user))
        self.assertRecordValues(
            contact,
            [
                {
                    "partner_id": self.client.id,
                    "user_id": self.billing_user.id,
                    "summary": "About your invoice",
                    "lead_id": False,
                }
            ],
        )
        self.assertEqual(contact.origin_ref, self.invoice)
