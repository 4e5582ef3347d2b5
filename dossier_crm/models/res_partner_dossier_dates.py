from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .birthdays import birthday_domain, next_occurrence
from .field_access import check_search_access

# Next birthdays lie within a year: 365 days from today cover every key.
BIRTHDAY_HORIZON = timedelta(days=364)


# The upcoming dates of a client's dossier (birthdays, life events) are kept
# apart from res_partner.py, which holds the client's contacts and projects.
class ResPartner(models.Model):
    """The soonest birthday and life event of a client, its people and the
    people around them, and the searches on them."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    dossier_next_birthday = fields.Date(
        string="Next birthday",
        compute="_compute_dossier_next_dates",
        search="_search_dossier_next_birthday",
        groups="dossier_crm.group_dossier_user",
        help="The soonest birthday of the client, its people, or the people "
        "around them.",
    )
    dossier_next_life_event_date = fields.Date(
        string="Next life event",
        compute="_compute_dossier_next_dates",
        search="_search_dossier_next_life_event_date",
        groups="dossier_crm.group_dossier_user",
    )
    dossier_next_event_date = fields.Date(
        string="Next date",
        compute="_compute_dossier_next_dates",
        groups="dossier_crm.group_dossier_user",
        help="The soonest birthday or life event in the client's dossier.",
    )
    dossier_next_event_name = fields.Char(
        string="Next event",
        compute="_compute_dossier_next_dates",
        groups="dossier_crm.group_dossier_user",
    )

    def _dossier_circle(self):
        """The partners and, for clients, their people of the reader's
        companies (sudo)."""
        partners = self.sudo()
        commercial_ids = [p.id for p in partners if p == p.commercial_partner_id]
        if commercial_ids:
            partners |= partners.search(
                [
                    ("commercial_partner_id", "in", commercial_ids),
                    *self._dossier_company_domain(),
                ]
            )
        return partners

    @api.model
    def _dossier_company_domain(self):
        """The people and dossier facts read as superuser here are those the
        company rules let the reader see (Odoo's partner rule and
        dossier_fact_security.xml)."""
        return [
            "|",
            ("company_id", "=", False),
            ("company_id", "in", self.env.companies.ids),
        ]

    @staticmethod
    def _dossier_targets(partner):
        """A date of a person shows on the person and on its client."""
        return {partner.id, partner.commercial_partner_id.id}

    @api.depends(
        "dossier_birthdate",
        "dossier_relation_ids.birthdate",
        "dossier_life_event_ids.date",
        "dossier_life_event_ids.name",
        "child_ids.dossier_birthdate",
        "child_ids.dossier_relation_ids.birthdate",
        "child_ids.dossier_life_event_ids.date",
    )
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_dossier_next_dates(self):
        today = fields.Date.context_today(self)
        # Unsaved partners in a form have no dates stored yet but their origin's.
        circle = self._origin._dossier_circle()
        birthdays = defaultdict(list)  # partner id -> [(date, label)]
        events = defaultdict(list)
        for person in circle.filtered("dossier_birthdate"):
            day = next_occurrence(person.dossier_birthdate, today)
            label = self.env._("Birthday of %(name)s", name=person.name)
            for target in self._dossier_targets(person):
                birthdays[target].append((day, label))
        relations = (
            self.env["dossier.relation"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", circle.ids),
                    ("birthdate", "!=", False),
                    *self._dossier_company_domain(),
                ]
            )
        )
        for relation in relations:
            day = next_occurrence(relation.birthdate, today)
            label = self.env._("Birthday of %(name)s", name=relation.display_name)
            for target in self._dossier_targets(relation.partner_id):
                birthdays[target].append((day, label))
        life_events = (
            self.env["dossier.life.event"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", circle.ids),
                    ("date", ">=", today),
                    *self._dossier_company_domain(),
                ]
            )
        )
        for event in life_events:
            for target in self._dossier_targets(event.partner_id):
                label = event.name
                if target != event.partner_id.id:
                    label = self.env._(
                        "%(person)s: %(event)s",
                        person=event.partner_id.name,
                        event=event.name,
                    )
                events[target].append((event.date, label))
        for partner in self:
            next_birthday = min(birthdays[partner._origin.id], default=None)
            next_event = min(events[partner._origin.id], default=None)
            partner.dossier_next_birthday = next_birthday and next_birthday[0]
            partner.dossier_next_life_event_date = next_event and next_event[0]
            soonest = min(filter(None, (next_birthday, next_event)), default=None)
            partner.dossier_next_event_date = soonest and soonest[0]
            partner.dossier_next_event_name = soonest and soonest[1]

    @api.model
    def _dossier_upper_bound(self, operator, value, horizon):
        """The latest date a search on a 'next date' field accepts.

        Only upper bounds are exact on a date that is the soonest of several:
        the soonest is before a day when any of them is.
        """
        today = fields.Date.context_today(self)
        if operator in ("=", "!=") and value is False:
            return today + horizon
        if operator in ("<", "<=") and value:
            bound = fields.Date.to_date(value)
            bound -= timedelta(days=1) if operator == "<" else timedelta()
            return min(bound, today + horizon)
        raise UserError(
            self.env._(
                "Upcoming dates can only be searched as 'before a date' or 'set'."
            )
        )

    @api.model
    def _dossier_search_domain(self, operator, value, partner_ids_sql):
        """The domain of the partners with a date (``partner_ids_sql``: SQL
        selecting partner ids) and their clients, as a subquery: never an id
        list, whatever the number of partners."""
        # Both ids of each partner from one read of it: the dated partners
        # are evaluated once, and PostgreSQL looks the few targets up by
        # primary key instead of scanning every partner (a UNION of two
        # lookups made it hash-join the whole table).
        targets = SQL(
            "(SELECT unnest(ARRAY[id, commercial_partner_id]) FROM res_partner "
            "WHERE id IN (%s))",
            partner_ids_sql,
        )
        if operator == "=" and value is False:
            return [("id", "not in", targets)]
        return [("id", "in", targets)]

    def _search_dossier_next_birthday(self, operator, value):
        """Clients with a birthday before a date (or with a birthday at all)."""
        check_search_access(self, "dossier_next_birthday")
        today = fields.Date.context_today(self)
        end = self._dossier_upper_bound(operator, value, BIRTHDAY_HORIZON)
        # As superuser, as the computation: birthdays are not secret, and the
        # people around a client count whoever may read them.
        people = self.sudo()._search(
            [
                *birthday_domain(
                    today, end, "dossier_birthday_key", "dossier_birthdate"
                ),
                *self._dossier_company_domain(),
            ]
        )
        relations = (
            self.env["dossier.relation"]
            .sudo()
            ._search(
                [
                    *birthday_domain(today, end, "birthday_key", "birthdate"),
                    *self._dossier_company_domain(),
                ]
            )
        )
        return self._dossier_search_domain(
            operator,
            value,
            SQL(
                "%s UNION %s",
                people.subselect(),
                relations.subselect(SQL.identifier("dossier_relation", "partner_id")),
            ),
        )

    def _search_dossier_next_life_event_date(self, operator, value):
        """Clients with a life event before a date (or with one at all)."""
        check_search_access(self, "dossier_next_life_event_date")
        today = fields.Date.context_today(self)
        end = self._dossier_upper_bound(operator, value, timedelta(days=36500))
        events = (
            self.env["dossier.life.event"]
            .sudo()
            ._search(
                [
                    ("date", ">=", today),
                    ("date", "<=", end),
                    *self._dossier_company_domain(),
                ]
            )
        )
        return self._dossier_search_domain(
            operator,
            value,
            events.subselect(SQL.identifier("dossier_life_event", "partner_id")),
        )
