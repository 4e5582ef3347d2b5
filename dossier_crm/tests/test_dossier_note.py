from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DossierCase


@tagged("post_install", "-at_install")
class TestDossierNote(DossierCase):
    """Confidentiality of notes holds for every way of reading them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Note = cls.env["dossier.note"]
        author = cls.Note.with_user(cls.dossier_user_2)
        cls.shared = author.create(
            {"partner_id": cls.client.id, "body": "<p>Prefers tea to coffee</p>"}
        ).sudo()
        cls.restricted = author.create(
            {
                "partner_id": cls.client.id,
                "body": "<p>Renewal in doubt</p>",
                "confidentiality": "managers",
            }
        ).sudo()
        cls.private = author.create(
            {
                "partner_id": cls.client.id,
                "body": "<p>May change jobs</p>",
                "confidentiality": "private",
            }
        ).sudo()
        cls.domain = [("partner_id", "=", cls.client.id)]

    def _form_note_ids(self, user):
        """The notes the partner form loads, as the web client asks for them."""
        [values] = self.client.with_user(user).web_read(
            {"dossier_note_ids": {"fields": {"body": {}, "confidentiality": {}}}}
        )
        return {note["id"] for note in values["dossier_note_ids"]}

    def test_author_is_the_creator(self):
        self.assertEqual(self.shared.user_id, self.dossier_user_2)
        self.assertEqual(self.shared.confidentiality, "all")

    def test_user_sees_only_shared_notes(self):
        as_user = self.Note.with_user(self.dossier_user)
        self.assertEqual(as_user.search(self.domain), self.shared)
        self.assertEqual(as_user.search_count(self.domain), 1)
        [(count,)] = as_user._read_group(self.domain, [], ["__count"])
        self.assertEqual(count, 1)
        groups = as_user.read_group(
            self.domain, ["confidentiality"], ["confidentiality"]
        )
        self.assertEqual(
            {g["confidentiality"]: g["confidentiality_count"] for g in groups},
            {"all": 1},
        )
        for hidden in (self.restricted, self.private):
            with self.assertRaises(AccessError):
                hidden.with_user(self.dossier_user).read(["body"])
        self.assertEqual(self._form_note_ids(self.dossier_user), {self.shared.id})
        self.assertEqual(
            self.client.with_user(self.dossier_user).dossier_note_ids, self.shared
        )

    def test_export_shows_only_readable_notes(self):
        self.dossier_user.groups_id += self.env.ref("base.group_allow_export")
        rows = (
            self.client.with_user(self.dossier_user)
            .export_data(["name", "dossier_note_ids/body"])
            .get("datas")
        )
        exported = " ".join(str(cell) for row in rows for cell in row)
        self.assertIn("Prefers tea", exported)
        self.assertNotIn("Renewal in doubt", exported)
        self.assertNotIn("May change jobs", exported)

    def test_report_shows_only_readable_notes(self):
        """A printed report walks the client's notes as the user printing it."""
        template = self.env["ir.ui.view"].create(
            {
                "name": "dossier_crm.test_notes_report",
                "type": "qweb",
                "arch": """<t t-name="dossier_crm.test_notes_report">
                    <t t-foreach="docs" t-as="doc">
                        <div t-foreach="doc.dossier_note_ids" t-as="note"
                             t-out="note.body"/>
                    </t>
                </t>""",
            }
        )
        html = str(
            self.env["ir.qweb"]
            .with_user(self.dossier_user)
            ._render(template.id, {"docs": self.client.with_user(self.dossier_user)})
        )
        self.assertIn("Prefers tea", html)
        self.assertNotIn("Renewal in doubt", html)
        self.assertNotIn("May change jobs", html)

    def test_manager_sees_restricted_but_not_others_private(self):
        as_manager = self.Note.with_user(self.dossier_manager)
        self.assertEqual(as_manager.search(self.domain), self.shared | self.restricted)
        with self.assertRaises(AccessError):
            self.private.with_user(self.dossier_manager).read(["body"])
        self.assertEqual(
            self._form_note_ids(self.dossier_manager),
            {self.shared.id, self.restricted.id},
        )

    def test_author_sees_all_own_notes(self):
        as_author = self.Note.with_user(self.dossier_user_2)
        self.assertEqual(
            as_author.search(self.domain), self.shared | self.restricted | self.private
        )

    def test_user_cannot_write_as_someone_else(self):
        with self.assertRaises(AccessError):
            self.Note.with_user(self.dossier_user).create(
                {
                    "partner_id": self.client.id,
                    "body": "<p>Forged</p>",
                    "user_id": self.dossier_user_2.id,
                }
            )
        self.assertFalse(self.Note.search([("body", "ilike", "Forged")]))

    def test_only_author_or_manager_changes_a_shared_note(self):
        with self.assertRaises(AccessError):
            self.shared.with_user(self.dossier_user).write({"body": "<p>Changed</p>"})
        with self.assertRaises(AccessError):
            self.shared.with_user(self.dossier_user).unlink()
        self.shared.with_user(self.dossier_manager).write({"body": "<p>Tea only</p>"})
        self.assertIn("Tea only", self.shared.body)
        with self.assertRaises(AccessError):
            self.private.with_user(self.dossier_manager).write({"body": "<p>x</p>"})
        self.private.with_user(self.dossier_user_2).write(
            {"confidentiality": "managers"}
        )
        self.assertIn(
            self.private, self.Note.with_user(self.dossier_manager).search(self.domain)
        )

    def test_confidentiality_history_is_kept_and_private(self):
        self.env.cr.precommit.run()  # as if the notes were written yesterday
        self.shared.with_user(self.dossier_user_2).confidentiality = "private"
        self.env.flush_all()
        self.env.cr.precommit.run()
        domain = [("model", "=", "dossier.note"), ("res_id", "=", self.shared.id)]
        Message = self.env["mail.message"]
        self.assertIn(
            "confidentiality",
            Message.search(domain).tracking_value_ids.field_id.mapped("name"),
        )
        self.assertTrue(Message.with_user(self.dossier_user_2).search(domain))
        self.assertFalse(Message.with_user(self.dossier_user).search(domain))

    def test_plain_user_reads_no_note(self):
        with self.assertRaises(AccessError):
            self.Note.with_user(self.plain_user).search([])
        # The client itself stays readable; its dossier fields are not.
        self.assertEqual(
            self.client.with_user(self.plain_user).read(["name"])[0]["name"],
            "Northwind Consulting",
        )
        with self.assertRaises(AccessError):
            self.client.with_user(self.plain_user).read(["dossier_note_ids"])

    def test_client_with_notes_is_kept_until_they_are_removed(self):
        client = self.env["res.partner"].create({"name": "Short-lived"})
        note = self.Note.create({"partner_id": client.id, "body": "<p>x</p>"})
        with self.assertRaisesRegex(UserError, "archive"):
            client.unlink()
        self.assertTrue(note.exists())
        note.unlink()
        client.unlink()
        self.assertFalse(client.exists())
