import csv
from collections import defaultdict

from odoo import api, models
from odoo.tools.misc import file_open

# The demo firm is in St Petersburg: in a database that speaks Russian, its
# demo data does too. The Russian of every demo text, keyed by the English.
DEMO_LANG = "ru_RU"
DEMO_TEXTS = "dossier_crm/demo/dossier_demo.ru_RU.csv"
# The demo texts that have a Russian version, per model.
DEMO_TEXT_FIELDS = {
    "res.partner": ("name", "function", "street", "city"),
    "dossier.contact": ("summary", "outcome"),
    "dossier.decision": ("name",),
    "dossier.note": ("body",),
    "dossier.relation": ("name", "note"),
    "dossier.life.event": ("name", "note"),
    "dossier.interest": ("name",),
    "dossier.project": ("name", "description"),
    "dossier.project.member": ("note",),
    "crm.lead": ("name",),
    "utm.campaign": ("name",),
}


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _dossier_demo_localize(self):
        """Give the demo data its Russian names and texts, and the staff users
        the Russian language, when Russian is installed (``scripts/serve``
        with ``DOSSIER_LANG=ru_RU``, or a database created in Russian). Used
        by the demo data only (demo/dossier_contact_demo.xml).

        Translatable fields get a Russian translation beside the English;
        the others (a partner's name, a contact's summary) are replaced. One
        write per model, field and text, without tracking: the demo's
        history stays as it was logged."""
        if not self.env["res.lang"].search_count([("code", "=", DEMO_LANG)]):
            return
        russian = self._dossier_demo_texts()
        for model, demo_records in self._dossier_demo_records().items():
            records = demo_records.with_context(tracking_disable=True, lang=DEMO_LANG)
            for fname in DEMO_TEXT_FIELDS[model]:
                by_text = defaultdict(list)
                # Read the English source: a translated field in Russian
                # would read its Russian (or English fallback) value.
                for record in records.with_context(lang="en_US"):
                    by_text[record[fname]].append(record.id)
                for text, ids in by_text.items():
                    if text and str(text) in russian:
                        records.browse(ids).write({fname: russian[str(text)]})
        staff = self.env["ir.model.data"].search(
            [("module", "=", "dossier_crm"), ("model", "=", "res.users")]
        )
        self.env["res.users"].browse(staff.mapped("res_id")).write({"lang": DEMO_LANG})

    def _dossier_demo_texts(self):
        """The Russian of each demo text, keyed by the English."""
        with file_open(DEMO_TEXTS) as texts:
            return {row["en_US"]: row["ru_RU"] for row in csv.DictReader(texts)}

    def _dossier_demo_records(self):
        """The records of the demo data (and the staff users' partners), per
        model of DEMO_TEXT_FIELDS."""
        data = self.env["ir.model.data"].search(
            [
                ("module", "=", "dossier_crm"),
                ("model", "in", [*DEMO_TEXT_FIELDS, "res.users"]),
            ]
        )
        ids = defaultdict(list)
        for row in data:
            ids[row.model].append(row.res_id)
        records = {
            model: self.env[model].browse(ids[model]).exists()
            for model in DEMO_TEXT_FIELDS
        }
        users = self.env["res.users"].browse(ids["res.users"]).exists()
        records["res.partner"] |= users.partner_id
        return records
