import textwrap
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.tools import html2plaintext

from ..models.birthdays import next_occurrence
from ..models.dossier_project import OPEN_PROJECT_STATES
from ..models.res_partner_receivable import RECEIVABLE_GROUPS

# The brief fits one page; the full dossier keeps the longer history.
FULL_LAST_CONTACTS = 10
BRIEF_HORIZON_DAYS = 60
# The brief's rows per section: with every section full, the page keeps room
# for a few compact blocks of other features (the PDF tests prove it). What
# is left out is counted ("3 more in the full dossier"); the full dossier
# lists everything.
BRIEF_ROWS = {
    "people": 5,
    "relations": 3,
    "interests": 3,
    "projects": 2,
    "leads": 3,
    "invoices": 3,
    "decisions": 3,
    "last_contacts": 5,
    "planned_contacts": 3,
    "dated_events": 4,
}
# Characters of a free text in the brief (a contact's summary and outcome, a
# project's description, a note on someone around the client).
BRIEF_TEXT = 90


class ReportDossierBrief(models.AbstractModel):
    """The one-page brief on a client for a newcomer to the team.

    Everything is read with the reader's rights, never as superuser: record
    rules on contacts, decisions and notes keep out of the brief whatever the
    reader may not see, exactly as in the web client.
    """

    _name = "report.dossier_crm.report_dossier_brief"
    _description = "Client Brief"

    # The brief leaves out what a newcomer can read later in the full dossier.
    _dossier_full = False

    @api.model
    def _get_report_values(self, docids, data=None):
        clients = self.env["res.partner"].browse(docids).commercial_partner_id
        return {
            "doc_ids": clients.ids,
            "doc_model": "res.partner",
            "docs": clients,
            "brief": {
                client.id: self._brief_cut(self._brief_values(client))
                for client in clients
            },
            "now": fields.Datetime.now(),
            "today": fields.Date.context_today(self),
            "horizon_days": BRIEF_HORIZON_DAYS,
            "full": self._dossier_full,
            "brief_text": self._brief_text,
        }

    def _brief_rows(self):
        """Rows per section of the brief (see BRIEF_ROWS); features with a
        section of their own add their limit here."""
        return dict(BRIEF_ROWS)

    def _brief_cut(self, values):
        """The sections cut to their rows in the brief, and ``more``: how many
        rows of each section only the full dossier lists."""
        values["more"] = {}
        if self._dossier_full:
            return values
        for section, rows in self._brief_rows().items():
            records = values.get(section)
            if records and len(records) > rows:
                values["more"][section] = len(records) - rows
                values[section] = records[:rows]
        return values

    def _brief_text(self, text, html=False, width=BRIEF_TEXT):
        """A free text as the brief prints it: shortened to ``width``
        characters, whole in the full dossier."""
        text = (html2plaintext(text) if html else text or "").strip()
        if self._dossier_full:
            return text
        return textwrap.shorten(text, width, placeholder=" …")

    def _brief_values(self, client):
        """Sections of one client's brief; each is a recordset the reader may read.

        Other features add their sections by extending this dict.
        """
        now = fields.Datetime.now()
        today_start = datetime.combine(now.date(), time.min)
        Contact = self.env["dossier.contact"]
        people = client.child_ids.filtered(lambda p: p.type == "contact")
        # The facts of the client's people belong to the client's brief.
        circle = client | people
        relations = self.env["dossier.relation"].search(
            [("partner_id", "in", circle.ids)]
        )
        return {
            "people": people,
            "interests": [
                (person, person.dossier_interest_ids)
                for person in circle
                if person.dossier_interest_ids
            ],
            "relations": relations,
            "notes": self.env["dossier.note"].search(
                [("partner_id", "in", circle.ids)], order="create_date desc, id desc"
            )
            if self._dossier_full
            else self.env["dossier.note"],
            "dated_events": self._dated_events(circle, relations),
            "receivables": self._receivables(client),
            "invoices": self._open_invoices(client),
            "projects": self.env["dossier.project"].search(
                [
                    ("partner_id", "=", client.id),
                    ("state", "in", OPEN_PROJECT_STATES),
                ],
                order="date_start, id",
            ),
            "leads": self._open_leads(client),
            "decisions": self.env["dossier.decision"].search(
                [("partner_id", "=", client.id), ("state", "=", "open")],
                order="deadline, id",
            ),
            "last_contacts": Contact.search(
                [("partner_id", "=", client.id), ("state", "=", "done")],
                order="date desc, id desc",
                limit=FULL_LAST_CONTACTS
                if self._dossier_full
                else BRIEF_ROWS["last_contacts"],
            ),
            "planned_contacts": Contact.search(
                [
                    ("partner_id", "=", client.id),
                    ("state", "=", "planned"),
                    ("date", ">=", today_start),
                    ("date", "<=", now + timedelta(days=BRIEF_HORIZON_DAYS)),
                ],
                order="date, id",
            ),
        }

    def _open_leads(self, client):
        Lead = self.env["crm.lead"]
        # Readers without access to the CRM get no deals section at all.
        if not Lead.has_access("read"):
            return None
        return Lead.search(
            [
                ("partner_id", "child_of", client.id),
                "|",
                ("stage_id", "=", False),
                ("stage_id.is_won", "=", False),
            ],
            order="date_deadline, id",
        )

    def _dated_events(self, circle, relations):
        """Life events and birthdays of the next days, soonest first.

        Each is a dict: ``date``, ``name`` (what it is), ``whose``.
        """
        today = fields.Date.context_today(self)
        end = today + timedelta(days=BRIEF_HORIZON_DAYS)
        events = []
        life_events = self.env["dossier.life.event"].search(
            [
                ("partner_id", "in", circle.ids),
                ("date", ">=", today),
                ("date", "<=", end),
            ]
        )
        for event in life_events:
            events.append(
                {
                    "date": event.date,
                    "name": event.name,
                    "whose": self._relation_label(event.relation_id)
                    if event.relation_id
                    else event.partner_id.name,
                }
            )
        birthday = self.env._("Birthday")
        for person in circle.filtered("dossier_birthdate"):
            day = next_occurrence(person.dossier_birthdate, today)
            if day <= end:
                events.append({"date": day, "name": birthday, "whose": person.name})
        for relation in relations.filtered("birthdate"):
            day = next_occurrence(relation.birthdate, today)
            if day <= end:
                events.append(
                    {
                        "date": day,
                        "name": birthday,
                        "whose": self._relation_label(relation),
                    }
                )
        return sorted(events, key=lambda event: (event["date"], event["whose"]))

    def _relation_label(self, relation):
        """E.g. "Olga (Spouse of Nikolai Belov)"."""
        return self.env._(
            "%(name)s (%(relation)s of %(person)s)",
            name=relation.name,
            relation=relation._relation_type_label(),
            person=relation.partner_id.name,
        )

    def _receivables(self, client):
        """The client's invoice amounts, or None for readers not allowed them."""
        if not self.env.user.has_groups(RECEIVABLE_GROUPS):
            return None
        return client

    def _open_invoices(self, client):
        """Open posted customer invoices, or None for readers of no invoice.

        The amounts are public to dossier users, the invoices themselves only
        to the readers of accounting.
        """
        Move = self.env["account.move"]
        if not Move.has_access("read"):
            return None
        return Move.search(
            [
                ("commercial_partner_id", "=", client.id),
                ("company_id", "in", self.env.companies.ids),
                *Move._dossier_receivable_domain(),
                *Move._dossier_unpaid_domain(),
            ],
            order="invoice_date_due, invoice_date, id",
        )


class ReportDossierFull(models.AbstractModel):
    """Everything of the brief and what it leaves out: notes, longer history."""

    _name = "report.dossier_crm.report_dossier_full"
    _inherit = "report.dossier_crm.report_dossier_brief"
    _description = "Full Dossier"

    _dossier_full = True
