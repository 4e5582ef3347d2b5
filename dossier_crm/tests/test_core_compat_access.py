"""What people who never open the Dossier menu do with CRM, Contacts, Discuss
and Invoicing works as it did before the addon was installed.

Every field dossier_crm adds to another module's model is read, searched,
grouped, copied, exported, imported and shown in forms by such users, acting
as themselves (``with_user``), the way the web client does it (``Form`` runs
``get_views``, ``onchange``, ``web_read`` and ``web_save`` with the form's
specification).
"""

from datetime import date, timedelta

from odoo import Command, fields
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import DossierUsersMixin


class CoreCompatCommon(DossierUsersMixin, AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_dossier_users()
        # Users of the core apps only: none of them is in a Dossier group.
        cls.salesperson = new_test_user(
            cls.env,
            login="core_salesperson",
            name="Sally Sales",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "base.group_allow_export",
        )
        cls.partner_manager = new_test_user(
            cls.env,
            login="core_partner_manager",
            name="Carl Contacts",
            groups="base.group_user,base.group_partner_manager",
        )
        cls.accountant = new_test_user(
            cls.env,
            login="core_accountant",
            name="Bella Billing",
            groups="base.group_user,account.group_account_invoice",
        )
        cls.user_admin = new_test_user(
            cls.env,
            login="core_user_admin",
            name="Ursula Access",
            groups="base.group_user,base.group_erp_manager,base.group_partner_manager",
        )
        # A salesperson who keeps dossiers too.
        cls.dossier_salesperson = new_test_user(
            cls.env,
            login="dossier_salesperson",
            name="Dora Dossier",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "dossier_crm.group_dossier_user",
        )
        for user in (cls.salesperson, cls.partner_manager, cls.accountant):
            user.company_ids = cls.env.company
            user.company_id = cls.env.company
            assert not user.has_group("dossier_crm.group_dossier_user")
        # event_crm (installed with Events, hence with dossier_crm_event) keeps
        # a lead's source registrations to the registration desk, and copy()
        # reads them: without that group Odoo itself refuses to duplicate a
        # lead, whatever the dossier does. The salespeople get it there.
        desk = cls.env.ref("event.group_event_registration_desk", False)
        if desk and "registration_ids" in cls.env["crm.lead"]._fields:
            for user in (cls.salesperson, cls.dossier_salesperson):
                user.groups_id = [Command.link(desk.id)]

        # The test data is made as superuser: the test users only act on it.
        su = cls.env(su=True)
        # A client with a full dossier, kept by a dossier user.
        cls.interest = su["dossier.interest"].create({"name": "Sailing"})
        cls.client = su["res.partner"].create(
            {
                "name": "Northwind Consulting",
                "is_company": True,
                "dossier_interest_ids": [Command.set(cls.interest.ids)],
            }
        )
        cls.person = su["res.partner"].create(
            {
                "name": "Irina Volkova",
                "parent_id": cls.client.id,
                "dossier_birthdate": date(1985, 4, 12),
            }
        )
        as_dossier_user = cls.env(user=cls.dossier_user)
        cls.project = as_dossier_user["dossier.project"].create(
            {"name": "Leadership training", "partner_id": cls.client.id}
        )
        as_dossier_user["dossier.note"].create(
            {"partner_id": cls.client.id, "body": "<p>Prefers calls.</p>"}
        )
        cls.planned = as_dossier_user["dossier.contact"].create(
            {
                "partner_id": cls.client.id,
                "summary": "Call about the spring training",
                "date": fields.Datetime.now() + timedelta(days=3),
                "state": "planned",
            }
        )
        cls.planned_activity = su["mail.activity"].search(
            [("dossier_contact_id", "=", cls.planned.id)]
        )
        cls.lead = su["crm.lead"].create(
            {
                "name": "Leadership training, second wave",
                "type": "opportunity",
                "partner_id": cls.client.id,
                "user_id": cls.salesperson.id,
                "dossier_project_id": cls.project.id,
            }
        )
        cls.lead_activity = cls.lead.activity_schedule(
            "mail.mail_activity_data_call", user_id=cls.salesperson.id
        )
        cls.invoice = cls.init_invoice(
            "out_invoice", partner=cls.client, amounts=[1200.0], post=True
        )


@tagged("post_install", "-at_install")
class TestCoreCompatCopy(CoreCompatCommon):
    """Duplicating a record of a core app works for its users, and what belongs
    to the original's dossier stays with the original."""

    def test_salesperson_duplicates_a_lead_of_a_client_project(self):
        duplicate = self.lead.with_user(self.salesperson).copy()
        self.assertEqual(duplicate.partner_id, self.client)
        # A duplicate is a new deal: it joins a project only when put there.
        self.assertFalse(duplicate.sudo().dossier_project_id)
        self.assertEqual(self.lead.dossier_project_id, self.project)

    def test_dossier_user_duplicate_of_a_lead_is_in_no_project(self):
        self.lead.user_id = self.dossier_salesperson
        duplicate = self.lead.with_user(self.dossier_salesperson).copy()
        self.assertFalse(duplicate.dossier_project_id)
        project = self.project.with_user(self.dossier_salesperson)
        self.assertEqual(project.lead_ids, self.lead)

    def test_salesperson_and_partner_manager_duplicate_a_person(self):
        for user in (self.salesperson, self.partner_manager):
            with self.subTest(user=user.login):
                duplicate = self.person.with_user(user).copy()
                self.assertEqual(duplicate.parent_id, self.client)
                # Another person has another birthday: no greeting is planned
                # twice for the same date.
                self.assertFalse(duplicate.dossier_birthdate)

    def test_partner_manager_duplicates_a_client(self):
        duplicate = self.client.with_user(self.partner_manager).copy()
        self.assertIn(self.client.name, duplicate.name)
        duplicate = duplicate.sudo()
        # The dossier stays with the original client.
        self.assertFalse(duplicate.dossier_note_ids)
        self.assertFalse(duplicate.dossier_project_ids)
        self.assertFalse(duplicate.dossier_contact_ids)

    def test_access_rights_manager_duplicates_a_user(self):
        duplicate = self.salesperson.with_user(self.user_admin).copy(
            {"login": "core_salesperson_2"}
        )
        self.assertTrue(duplicate.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(duplicate.has_group("dossier_crm.group_dossier_user"))

    def test_accountant_duplicates_an_invoice(self):
        duplicate = self.invoice.with_user(self.accountant).copy()
        self.assertEqual(duplicate.state, "draft")
        self.assertEqual(duplicate.partner_id, self.client)
        self.assertEqual(duplicate.amount_untaxed, self.invoice.amount_untaxed)

    def test_copy_of_a_planned_contact_activity_is_a_plain_activity(self):
        activity = self.planned_activity.with_user(self.dossier_user)
        self.assertEqual(len(activity), 1)
        duplicate = activity.copy()
        self.assertFalse(duplicate.dossier_contact_id)
        # Marking the duplicate done leaves the planned contact planned.
        duplicate.action_done()
        self.assertEqual(self.planned.state, "planned")
        self.assertEqual(self.planned.activity_ids, self.planned_activity)

    def test_salesperson_copies_an_activity_of_a_lead(self):
        duplicate = self.lead_activity.with_user(self.salesperson).copy()
        self.assertEqual(duplicate.res_id, self.lead.id)
        self.assertEqual(self.lead.activity_ids, self.lead_activity | duplicate)


@tagged("post_install", "-at_install")
class TestCoreCompatAccess(CoreCompatCommon):
    """Reading, searching, grouping, exporting, importing and the forms."""

    def _addon_fields_offered(self, record):
        """The fields dossier_crm adds to the record's model that the record's
        user is shown (fields_get hides those of groups the user is not in)."""
        offered = record.fields_get(attributes=["type"])
        return [
            name
            for name, field in record._fields.items()
            if name in offered
            and "dossier_crm"
            in (field._module, field.inherited and field.related_field._module)
        ]

    def test_core_users_read_every_addon_field_offered_to_them(self):
        cases = [
            (self.salesperson, self.person),
            (self.salesperson, self.lead),
            (self.partner_manager, self.client),
            (self.accountant, self.client),
            (self.accountant, self.invoice),
            (self.salesperson, self.salesperson),
            (self.salesperson, self.lead_activity),
        ]
        for user, original in cases:
            with self.subTest(user=user.login, model=original._name):
                record = original.with_user(user)
                # Never an empty list: read([]) would read every field.
                names = ["display_name", *self._addon_fields_offered(record)]
                [values] = record.read(names)
                self.assertEqual(set(values) - {"id"}, set(names))
                self.assertNotIn("dossier_note_ids", values)
                self.assertNotIn("dossier_contact_ids", values)
                self.assertNotIn("dossier_project_ids", values)
                self.assertNotIn("dossier_project_id", values)
        # A birthday is personal data of the dossier.
        with self.assertRaises(AccessError):
            self.person.with_user(self.salesperson).read(["dossier_birthdate"])

    def test_dossier_user_reads_the_dossier_of_a_client(self):
        [values] = self.client.with_user(self.dossier_user).read(
            ["dossier_note_ids", "dossier_project_ids", "dossier_contact_count"]
        )
        self.assertEqual(values["dossier_project_ids"], self.project.ids)
        self.assertEqual(len(values["dossier_note_ids"]), 1)
        self.assertEqual(values["dossier_contact_count"], 1)

    def test_salesperson_cannot_read_the_dossier(self):
        client = self.client.with_user(self.salesperson)
        for name in ("dossier_note_ids", "dossier_project_ids", "dossier_contact_ids"):
            with self.subTest(field=name), self.assertRaises(AccessError):
                client.read([name])
        lead = self.lead.with_user(self.salesperson)
        with self.assertRaises(AccessError):
            lead.read(["dossier_project_id"])

    def test_salesperson_searches_and_groups_clients_and_leads(self):
        Partner = self.env["res.partner"].with_user(self.salesperson)
        self.assertIn(self.client, Partner.search([("name", "ilike", "Northwind")]))
        groups = Partner.read_group(
            [("id", "in", (self.client | self.person).ids)],
            ["is_company"],
            ["is_company"],
        )
        self.assertEqual(len(groups), 2)
        # The dossier's dates and birthdays are neither searched nor grouped.
        with self.assertRaises(AccessError):
            Partner.search([("dossier_next_contact_date", "!=", False)])
        with self.assertRaises(AccessError):
            Partner.read_group(
                [("id", "in", (self.client | self.person).ids)],
                ["dossier_birthdate:max"],
                ["is_company"],
            )
        Lead = self.env["crm.lead"].with_user(self.salesperson)
        self.assertEqual(Lead.search([("partner_id", "=", self.client.id)]), self.lead)
        self.assertTrue(Lead.read_group([], ["expected_revenue:sum"], ["stage_id"]))
        # What the dossier groups keep is not open to a search either.
        with self.assertRaises(AccessError):
            Lead.search([("dossier_project_id", "=", self.project.id)])
        with self.assertRaises(AccessError):
            Partner.search([("dossier_next_birthday", "!=", False)])

    def test_salesperson_exports_every_field_offered_to_export(self):
        for original in (self.client, self.lead):
            with self.subTest(model=original._name):
                record = original.with_user(self.salesperson)
                exportable = record.fields_get(attributes=["exportable"])
                # Odoo's own fields of accounting, which salespeople may not
                # export either, are left out: the addon's are the point.
                names = [
                    name
                    for name in ["display_name", *self._addon_fields_offered(record)]
                    if exportable[name].get("exportable", True)
                ]
                self.assertNotIn("dossier_project_id", exportable)
                self.assertNotIn("dossier_contact_count", exportable)
                rows = record.export_data(names)["datas"]
                self.assertEqual(len(rows), 1)

    def test_dossier_user_imports_people_with_birthdays(self):
        columns = ["name", "email", "dossier_birthdate"]
        row = ["Oleg Import", "oleg@dossier-test.example", "1990-01-31"]
        Partner = self.env["res.partner"]
        # A partner manager outside the dossier may not write birthdays.
        result = Partner.with_user(self.partner_manager).load(columns, [row])
        self.assertTrue(result["messages"])
        self.assertFalse(result["ids"])
        with self.assertRaises(AccessError):
            Partner.with_user(self.partner_manager).create(
                {"name": "Oleg", "dossier_birthdate": "1990-01-31"}
            )
        result = Partner.with_user(self.dossier_user).load(columns, [row])
        self.assertFalse(result["messages"])
        person = Partner.browse(result["ids"])
        self.assertEqual(person.dossier_birthdate, date(1990, 1, 31))

    def test_salesperson_works_in_client_and_lead_forms(self):
        with Form(self.client.with_user(self.salesperson)) as form:
            form.phone = "+7 812 555 01 99"
        self.assertEqual(self.client.phone, "+7 812 555 01 99")
        with Form(self.env["res.partner"].with_user(self.salesperson)) as form:
            form.name = "Nina New"
            form.parent_id = self.client
        self.assertEqual(form.record.parent_id, self.client)
        with Form(self.lead.with_user(self.salesperson)) as form:
            form.expected_revenue = 5000
        self.assertEqual(self.lead.expected_revenue, 5000)
        self.assertEqual(self.lead.dossier_project_id, self.project)
        with Form(self.env["crm.lead"].with_user(self.salesperson)) as form:
            form.name = "Another training"
            form.partner_id = self.client
        self.assertEqual(form.record.partner_id, self.client)

    def test_users_open_their_preferences(self):
        for user in (self.salesperson, self.accountant, self.dossier_user):
            with self.subTest(user=user.login):
                view = "base.view_users_form_simple_modif"
                with Form(user.with_user(user), view=view) as form:
                    form.signature = f"<p>{user.name}</p>"
                self.assertIn(user.name, user.signature)

    def test_accountant_works_in_invoice_and_client_forms(self):
        move = self.env["account.move"].with_user(self.accountant)
        with Form(move.with_context(default_move_type="out_invoice")) as form:
            form.partner_id = self.client
            with form.invoice_line_ids.new() as line:
                line.name = "Coaching"
                line.price_unit = 300
        self.assertEqual(form.record.amount_untaxed, 300)
        # Billing users may not change contacts: they open them.
        form = Form(self.client.with_user(self.accountant))
        self.assertEqual(form.name, "Northwind Consulting")
        # Billing users read the client's receivables, not its dossier.
        client = self.client.with_user(self.accountant)
        self.assertEqual(client.dossier_unpaid_invoice_count, 1)
        with self.assertRaises(AccessError):
            client.read(["dossier_note_ids"])

    def test_activity_form_for_anyone(self):
        with Form(self.lead_activity.with_user(self.salesperson)) as form:
            form.summary = "Call back"
        self.assertEqual(self.lead_activity.summary, "Call back")
