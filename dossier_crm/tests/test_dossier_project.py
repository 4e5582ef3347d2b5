from contextlib import contextmanager
from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged

from .common import DossierUsersMixin


@tagged("post_install", "-at_install")
class TestDossierProject(DossierUsersMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_dossier_users()
        cls.lead_user = cls.env["res.users"].create(
            {"name": "Lena Lead", "login": "project_lead_user"}
        )
        cls.Project = cls.env["dossier.project"]
        cls.client = cls.env["res.partner"].create(
            {"name": "Baltic Shipping", "is_company": True}
        )
        cls.person = cls.env["res.partner"].create(
            {"name": "Oleg Ivanov", "parent_id": cls.client.id}
        )
        # The manager is neither lead nor member: its rights come from its group.
        cls.project = cls.Project.create(
            {
                "name": "Corporate philosophy",
                "partner_id": cls.client.id,
                "user_id": cls.lead_user.id,
                "date_start": date(2026, 1, 1),
                "member_ids": [
                    (0, 0, {"user_id": cls.dossier_user.id, "role": "consultant"})
                ],
            }
        )

    @contextmanager
    def _refused(self, exception, pattern):
        """Like assertRaisesRegex, but rolled back as Odoo's assertRaises is."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertRegex(str(caught.exception), pattern)

    def _contact(self, user, **vals):
        return (
            self.env["dossier.contact"]
            .with_user(user)
            .create(
                {
                    "partner_id": self.client.id,
                    "summary": "Workshop with the board",
                    "date": fields.Datetime.now() - timedelta(days=1),
                    "project_id": self.project.id,
                    **vals,
                }
            )
        )

    # Access

    def test_every_dossier_user_reads_projects(self):
        for user in (self.dossier_user, self.dossier_user_2, self.dossier_manager):
            project = self.project.with_user(user)
            self.assertEqual(project.name, "Corporate philosophy")
            self.assertEqual(project.member_ids.user_id, self.dossier_user)
            self.assertIn(project, self.Project.with_user(user).search([]))

    def test_user_outside_dossier_reads_no_project(self):
        with self.assertRaises(AccessError):
            self.project.with_user(self.plain_user).read(["name"])

    def test_member_edits_project_and_team(self):
        project = self.project.with_user(self.dossier_user)
        project.write({"description": "<p>Prefers morning meetings</p>"})
        project.write(
            {
                "member_ids": [
                    (0, 0, {"user_id": self.dossier_user_2.id, "role": "trainer"})
                ]
            }
        )
        self.assertIn("morning", self.project.description)
        self.assertEqual(
            self.project.member_user_ids, self.dossier_user | self.dossier_user_2
        )

    def test_non_member_cannot_edit_project_or_join_team(self):
        project = self.project.with_user(self.dossier_user_2)
        with self.assertRaises(AccessError):
            project.write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.env["dossier.project.member"].with_user(self.dossier_user_2).create(
                {"project_id": self.project.id, "user_id": self.dossier_user_2.id}
            )
        with self.assertRaises(AccessError):
            self.project.member_ids.with_user(self.dossier_user_2).unlink()
        self.assertEqual(self.project.name, "Corporate philosophy")
        self.assertEqual(self.project.member_user_ids, self.dossier_user)

    def test_manager_edits_and_deletes_any_project(self):
        project = self.project.with_user(self.dossier_manager)
        project.write({"state": "active"})
        self.assertEqual(self.project.state, "active")
        project.unlink()
        self.assertFalse(self.project.exists())

    def test_only_managers_delete_projects(self):
        with self.assertRaises(AccessError):
            self.project.with_user(self.dossier_user).unlink()
        self.assertTrue(self.project.exists())

    def test_user_who_creates_a_project_leads_it(self):
        project = self.Project.with_user(self.dossier_user_2).create(
            {"name": "Sales training", "partner_id": self.person.id}
        )
        self.assertEqual(project.user_id, self.dossier_user_2)
        # Given for a person, the project belongs to the client company.
        self.assertEqual(project.partner_id, self.client)
        project.write({"state": "active"})
        self.assertEqual(project.state, "active")

    # Deletion and archiving

    def test_project_with_contacts_cannot_be_deleted_but_archived(self):
        # A private contact the manager cannot even read still protects the project.
        self._contact(self.dossier_user, confidentiality="private")
        project = self.project.with_user(self.dossier_manager)
        self.assertEqual(project.contact_count, 0)
        with self._refused(UserError, "archive"):
            project.unlink()
        self.assertTrue(self.project.exists())
        project.action_archive()
        self.assertFalse(self.project.active)
        self.assertNotIn(self.project, self.Project.search([]))

    # Constraints

    def test_project_ending_before_it_starts_is_refused(self):
        with self._refused(ValidationError, "before it starts"):
            self.project.write({"date_end": date(2025, 12, 31)})
        self.assertFalse(self.project.date_end)
        with self._refused(ValidationError, "before it starts"):
            self.Project.create(
                {
                    "name": "Backwards",
                    "partner_id": self.client.id,
                    "date_start": date(2026, 5, 1),
                    "date_end": date(2026, 4, 1),
                }
            )
        self.project.write({"date_end": date(2026, 1, 1)})
        self.assertEqual(self.project.date_end, date(2026, 1, 1))

    def test_same_user_twice_in_a_team_is_refused(self):
        with self._refused(ValidationError, "more than once"):
            self.project.write(
                {
                    "member_ids": [
                        (0, 0, {"user_id": self.dossier_user.id, "role": "trainer"})
                    ]
                }
            )
        with self._refused(ValidationError, "more than once"):
            self.Project.create(
                {
                    "name": "Doubled",
                    "partner_id": self.client.id,
                    "member_ids": [
                        (0, 0, {"user_id": self.dossier_user_2.id, "role": "trainer"}),
                        (0, 0, {"user_id": self.dossier_user_2.id, "role": "expert"}),
                    ],
                }
            )
        self.assertEqual(len(self.project.member_ids), 1)

    # Contacts and deals of a project

    def test_contact_logged_from_project_links_it_and_shows_on_client(self):
        # Any dossier user logs a contact under a project, member or not.
        action = self.project.with_user(self.dossier_user_2).action_log_contact()
        contact_model = self.env["dossier.contact"].with_user(self.dossier_user_2)
        with Form(contact_model.with_context(**action["context"])) as form:
            form.summary = "Presented the mission draft"
            form.contact_person_id = self.person
        contact = form.record
        self.assertEqual(contact.project_id, self.project)
        self.assertEqual(contact.partner_id, self.client)
        self.assertIn(contact, self.project.contact_ids)
        self.assertIn(contact, self.client.dossier_contact_ids)
        self.assertIn(contact, self.person.commercial_partner_id.dossier_contact_ids)
        self.assertEqual(self.project.contact_count, 1)

    def test_contact_under_a_project_of_another_client_is_refused(self):
        other = self.env["res.partner"].create(
            {"name": "Other Ltd", "is_company": True}
        )
        with self._refused(ValidationError, "is run for"):
            self._contact(self.dossier_user, partner_id=other.id)

    def test_project_contact_count_respects_confidentiality(self):
        self._contact(self.dossier_user, summary="Shared")
        self._contact(self.dossier_user, summary="Mine", confidentiality="private")
        self.assertEqual(self.project.with_user(self.dossier_user).contact_count, 2)
        self.assertEqual(self.project.with_user(self.dossier_user_2).contact_count, 1)
        self.assertEqual(
            self.project.with_user(self.dossier_user_2).contact_ids.mapped("summary"),
            ["Shared"],
        )

    def test_deals_of_a_project(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Follow-up training",
                "type": "opportunity",
                "partner_id": self.person.id,
                "dossier_project_id": self.project.id,
            }
        )
        self.assertEqual(self.project.lead_ids, lead)
        self.assertEqual(self.project.lead_count, 1)
        action = self.project.action_open_leads()
        self.assertEqual(self.env["crm.lead"].search(action["domain"]), lead)

    # The client side

    def test_client_runs_several_projects_at_once(self):
        training = self.Project.create(
            {
                "name": "Sales training",
                "partner_id": self.client.id,
                "date_start": date(2026, 2, 1),
                "state": "active",
            }
        )
        self.project.state = "active"
        self.assertEqual(self.client.dossier_project_ids, self.project | training)
        self.assertEqual(self.client.dossier_project_count, 2)
        self.assertEqual(self.person.dossier_project_count, 2)
        action = self.person.action_dossier_open_projects()
        self.assertEqual(self.Project.search(action["domain"]), self.project | training)
        self.assertEqual(action["context"]["default_partner_id"], self.client.id)

    def test_client_with_projects_cannot_be_deleted(self):
        with self._refused(UserError, "archive"):
            self.client.unlink()
        self.assertTrue(self.client.exists())

    def test_project_picked_first_fills_the_client_of_a_contact(self):
        with Form(self.env["dossier.contact"].with_user(self.dossier_user)) as form:
            form.summary = "Call about the workshop"
            form.project_id = self.project
            self.assertEqual(form.partner_id, self.client)
        self.assertEqual(form.record.project_id, self.project)

    def test_my_projects_filter_finds_lead_and_member_projects(self):
        mine = self.Project.with_user(self.dossier_user).search(
            [
                "|",
                ("user_id", "=", self.dossier_user.id),
                ("member_user_ids", "in", self.dossier_user.id),
            ]
        )
        self.assertEqual(mine, self.project)
        theirs = self.Project.with_user(self.dossier_user_2).search(
            [("member_user_ids", "in", self.dossier_user_2.id)]
        )
        self.assertFalse(theirs)

    def test_project_refuses_a_client_or_lead_of_another_company(self):
        """_check_company_auto checks the client and the lead (it checked no
        field at all)."""
        __, foreign, outsider = self._create_other_company("olga_other_project")
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            self.Project.create({"name": "Abroad", "partner_id": foreign.id})
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            self.project.user_id = outsider
