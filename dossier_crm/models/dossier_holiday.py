import calendar
import datetime
import logging
import threading
import time

from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .dossier_contact import CHANNELS
from .res_config_settings import GREETING_DAYS_AHEAD

_logger = logging.getLogger(__name__)

# Clients greeted per committed batch, and seconds a run of the job plans
# before it hands over to the next run (Odoo kills a cron after 120 s).
GREETING_BATCH = 1000
JOB_TIME_BUDGET = 60

MONTHS = [
    ("1", "January"),
    ("2", "February"),
    ("3", "March"),
    ("4", "April"),
    ("5", "May"),
    ("6", "June"),
    ("7", "July"),
    ("8", "August"),
    ("9", "September"),
    ("10", "October"),
    ("11", "November"),
    ("12", "December"),
]


class DossierHoliday(models.Model):
    _name = "dossier.holiday"
    _description = "Holiday Greeting"
    _order = "month_number, day, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    day = fields.Integer(required=True, default=1)
    month = fields.Selection(MONTHS, required=True, default="1")
    # Stored as an integer as well, so that the list sorts by calendar order.
    month_number = fields.Integer(compute="_compute_month_number", store=True)
    partner_scope = fields.Selection(
        [("all", "All clients"), ("selected", "Clients matching the criteria")],
        string="Clients",
        required=True,
        default="all",
    )
    category_ids = fields.Many2many(
        "res.partner.category",
        string="Tags",
        help="Only clients with one of these tags (left empty: not checked).",
    )
    interest_ids = fields.Many2many(
        "dossier.interest",
        string="Interests",
        help="Only clients with one of these interests (left empty: not checked).",
    )
    country_ids = fields.Many2many(
        "res.country",
        string="Countries",
        help="Only clients in one of these countries (left empty: not checked).",
    )
    channel = fields.Selection(CHANNELS, required=True, default="email")
    template_id = fields.Many2one(
        "mail.template",
        string="Greeting template",
        domain="[('model', 'in', ('dossier.contact', 'res.partner'))]",
        help="Its text, rendered for the client, goes into the planned contact, "
        "ready to send.",
    )
    days_ahead = fields.Integer(
        string="Plan days ahead",
        required=True,
        default=lambda self: self.env["res.config.settings"]._dossier_setting(
            GREETING_DAYS_AHEAD
        ),
        help="How many days before the holiday the greeting contact is planned.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Fallback responsible",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        help="Responsible for the greetings of clients without a salesperson.",
    )
    contact_ids = fields.One2many("dossier.contact", "holiday_id", string="Greetings")
    contact_count = fields.Integer(
        string="Greetings planned", compute="_compute_contact_count"
    )

    def init(self):
        # The greetings of a holiday are found by the unique index
        # (holiday_id, holiday_year, partner_id) of dossier.contact alone. A
        # second index on holiday_id only looked as cheap to the planner while
        # its statistics ignored the greetings of a running job, and it then
        # read every greeting of the holiday once per client
        # (_pending_clients_query).
        self.env.cr.execute("DROP INDEX IF EXISTS dossier_contact__holiday_id_index")

    @api.depends("month")
    def _compute_month_number(self):
        for holiday in self:
            holiday.month_number = int(holiday.month or 0)

    @api.depends_context("uid")
    def _compute_contact_count(self):
        # Counted with the reader's rights: greetings it may not see are not.
        counts = dict(
            self.env["dossier.contact"]._read_group(
                [("holiday_id", "in", self.ids)], ["holiday_id"], ["__count"]
            )
        )
        for holiday in self:
            holiday.contact_count = counts.get(holiday, 0)

    @api.constrains("day", "month")
    def _check_day_in_month(self):
        for holiday in self:
            # 2000 is a leap year: 29 February is a valid holiday.
            last_day = calendar.monthrange(2000, int(holiday.month))[1]
            if not 1 <= holiday.day <= last_day:
                raise ValidationError(
                    self.env._(
                        "%(month)s has no day %(day)s: pick a day from 1 to "
                        "%(last)s for the holiday “%(name)s”.",
                        month=dict(
                            self._fields["month"]._description_selection(self.env)
                        )[holiday.month],
                        day=holiday.day,
                        last=last_day,
                        name=holiday.name,
                    )
                )

    @api.constrains("days_ahead")
    def _check_days_ahead(self):
        low, high = GREETING_DAYS_AHEAD.minimum, GREETING_DAYS_AHEAD.maximum
        for holiday in self:
            if not low <= holiday.days_ahead <= high:
                raise ValidationError(
                    self.env._(
                        "Greetings are planned from %(min)s to %(max)s days ahead, "
                        "not %(days)s.",
                        min=low,
                        max=high,
                        days=holiday.days_ahead,
                    )
                )

    @api.constrains("partner_scope", "category_ids", "interest_ids", "country_ids")
    def _check_criteria(self):
        for holiday in self:
            if holiday.partner_scope == "selected" and not (
                holiday.category_ids or holiday.interest_ids or holiday.country_ids
            ):
                raise ValidationError(
                    self.env._(
                        "Choose the tags, interests or countries of the clients "
                        "to greet for “%(name)s”, or greet all clients.",
                        name=holiday.name,
                    )
                )

    def _date_in_year(self, year):
        """The holiday's date in ``year``; 29 February falls on the 28th in
        years that are not leap years, so that it is never skipped."""
        self.ensure_one()
        month = int(self.month)
        day = min(self.day, calendar.monthrange(year, month)[1])
        return datetime.date(year, month, day)

    def _next_occurrence(self, today):
        """The holiday's date to plan for today, or None when it is further
        away than ``days_ahead``."""
        self.ensure_one()
        for year in (today.year, today.year + 1):
            date = self._date_in_year(year)
            if today <= date <= today + datetime.timedelta(days=self.days_ahead):
                return date
        return None

    @api.model
    def _client_domain(self):
        """Clients to greet: active companies and individuals on their own,
        never one of our own companies; _pending_clients_query adds that they
        are customers, have a salesperson or a dossier contact."""
        # Sudo cannot leak: only our own companies' partners are excluded.
        companies = self.env["res.company"].sudo()
        own = companies.search([("partner_id", "!=", False)]).partner_id
        return [
            ("active", "=", True),
            "|",
            ("is_company", "=", True),
            ("parent_id", "=", False),
            ("id", "not in", own.ids),
        ]

    def _matching_clients_domain(self):
        self.ensure_one()
        domain = self._client_domain()
        if self.partner_scope == "selected":
            if self.category_ids:
                domain.append(("category_id", "in", self.category_ids.ids))
            if self.interest_ids:
                domain.append(("dossier_interest_ids", "in", self.interest_ids.ids))
            if self.country_ids:
                domain.append(("country_id", "in", self.country_ids.ids))
        return domain

    def _pending_clients_query(self, date):
        """The query of the matching clients not greeted yet for this holiday
        in ``date``'s year (every greeting counts, even a confidential,
        cancelled or done one), as superuser (see _plan_greetings).

        Both tests on dossier contacts are correlated subqueries: one index
        probe per client (the unique greeting index, the client's contacts),
        however many greetings and contacts there are. The ORM's ``IN`` /
        ``NOT IN`` subqueries are hashed only while they fit in work_mem;
        beyond, PostgreSQL scans them again for each client. ``OFFSET 0``
        keeps the greeting test a probe: turned into an anti-join, it was
        planned from statistics that do not count the greetings of the
        running job, and read all of them again for each client.
        """
        self.ensure_one()
        # As superuser: greetings are planned for every matching client and
        # salesperson, whoever runs the job; a greeting planned by anyone,
        # even a confidential one, is not planned twice (raw SQL below).
        Partner = self.env["res.partner"].sudo()
        query = Partner._search(self._matching_clients_domain())
        partner_id = SQL.identifier(query.table, "id")
        query.add_where(
            SQL(
                "(%s IS NOT NULL OR %s > 0 OR EXISTS ("
                "SELECT 1 FROM dossier_contact c WHERE c.partner_id = %s))",
                SQL.identifier(query.table, "user_id"),
                SQL.identifier(query.table, "customer_rank"),
                partner_id,
            )
        )
        query.add_where(
            SQL(
                "NOT EXISTS (SELECT 1 FROM dossier_contact g WHERE g.holiday_id = %s "
                "AND g.holiday_year = %s AND g.partner_id = %s OFFSET 0)",
                self.id,
                date.year,
                partner_id,
            )
        )
        return query

    def _pending_clients(self, date, after_id, limit):
        """The next ``limit`` clients not greeted yet, by id after ``after_id``:
        each batch starts where the previous one ended, so that finding it
        does not walk again the clients already greeted."""
        query = self._pending_clients_query(date)
        query.add_where(SQL("%s > %s", SQL.identifier(query.table, "id"), after_id))
        query.order = SQL.identifier(query.table, "id")
        query.limit = limit
        # Sudo cannot leak: the clients to plan for, as the query found them.
        return self.env["res.partner"].sudo().browse(query.get_result_ids())

    def _pending_count(self, date):
        """How many clients are not greeted yet (the cron's progress)."""
        self.env.cr.execute(self._pending_clients_query(date).select(SQL("COUNT(*)")))
        return self.env.cr.fetchone()[0]

    def _lock_for_planning(self):
        """Lock this holiday until the next commit, unless another worker
        plans it right now: then False, and this worker leaves it to it."""
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM dossier_holiday WHERE id = %s "
                "FOR NO KEY UPDATE SKIP LOCKED",
                self.id,
            )
        )
        return bool(self.env.cr.rowcount)

    def _plan_greetings(self, today=None, batch_size=GREETING_BATCH, time_budget=None):
        """Plan the greeting contacts due today and return how many were
        planned; idempotent: a client gets one greeting per holiday and year,
        whatever happened to it since.

        ``batch_size`` clients at a time, each batch committed (outside tests)
        and reported to the cron (``ir.cron._notify_progress``): a job killed
        in the middle keeps what it planned, and its next run plans the rest.
        After ``time_budget`` seconds it stops and reports what remains, so
        that the cron runner calls it again. The cache is emptied after each
        batch, so that memory does not grow with the number of clients.
        """
        today = today or fields.Date.context_today(self)
        due = [
            (holiday, date)
            for holiday in self
            if (date := holiday._next_occurrence(today))
        ]
        remaining = sum(holiday._pending_count(date) for holiday, date in due)
        Cron = self.env["ir.cron"]
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        started = time.monotonic()
        done = 0
        for holiday, date in due:
            last_id = 0
            while holiday._lock_for_planning():
                clients = holiday._pending_clients(date, last_id, batch_size)
                if not clients:
                    break
                last_id = clients[-1].id
                try:
                    with self.env.cr.savepoint():
                        planned = len(holiday._plan_greetings_for(clients, date))
                        self.env.flush_all()
                except UniqueViolation:
                    # Another run planned some of them since this transaction
                    # began (the unique index refused them): it plans the rest.
                    _logger.info("Greetings of %s planned by another run.", holiday.id)
                    self.env.invalidate_all()
                    break
                done += planned
                remaining = max(remaining - planned, 0)
                Cron._notify_progress(done=done, remaining=remaining)
                self.env.flush_all()
                if auto_commit:
                    self.env.cr.commit()  # pylint: disable=invalid-commit
                self.env.invalidate_all()
                if time_budget and time.monotonic() - started > time_budget:
                    return done
        Cron._notify_progress(done=done, remaining=0)
        return done

    def _plan_greetings_for(self, clients, date):
        """Plan this holiday's greeting of ``date`` with ``clients``."""
        self.ensure_one()
        template = self.template_id
        bodies = {}
        if template.model == "res.partner":
            bodies = template._render_field("body_html", clients.ids)
        summaries = {}  # by language: computed once for all the clients

        def summary(env):
            if env.lang not in summaries:
                summaries[env.lang] = env._(
                    "Greetings: %(holiday)s", holiday=self.with_env(env).name
                )
            return summaries[env.lang]

        requests = [
            {
                "partner": client,
                "users": (client.user_id, self.user_id),
                "day": date,
                "summary": summary,
                "vals": {
                    "channel": self.channel,
                    "description": bodies.get(client.id, False),
                    "holiday_id": self.id,
                    "holiday_year": date.year,
                },
            }
            for client in clients
        ]
        # Superuser, as in _plan_greetings: the planner sets the holiday markers.
        contacts = (
            self.env["dossier.contact"]
            .sudo()
            ._plan_contacts(
                requests,
                self.env._("Greeting planned for %(holiday)s.", holiday=self.name),
                source="greeting",
            )
        )
        if template.model == "dossier.contact":
            # Rendered for the new contacts and stored in one UPDATE, as the
            # ORM's flush stores per-record values (sanitized as write() does),
            # not one write() per greeting.
            bodies = template._render_field("body_html", contacts.ids)
            description = contacts._fields["description"]
            contacts.sudo()._write_multi(
                [
                    {"description": description.convert_to_column(bodies[c.id], c)}
                    for c in contacts
                ]
            )
            contacts.invalidate_recordset(["description", "write_uid", "write_date"])
        return contacts

    @api.model
    def _cron_plan_greetings(self, batch_size=GREETING_BATCH):
        """Plan the greetings of every active holiday (daily job)."""
        return self.search([("active", "=", True)])._plan_greetings(
            batch_size=batch_size, time_budget=JOB_TIME_BUDGET
        )

    def action_open_greetings(self):
        """Open the greeting contacts planned for this holiday."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dossier_crm.action_dossier_contact"
        )
        action["domain"] = [("holiday_id", "=", self.id)]
        action["context"] = {}
        return action
