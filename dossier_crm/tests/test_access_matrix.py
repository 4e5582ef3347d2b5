"""Who may do what on every model of the addon, and which record rules
restrict them: one table each, so that a new model, access right or rule
without a row here fails, and a change to one is a reviewed change here."""

from odoo.tests import TransactionCase, new_test_user, tagged

# The groups of the matrix. "none" is an internal user without any app
# group; "internal" one with an app of its own (a CRM salesperson).
GROUPS = {
    "none": "base.group_user",
    "portal": "base.group_portal",
    "internal": "base.group_user,sales_team.group_sale_salesman",
    "dossier_user": "base.group_user,dossier_crm.group_dossier_user",
    "dossier_manager": "base.group_user,dossier_crm.group_dossier_manager",
    "invoicing": "base.group_user,account.group_account_invoice",
    "accountant": "base.group_user,account.group_account_user",
}
OPERATIONS = {"r": "read", "c": "create", "w": "write", "u": "unlink"}

# Model -> the operations of each group of GROUPS, in its order ("-": none).
# Abstract models (mixins, services) have no access rights of their own; the
# privacy lookup is for administrators only.
# fmt: off
ACCESS = {
    "account.move": ("-", "r", "-", "-", "-", "rcwu", "rcwu"),
    # Odoo's partner merge, for its Contact Creation group (which the dossier
    # groups imply): the addon recomputes the merged client's contact dates.
    "base.partner.merge.automatic.wizard": ("-", "-", "-", "rcw", "rcw", "-", "-"),
    "calendar.event": ("rcwu", "r", "rcwu", "rcwu", "rcwu", "rcwu", "rcwu"),
    "crm.lead": ("-", "-", "rcw", "-", "-", "-", "-"),
    "dossier.campaign.wizard": ("-", "-", "-", "rcw", "rcw", "-", "-"),
    "dossier.client.mixin": ("-", "-", "-", "-", "-", "-", "-"),
    "dossier.commercial.mixin": ("-", "-", "-", "-", "-", "-", "-"),
    "dossier.confidentiality.mixin": ("-", "-", "-", "-", "-", "-", "-"),
    "dossier.group.order.mixin": ("-", "-", "-", "-", "-", "-", "-"),
    "dossier.contact": ("-", "-", "-", "rcwu", "rcwu", "-", "-"),
    "dossier.contact.capture": ("-", "-", "-", "-", "-", "-", "-"),
    # Kept by the contacts' own writes, read as superuser for the partner's
    # dates; administrators read it.
    "dossier.contact.dates": ("-", "-", "-", "-", "-", "-", "-"),
    "dossier.contact.report": ("-", "-", "-", "r", "r", "-", "-"),
    "dossier.contact.warning": ("-", "-", "-", "-", "-", "-", "-"),
    "dossier.decision": ("-", "-", "-", "rcwu", "rcwu", "-", "-"),
    "dossier.followup": ("-", "-", "-", "-", "-", "-", "-"),
    # Its lines are the ones whose record the user reads (in code, no rule).
    "dossier.history": ("-", "-", "-", "r", "r", "-", "-"),
    "dossier.holiday": ("-", "-", "-", "r", "rcwu", "-", "-"),
    "dossier.interest": ("-", "-", "-", "r", "rcwu", "-", "-"),
    "dossier.life.event": ("-", "-", "-", "rcwu", "rcwu", "-", "-"),
    "dossier.note": ("-", "-", "-", "rcwu", "rcwu", "-", "-"),
    "dossier.planning.mixin": ("-", "-", "-", "-", "-", "-", "-"),
    "dossier.project": ("-", "-", "-", "rcw", "rcwu", "-", "-"),
    "dossier.project.member": ("-", "-", "-", "rcwu", "rcwu", "-", "-"),
    "dossier.receivable.report": ("-", "-", "-", "-", "r", "r", "r"),
    "dossier.relation": ("-", "-", "-", "rcwu", "rcwu", "-", "-"),
    "mail.thread": ("-", "-", "-", "-", "-", "-", "-"),
    "mail.activity": ("rcwu", "-", "rcwu", "rcwu", "rcwu", "rcwu", "rcwu"),
    "privacy.lookup.wizard": ("-", "-", "-", "-", "-", "-", "-"),
    "privacy.lookup.wizard.line": ("-", "-", "-", "-", "-", "-", "-"),
    "report.dossier_crm.report_dossier_brief": ("-", "-", "-", "-", "-", "-", "-"),
    "report.dossier_crm.report_dossier_full": ("-", "-", "-", "-", "-", "-", "-"),
    "res.config.settings": ("-", "-", "-", "-", "-", "-", "-"),
    "ir.actions.report": ("r", "-", "r", "r", "r", "r", "r"),
    "res.partner": ("r", "r", "rcw", "rcwu", "rcwu", "r", "r"),
    "res.users": ("r", "r", "r", "r", "r", "r", "r"),
}

# Record rule (XML id in dossier_crm) -> (model, its group: "user" or
# "manager" of the dossier, "" for a global rule; the operations it applies to).
RULE_GROUPS = {
    "": (),
    "user": ("dossier_crm.group_dossier_user",),
    "manager": ("dossier_crm.group_dossier_manager",),
}
RULES = {
    "rule_dossier_contact_company": ("dossier.contact", "", "rcwu"),
    "rule_dossier_contact_manager_read": ("dossier.contact", "manager", "r"),
    "rule_dossier_contact_manager_write": ("dossier.contact", "manager", "cwu"),
    "rule_dossier_contact_report_company": ("dossier.contact.report", "", "rcwu"),
    "rule_dossier_contact_report_manager":
        ("dossier.contact.report", "manager", "rcwu"),
    "rule_dossier_contact_report_user": ("dossier.contact.report", "user", "rcwu"),
    "rule_dossier_contact_user_read": ("dossier.contact", "user", "r"),
    "rule_dossier_contact_user_unlink": ("dossier.contact", "user", "u"),
    "rule_dossier_contact_user_write": ("dossier.contact", "user", "cw"),
    "rule_dossier_decision_company": ("dossier.decision", "", "rcwu"),
    "rule_dossier_decision_manager_read": ("dossier.decision", "manager", "rcwu"),
    "rule_dossier_decision_user_read": ("dossier.decision", "user", "rcwu"),
    "rule_dossier_life_event_company": ("dossier.life.event", "", "rcwu"),
    "rule_dossier_note_company": ("dossier.note", "", "rcwu"),
    "rule_dossier_note_manager_read": ("dossier.note", "manager", "r"),
    "rule_dossier_note_manager_write": ("dossier.note", "manager", "cwu"),
    "rule_dossier_note_user_read": ("dossier.note", "user", "r"),
    "rule_dossier_note_user_write": ("dossier.note", "user", "cwu"),
    "rule_dossier_project_company": ("dossier.project", "", "rcwu"),
    "rule_dossier_project_manager": ("dossier.project", "manager", "rcwu"),
    "rule_dossier_project_member_company": ("dossier.project.member", "", "rcwu"),
    "rule_dossier_project_member_manager":
        ("dossier.project.member", "manager", "rcwu"),
    "rule_dossier_project_member_user_read": ("dossier.project.member", "user", "r"),
    "rule_dossier_project_member_user_write": ("dossier.project.member", "user", "cwu"),
    "rule_dossier_project_user_read": ("dossier.project", "user", "r"),
    "rule_dossier_project_user_write": ("dossier.project", "user", "cwu"),
    "rule_dossier_receivable_report_company": ("dossier.receivable.report", "", "rcwu"),
    "rule_dossier_relation_company": ("dossier.relation", "", "rcwu"),
}
# fmt: on


@tagged("post_install", "-at_install")
class TestAccessMatrix(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            name: new_test_user(cls.env, login=f"matrix_{name}", groups=groups)
            for name, groups in GROUPS.items()
        }

    def test_every_model_of_the_addon_has_a_row(self):
        models = {
            model.model
            for model in self.env["ir.model"].search([])
            if "dossier_crm" in (model.modules or "").split(", ")
        }
        self.assertEqual(set(ACCESS), models)

    def test_access_of_every_group_on_every_model(self):
        for model_name, expected_row in ACCESS.items():
            for (group, user), listed in zip(
                self.users.items(), expected_row, strict=True
            ):
                Model = self.env[model_name].with_user(user)
                expected = self._with_installed_apps(model_name, group, listed)
                for letter, operation in OPERATIONS.items():
                    with self.subTest(model=model_name, group=group, op=operation):
                        self.assertEqual(
                            Model.has_access(operation), letter in expected
                        )

    def _with_installed_apps(self, model_name, group, expected):
        # Sales (installed with dossier_crm_sale) lets its salespeople read
        # invoices, their own by its "Personal Invoices" rule: Odoo's right,
        # not the dossier's.
        sale = self.env["ir.module.module"]._get("sale")
        if (model_name, group) == ("account.move", "internal") and (
            sale.state == "installed"
        ):
            return expected.replace("-", "") + "r"
        return expected

    def test_every_record_rule_of_the_addon_has_a_row(self):
        data = self.env["ir.model.data"].search(
            [("module", "=", "dossier_crm"), ("model", "=", "ir.rule")]
        )
        rules = self.env["ir.rule"].browse(data.mapped("res_id"))
        names = dict(zip(data.mapped("res_id"), data.mapped("name"), strict=True))
        actual = {}
        for rule in rules:
            perms = "".join(
                letter for letter in OPERATIONS if rule[f"perm_{OPERATIONS[letter]}"]
            )
            groups = tuple(sorted(rule.groups.get_external_id().values()))
            actual[names[rule.id]] = (rule.model_id.model, groups, perms)
        expected = {
            xmlid: (model, RULE_GROUPS[group], perms)
            for xmlid, (model, group, perms) in RULES.items()
        }
        self.assertEqual(actual, expected)
