import calendar
import datetime

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .dossier_contact import CHANNELS
from .res_config_settings import GREETING_DAYS_AHEAD

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
        """Clients to greet: active companies and individuals on their own that
        are customers, have a salesperson or a dossier contact; never one of
        our own companies."""
        companies = self.env["res.company"].sudo()
        own = companies.search([("partner_id", "!=", False)]).partner_id
        return [
            ("active", "=", True),
            "|",
            ("is_company", "=", True),
            ("parent_id", "=", False),
            ("id", "not in", own.ids),
            "|",
            "|",
            ("user_id", "!=", False),
            ("customer_rank", ">", 0),
            ("dossier_contact_ids", "!=", False),
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

    def _plan_greetings(self, today=None):
        """Plan the greeting contacts due today; idempotent: a client gets one
        greeting per holiday and year, whatever happened to it since."""
        today = today or fields.Date.context_today(self)
        # As superuser: greetings are planned for every matching client and
        # salesperson, whoever runs the job; a greeting planned by anyone,
        # even a confidential one, is not planned twice.
        Contact = self.env["dossier.contact"].sudo()
        created = Contact
        for holiday in self:
            date = holiday._next_occurrence(today)
            if not date:
                continue
            clients = (
                self.env["res.partner"]
                .sudo()
                .search(holiday._matching_clients_domain())
            )
            greeted = set(
                Contact.with_context(active_test=False)
                .search(
                    [
                        ("holiday_id", "=", holiday.id),
                        ("holiday_year", "=", date.year),
                        ("partner_id", "in", clients.ids),
                    ]
                )
                .partner_id.ids
            )
            clients = clients.filtered(lambda p, greeted=greeted: p.id not in greeted)
            if clients:
                created |= holiday._plan_greetings_for(clients, date)
        return created

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
            bodies = template._render_field("body_html", contacts.ids)
            for contact in contacts:
                contact.description = bodies[contact.id]
        return contacts

    @api.model
    def _cron_plan_greetings(self):
        """Plan the greetings of every active holiday (daily job)."""
        return self.search([("active", "=", True)])._plan_greetings()

    def action_open_greetings(self):
        """Open the greeting contacts planned for this holiday."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dossier_crm.action_dossier_contact"
        )
        action["domain"] = [("holiday_id", "=", self.id)]
        action["context"] = {}
        return action
