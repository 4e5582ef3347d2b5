import json

from odoo.tests import HttpCase, tagged

# Fails when the list cuts a column's label or a figure; waits until the list
# has rows. Texts cut at the column's end (names, summaries) are only logged.
NO_CUT_COLUMNS = """
const where = %s;
const isCut = (node) => node.scrollWidth > node.clientWidth + 1;
const check = () => {
    const table = document.querySelector(".o_list_table");
    if (!table || !table.querySelector(".o_data_row")) {
        setTimeout(check, 300);
        return;
    }
    const cut = [];
    const texts = new Set();
    for (const th of table.querySelectorAll("thead th[data-name]")) {
        if (isCut(th.querySelector(".text-truncate") || th)) {
            cut.push("label " + th.textContent.trim());
        }
    }
    for (const td of table.querySelectorAll("td.o_data_cell[name]")) {
        if (!isCut(td)) {
            continue;
        } else if (td.classList.contains("o_list_number")) {
            cut.push(td.getAttribute("name") + " " + td.textContent.trim());
        } else {
            texts.add(td.getAttribute("name"));
        }
    }
    console.info(where + ": texts cut in " + JSON.stringify([...texts]));
    if (cut.length) {
        console.error(where + ": cut " + JSON.stringify(cut));
    } else {
        console.log("test successful");
    }
};
check();
"""

LISTS = (
    "dossier_crm.action_dossier_client",
    "dossier_crm.action_dossier_contact",
    "dossier_crm.action_dossier_project",
    "dossier_crm.action_dossier_receivable_report",
    "dossier_crm.action_dossier_contact_report",
)


@tagged("post_install", "-at_install")
class TestListColumns(HttpCase):
    """The addon's lists show every label and figure whole at 1440 px, in
    English and in Russian, on the demo data, for the administrator (who has
    every optional column of the groups)."""

    browser_size = "1440x900"

    def _check_lists(self, lang):
        self.env.ref("base.user_admin").lang = lang
        for action in LISTS:
            self.browser_js(
                f"/odoo/action-{action}?view_type=list",
                NO_CUT_COLUMNS % json.dumps(f"{lang} {action}"),
                login="admin",
            )

    def test_lists_in_english(self):
        self._check_lists("en_US")

    def test_lists_in_russian(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        # The labels of these lists: the addon's fields and the partner's.
        self.env["ir.module.module"]._load_module_terms(
            ["base", "web", "dossier_crm"], ["ru_RU"]
        )
        self._check_lists("ru_RU")
