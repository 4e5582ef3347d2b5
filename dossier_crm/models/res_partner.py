from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .birthdays import birthday_key
from .field_access import check_search_access
from .link_access import check_computed_written, recompute_computed_given

# How many contacts the dossier page's timeline shows.
TIMELINE_SIZE = 10
# The comparison that fails where another passes (dates being set).
OPPOSITE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}


class ResPartner(models.Model):
    _inherit = "res.partner"
    dossier_interest_ids = fields.Many2many(
        "dossier.interest",
        "dossier_interest_res_partner_rel",
        "partner_id",
        "interest_id",
        string="Interests",
        groups="dossier_crm.group_dossier_user",
        # Copying it would make copy() read it as users outside the dossier
        # groups; a duplicate's interests are set by someone who knows them.
        copy=False,
        help="Tastes, preferences and hobbies worth remembering.",
    )
    dossier_contact_ids = fields.One2many(
        "dossier.contact",
        "partner_id",
        string="Contacts with the client",
        groups="dossier_crm.group_dossier_user",
    )
    dossier_contact_count = fields.Integer(
        string="Client Contact Count",
        compute="_compute_dossier_contact_count",
        groups="dossier_crm.group_dossier_user",
    )
    # Computed for the reader's companies (a shared client has contacts in
    # several) from the rows per client and company that dossier.contact
    # keeps (dossier.contact.dates): searched through SQL on them below.
    dossier_last_contact_date = fields.Datetime(
        string="Last contact",
        compute="_compute_dossier_contact_dates",
        search="_search_dossier_last_contact_date",
        groups="dossier_crm.group_dossier_user",
        help="Date of the last done contact with the client or its people, "
        "in the companies you work in.",
    )
    dossier_next_contact_date = fields.Datetime(
        string="Next contact",
        compute="_compute_dossier_contact_dates",
        search="_search_dossier_next_contact_date",
        groups="dossier_crm.group_dossier_user",
        help="Date of the earliest planned contact with the client, in the "
        "companies you work in.",
    )
    dossier_days_without_contact = fields.Integer(
        string="Days without contact",
        compute="_compute_dossier_days_without_contact",
        search="_search_dossier_days_without_contact",
        groups="dossier_crm.group_dossier_user",
        help="Days since the last done contact with the client or its people, "
        "in the companies you work in (0 when it was never contacted). To "
        "search, a client never contacted counts as more days than any: "
        "more than 30 days finds it, = False finds only it.",
    )
    dossier_recent_contact_warning = fields.Text(
        string="Recent contact warning",
        compute="_compute_dossier_recent_contact_warning",
        groups="dossier_crm.group_dossier_user",
        help="Colleagues' contacts with the client within the recent contact "
        "window, and their planned contacts, so that nobody calls twice.",
    )
    dossier_timeline_contact_ids = fields.Many2many(
        "dossier.contact",
        string="Latest contacts",
        compute="_compute_dossier_timeline_contact_ids",
        groups="dossier_crm.group_dossier_user",
        help="The latest contacts with the client that you may read.",
    )

    # Dossier facts: birthday, people around, life events, notes.
    # Not copied: a duplicate is another person, whose birthday would
    # otherwise be greeted twice.
    # Personal data: dossier users only (the key tells the birthday too).
    dossier_birthdate = fields.Date(
        string="Birthday",
        tracking=True,
        copy=False,
        groups="dossier_crm.group_dossier_user",
        help="Birthday of the person.",
    )
    dossier_birthday_key = fields.Integer(
        compute="_compute_dossier_birthday_key",
        store=True,
        index="btree_not_null",
        groups="dossier_crm.group_dossier_user",
        help="Month and day of the birthday (MMDD), to find upcoming birthdays.",
    )
    dossier_note_ids = fields.One2many(
        "dossier.note",
        "partner_id",
        string="Dossier notes",
        groups="dossier_crm.group_dossier_user",
    )
    dossier_relation_ids = fields.One2many(
        "dossier.relation",
        "partner_id",
        string="People around",
        groups="dossier_crm.group_dossier_user",
    )
    dossier_life_event_ids = fields.One2many(
        "dossier.life.event",
        "partner_id",
        string="Life events",
        groups="dossier_crm.group_dossier_user",
    )
    dossier_project_ids = fields.One2many(
        "dossier.project",
        "partner_id",
        string="Client Projects",
        groups="dossier_crm.group_dossier_user",
    )
    dossier_project_count = fields.Integer(
        string="Client Project Count",
        compute="_compute_dossier_project_count",
        groups="dossier_crm.group_dossier_user",
    )

    # Control of staff: the client's done contacts and those that ended in a
    # won deal, read from the contacts report, so its record rules apply (a
    # dossier user counts its own contacts, a manager everyone's).
    dossier_report_contact_count = fields.Integer(
        string="Done contacts",
        compute="_compute_dossier_report_counts",
        groups="dossier_crm.group_dossier_user",
    )
    dossier_report_won_count = fields.Integer(
        string="Contacts with won deals",
        compute="_compute_dossier_report_counts",
        groups="dossier_crm.group_dossier_user",
    )

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        # The dossier's computed dates and keys steer its jobs and filters:
        # the addon computes them (see link_access); Odoo's own fields are
        # left as they are.
        recompute_computed_given(partners, vals_list, prefix="dossier_")
        return partners

    def write(self, vals):
        check_computed_written(self, vals, prefix="dossier_")
        return super().write(vals)

    def _dossier_commercial_ids(self):
        return self.commercial_partner_id.ids

    @api.depends_context("uid")
    def _compute_dossier_contact_count(self):
        # Counted with the reader's rights: contacts it may not read are not.
        counts = dict(
            self.env["dossier.contact"]._read_group(
                [("partner_id", "in", self._dossier_commercial_ids())],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.dossier_contact_count = counts.get(partner.commercial_partner_id, 0)

    @api.depends(
        "dossier_contact_ids.state",
        "dossier_contact_ids.date",
        "dossier_contact_ids.company_id",
        "commercial_partner_id.dossier_contact_ids.state",
        "commercial_partner_id.dossier_contact_ids.date",
        "commercial_partner_id.dossier_contact_ids.company_id",
    )
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_dossier_contact_dates(self):
        # The dates are not secret to dossier users even when a contact is:
        # read as superuser from the clients' rows per company (see
        # dossier.contact.dates), in the reader's companies only, in one
        # query for the whole batch, whatever the clients' contacts.
        groups = (
            self.env["dossier.contact.dates"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", self._dossier_commercial_ids()),
                    ("company_id", "in", self.env.companies.ids),
                ],
                ["partner_id"],
                ["last_date:max", "next_date:min"],
            )
        )
        dates = {client.id: (last, upcoming) for client, last, upcoming in groups}
        for partner in self:
            last, upcoming = dates.get(partner.commercial_partner_id.id, (None, None))
            partner.dossier_last_contact_date = last or False
            partner.dossier_next_contact_date = upcoming or False

    # Apart from the dates, which lists and cards read: only a reader of the
    # days pays for the time zone conversion of each partner's date.
    @api.depends("dossier_last_contact_date")
    @api.depends_context("uid", "allowed_company_ids", "tz")
    def _compute_dossier_days_without_contact(self):
        # Days as the reader counts them: between his today and the day of
        # the contact in his time zone (see _dossier_local_midnight).
        today = fields.Date.context_today(self)
        for partner in self:
            last = partner.dossier_last_contact_date
            partner.dossier_days_without_contact = (
                last
                and (today - fields.Datetime.context_timestamp(self, last).date()).days
            )

    def _dossier_dated_clients(self, condition):
        """The clients (an SQL subquery) with a row of contact dates (see
        dossier.contact.dates) in one of the reader's companies for which the
        SQL ``condition`` holds."""
        return SQL(
            "(SELECT partner_id FROM %s WHERE company_id IN %s AND %s)",
            SQL.identifier(self.env["dossier.contact.dates"]._table),
            tuple(self.env.companies.ids),
            condition,
        )

    def _dossier_search_contact_date(self, operator, value, column, aggregate):
        """Partners whose ``aggregate`` (MAX or MIN) of ``column`` of their
        client's contact dates (see dossier.contact.dates), over the reader's
        companies, compares with ``value``: subqueries on those rows."""
        table = SQL.identifier(self.env["dossier.contact.dates"]._table)
        companies = tuple(self.env.companies.ids)
        date = SQL.identifier(column)
        clients = self._dossier_dated_clients

        if value is False and operator in ("=", "!="):
            dated = clients(SQL("%s IS NOT NULL", date))
            return [
                ("commercial_partner_id", "in" if operator == "!=" else "not in", dated)
            ]
        if operator not in ("=", "!=", *OPPOSITE) or not value:
            raise UserError(
                self.env._("Contact dates can only be compared with a date.")
            )
        value = fields.Datetime.to_datetime(value)

        def compared(op):
            return clients(SQL("%s %s %s", date, SQL(op), value))

        if operator in ((">", ">=") if aggregate == "MAX" else ("<", "<=")):
            # The aggregate passes when one company's date does.
            return [("commercial_partner_id", "in", compared(operator))]
        if operator in OPPOSITE:
            # It passes when one company's date does and none fails; a reader
            # of one company has one date (the "not contacted" filters): no
            # second lookup.
            domain = [("commercial_partner_id", "in", compared(operator))]
            if len(companies) > 1:
                failing = compared(OPPOSITE[operator])
                domain.append(("commercial_partner_id", "not in", failing))
            return domain
        matching = SQL(
            "(SELECT partner_id FROM %s WHERE company_id IN %s "
            "GROUP BY partner_id HAVING %s(%s) %s %s)",
            table,
            companies,
            SQL(aggregate),
            date,
            SQL(operator),
            value,
        )
        return [("commercial_partner_id", "in", matching)]

    def _search_dossier_last_contact_date(self, operator, value):
        check_search_access(self, "dossier_last_contact_date")
        return self._dossier_search_contact_date(operator, value, "last_date", "MAX")

    def _search_dossier_next_contact_date(self, operator, value):
        check_search_access(self, "dossier_next_contact_date")
        return self._dossier_search_contact_date(operator, value, "next_date", "MIN")

    def _dossier_local_midnight(self, days_ago):
        """The start, in UTC, of the reader's day ``days_ago`` days before his
        today: the day of a contact is the day in the reader's time zone."""
        day = fields.Date.context_today(self) - timedelta(days=days_ago)
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        midnight = tz.localize(datetime.combine(day, time.min))
        return midnight.astimezone(pytz.utc).replace(tzinfo=None)

    def _search_dossier_days_without_contact(self, operator, value):
        """Clients not contacted for more (or fewer) days than ``value``, as
        one test of their client against the clients contacted since a day
        (the "Not contacted" filters: one ``NOT IN``, never contacted
        included, where "never or before" would look the clients up twice)."""
        check_search_access(self, "dossier_days_without_contact")
        if value is False and operator in ("=", "!="):
            dated = self._dossier_dated_clients(SQL("last_date IS NOT NULL"))
            return [
                ("commercial_partner_id", "in" if operator == "!=" else "not in", dated)
            ]
        try:
            days = None if isinstance(value, bool) else int(value)
        except (TypeError, ValueError):
            days = None
        if operator not in ("=", "!=", *OPPOSITE) or days is None:
            raise UserError(
                self.env._("Days without contact can only be compared with a number.")
            )

        def since(days_ago):
            # Clients with a done contact since the reader's day days_ago:
            # in one company is enough, the field counts from the latest.
            midnight = self._dossier_local_midnight(days_ago)
            return self._dossier_dated_clients(SQL("last_date >= %s", midnight))

        # More than N days <=> no contact since the day N days ago began.
        at_most, fewer = since(days), since(days - 1)
        domain = {
            ">": [("commercial_partner_id", "not in", at_most)],
            ">=": [("commercial_partner_id", "not in", fewer)],
            "<": [("commercial_partner_id", "in", fewer)],
            "<=": [("commercial_partner_id", "in", at_most)],
            "=": [
                ("commercial_partner_id", "in", at_most),
                ("commercial_partner_id", "not in", fewer),
            ],
        }.get(operator)
        if domain is None:  # "!=": never contacted, or not on that day
            return [
                "|",
                ("commercial_partner_id", "not in", at_most),
                ("commercial_partner_id", "in", fewer),
            ]
        return domain

    @api.ondelete(at_uninstall=False)
    def _unlink_except_dossier_history(self):
        """A client or person with dossier history is archived, never deleted:
        whoever deletes it (an administrator included) removes the history
        first. Checked as superuser: history the deleting user may not read
        counts too, and only whether some exists is told."""
        ids = self.ids
        history = [
            (
                "dossier.contact",
                ["|", ("partner_id", "in", ids), ("contact_person_id", "in", ids)],
            ),
            ("dossier.note", [("partner_id", "in", ids)]),
            (
                "dossier.relation",
                ["|", ("partner_id", "in", ids), ("related_partner_id", "in", ids)],
            ),
            ("dossier.life.event", [("partner_id", "in", ids)]),
            ("dossier.project", [("partner_id", "in", ids)]),
        ]
        for model, domain in history:
            # Sudo cannot leak: only whether history exists is told.
            records = self.env[model].sudo().with_context(active_test=False)
            if records.search_count(domain, limit=1):
                raise UserError(
                    self.env._(
                        "%(partner)s has a dossier history (%(kind)s) and cannot "
                        "be deleted: archive it instead, so that the history "
                        "stays.",
                        partner=self[:1].display_name
                        if len(self) == 1
                        else self.env._("A selected contact"),
                        kind=self.env["ir.model"]._get(model).name,
                    )
                )

    def _dossier_client_action(self, xmlid):
        """The window action ``xmlid`` on this client's records (stored on the
        commercial partner), creating new ones for it."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        client = self.commercial_partner_id
        action["domain"] = [("partner_id", "=", client.id)]
        action["context"] = {"default_partner_id": client.id}
        return action

    def action_dossier_open_contacts(self):
        """Open the client's contacts."""
        return self._dossier_client_action("dossier_crm.action_dossier_contact")

    @api.depends("dossier_birthdate")
    def _compute_dossier_birthday_key(self):
        for partner in self:
            partner.dossier_birthday_key = birthday_key(partner.dossier_birthdate)

    @api.depends_context("uid")
    def _compute_dossier_project_count(self):
        counts = dict(
            self.env["dossier.project"]._read_group(
                [("partner_id", "in", self._dossier_commercial_ids())],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.dossier_project_count = counts.get(partner.commercial_partner_id, 0)

    def action_dossier_open_projects(self):
        """Open the client's projects."""
        return self._dossier_client_action("dossier_crm.action_dossier_project")

    def action_dossier_print_brief(self):
        """Print the client's brief."""
        return self.env.ref("dossier_crm.action_report_dossier_brief").report_action(
            self.commercial_partner_id
        )

    def action_dossier_print_full(self):
        """Print the client's full dossier, which the brief summarises."""
        return self.env.ref("dossier_crm.action_report_dossier_full").report_action(
            self.commercial_partner_id
        )

    @api.depends_context("uid")
    def _compute_dossier_report_counts(self):
        # The report's record rules decide what the reader counts.
        figures = {
            partner: (count, won)
            for partner, count, won in self.env["dossier.contact.report"]._read_group(
                [("partner_id", "in", self._dossier_commercial_ids())],
                ["partner_id"],
                ["__count", "won_count:sum"],
            )
        }
        for partner in self:
            count, won = figures.get(partner.commercial_partner_id, (0, 0))
            partner.dossier_report_contact_count = count
            partner.dossier_report_won_count = won

    def action_dossier_open_contact_report(self):
        """Open the contacts and deals report on this client, per manager."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dossier_crm.action_dossier_contact_report"
        )
        client = self.commercial_partner_id
        action["display_name"] = self.env._(
            "Contacts and deals: %(client)s", client=client.display_name
        )
        action["context"] = {
            "search_default_partner_id": client.id,
            "search_default_group_user": 1,
        }
        return action

    # A person's dates, warning and timeline follow its current commercial
    # partner; contacts stay with the client they were logged for, so a person
    # moving to another company takes none of them along.

    @api.depends("commercial_partner_id")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_dossier_recent_contact_warning(self):
        Warning_ = self.env["dossier.contact.warning"]
        recent = Warning_._recent_contacts(set(self._dossier_commercial_ids()))
        for partner in self:
            contacts = recent[partner.commercial_partner_id.id]
            partner.dossier_recent_contact_warning = Warning_._warning_text(contacts)

    @api.depends("commercial_partner_id")
    @api.depends_context("uid")
    def _compute_dossier_timeline_contact_ids(self):
        Contact = self.env["dossier.contact"]
        domain = [("partner_id", "in", self._dossier_commercial_ids())]
        if len(self.commercial_partner_id) == 1:
            # The usual case, a form: only the latest ones are read.
            contacts = Contact.search(domain, limit=TIMELINE_SIZE)
        else:
            contacts = Contact.search(domain)
        by_client = defaultdict(list)
        for contact in contacts:
            latest = by_client[contact.partner_id.id]
            if len(latest) < TIMELINE_SIZE:
                latest.append(contact.id)
        for partner in self:
            partner.dossier_timeline_contact_ids = [
                Command.set(by_client[partner.commercial_partner_id.id])
            ]

    def action_dossier_log_contact(self):
        """A quick form to log (or plan) a contact with this client."""
        self.ensure_one()
        client = self.commercial_partner_id
        context = {"default_partner_id": client.id}
        if self != client:
            context["default_contact_person_id"] = self.id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log a contact"),
            "res_model": "dossier.contact",
            "view_mode": "form",
            "views": [
                (self.env.ref("dossier_crm.view_dossier_contact_form_quick").id, "form")
            ],
            "target": "new",
            "context": context,
        }
