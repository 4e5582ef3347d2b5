"""Settings > Privacy > Privacy Lookup finds a person's dossier and erases it
without breaking the clients' history."""

from datetime import date

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import DossierCase


@tagged("post_install", "-at_install")
class TestPrivacyLookup(DossierCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env,
            login="privacy_admin",
            name="Ada Admin",
            groups="base.group_user,base.group_system,dossier_crm.group_dossier_manager",
        )
        cls.person.write(
            {
                "email": "irina.volkova@northwind.example",
                "dossier_birthdate": date(1984, 6, 2),
            }
        )
        Contact = cls.Contact.with_user(cls.dossier_user)
        cls.contact = Contact.create(
            {
                "partner_id": cls.client.id,
                "summary": "Budget call with Irina Volkova",
                "outcome": "irina volkova agreed",
                "participant_ids": [Command.set(cls.dossier_user_2.ids)],
            }
        )
        # Tracked: the chatter keeps who was spoken to.
        cls.contact.contact_person_id = cls.person
        cls.other_contact = Contact.create(
            {"partner_id": cls.client.id, "summary": "Call with the director"}
        )
        cls.note = cls.env["dossier.note"].create(
            {"partner_id": cls.person.id, "body": "<p>Prefers tea</p>"}
        )
        cls.client_note = cls.env["dossier.note"].create(
            {"partner_id": cls.client.id, "body": "<p>Pays late</p>"}
        )
        cls.spouse = cls.env["dossier.relation"].create(
            {
                "partner_id": cls.person.id,
                "name": "Oleg Volkov",
                "relation_type": "spouse",
            }
        )
        cls.event = cls.env["dossier.life.event"].create(
            {
                "partner_id": cls.person.id,
                "name": "Oleg's jubilee",
                "date": date(2027, 3, 1),
                "relation_id": cls.spouse.id,
            }
        )
        southwind = cls.env["res.partner"].create(
            {"name": "Southwind", "is_company": True}
        )
        # Around another client: by her contact, and by her name only.
        cls.as_related = cls.env["dossier.relation"].create(
            {
                "partner_id": southwind.id,
                "name": "Irina",
                "related_partner_id": cls.person.id,
                "relation_type": "colleague",
                "birthdate": date(1984, 6, 2),
            }
        )
        cls.by_name = cls.env["dossier.relation"].create(
            {
                "partner_id": southwind.id,
                "name": "Irina Volkova",
                "relation_type": "other",
            }
        )
        cls.by_name_event = cls.env["dossier.life.event"].create(
            {
                "partner_id": southwind.id,
                "name": "Irina moves to Moscow",
                "date": date(2027, 5, 1),
                "relation_id": cls.by_name.id,
            }
        )
        cls.southwind_event = cls.env["dossier.life.event"].create(
            {
                "partner_id": southwind.id,
                "name": "Office move",
                "date": date(2027, 5, 1),
            }
        )

    def _lookup(self, name, email):
        wizard = (
            self.env["privacy.lookup.wizard"]
            .with_user(self.admin)
            .create({"name": name, "email": email})
        )
        wizard.action_lookup()
        return wizard

    def _found(self, wizard):
        return {(line.res_model, line.res_id) for line in wizard.line_ids}

    def test_lookup_finds_the_persons_dossier(self):
        wizard = self._lookup("Irina Volkova", "irina.volkova@northwind.example")
        found = self._found(wizard)
        expected = {
            ("res.partner", self.person.id),
            ("dossier.contact", self.contact.id),
            ("dossier.note", self.note.id),
            ("dossier.relation", self.spouse.id),
            ("dossier.relation", self.as_related.id),
            ("dossier.relation", self.by_name.id),
            ("dossier.life.event", self.event.id),
            ("dossier.life.event", self.by_name_event.id),
        }
        self.assertLessEqual(expected, found)
        for record in (self.other_contact, self.client_note, self.southwind_event):
            self.assertNotIn((record._name, record.id), found)
        # Each record once, though Odoo's own search finds some of them too.
        self.assertEqual(len(wizard.line_ids), len(found))

    def test_lookup_finds_contacts_a_colleague_took_part_in(self):
        self.dossier_user_2.partner_id.email = "anna@firm.example"
        wizard = self._lookup("Anna Colleague", "anna@firm.example")
        self.assertIn(("dossier.contact", self.contact.id), self._found(wizard))
        line = wizard.line_ids.filtered(lambda ln: ln.res_model == "dossier.contact")
        line.action_unlink()
        self.assertTrue(self.contact.exists())
        self.assertFalse(self.contact.participant_ids)
        self.assertEqual(self.contact.contact_person_id, self.person)

    def test_erasing_keeps_the_clients_history_without_the_person(self):
        wizard = self._lookup("Irina Volkova", "irina.volkova@northwind.example")
        wizard.line_ids.action_unlink_all()
        # The contact stays with the client, without her.
        self.assertTrue(self.contact.exists())
        self.assertFalse(self.contact.contact_person_id)
        self.assertEqual(self.contact.participant_ids, self.dossier_user_2)
        self.assertNotIn("Irina", self.contact.summary)
        self.assertNotIn("irina", self.contact.outcome.lower())
        self.assertFalse(
            self.env["mail.tracking.value"].search(
                [
                    ("mail_message_id.model", "=", "dossier.contact"),
                    ("mail_message_id.res_id", "=", self.contact.id),
                    ("old_value_char", "ilike", "Irina"),
                ]
            )
            | self.env["mail.tracking.value"].search(
                [
                    ("mail_message_id.model", "=", "dossier.contact"),
                    ("mail_message_id.res_id", "=", self.contact.id),
                    ("new_value_char", "ilike", "Irina"),
                ]
            )
        )
        # Her own records, and those about her around others, are gone.
        for record in (
            self.note,
            self.spouse,
            self.event,
            self.as_related,
            self.by_name,
            self.by_name_event,
            self.person,
        ):
            self.assertFalse(record.exists(), record)
        # The rest of the clients' dossiers stays.
        for record in (self.other_contact, self.client_note, self.southwind_event):
            self.assertTrue(record.exists(), record)
        line = wizard.line_ids.filtered(lambda ln: ln.res_model == "dossier.contact")
        self.assertIn("Anonymised", line.execution_details)
        self.assertIn("Anonymised", wizard.log_id.execution_details)

    def test_archiving_from_the_lookup(self):
        wizard = self._lookup("Irina Volkova", "irina.volkova@northwind.example")
        wizard.line_ids.action_archive_all()
        self.assertFalse(self.person.active)
        for relation in (self.spouse, self.as_related, self.by_name):
            self.assertFalse(relation.active)
        self.assertTrue(self.contact.exists())

    def test_contacts_of_a_person_who_is_the_client_are_deleted(self):
        solo = self.env["res.partner"].create(
            {"name": "Ivan Solo", "email": "ivan.solo@example.com"}
        )
        contact = self.Contact.with_user(self.dossier_user).create(
            {"partner_id": solo.id, "summary": "Coaching session"}
        )
        wizard = self._lookup("Ivan Solo", "ivan.solo@example.com")
        self.assertIn(("dossier.contact", contact.id), self._found(wizard))
        wizard.line_ids.action_unlink_all()
        self.assertFalse(contact.exists())
        self.assertFalse(solo.exists())
        self.assertTrue(self.contact.exists())
