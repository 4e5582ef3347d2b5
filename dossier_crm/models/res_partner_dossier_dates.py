from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from .birthdays import birthday_domain, next_occurrence
from .computed_values import assign_computed
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
        rows = self._origin._dossier_dated_facts(today)
        # The people around are named as they are everywhere: one read of
        # those with a birthday, for all the partners.
        relations = {
            relation.id: relation.display_name
            for relation in self.env["dossier.relation"]
            .sudo()
            .browse({fact_id for kind, *__, fact_id in rows if kind == "relation"})
        }
        birthdays = defaultdict(list)  # partner id -> [(date, label)]
        events = defaultdict(list)
        for kind, pid, commercial_id, person, day, event, fact_id in rows:
            # A date of a person shows on the person and on its client.
            for target in {pid, commercial_id}:
                if kind == "event":
                    label = event
                    if target != pid:
                        label = self.env._(
                            "%(person)s: %(event)s", person=person, event=event
                        )
                    events[target].append((day, label))
                    continue
                name = relations[fact_id] if kind == "relation" else person
                label = self.env._("Birthday of %(name)s", name=name)
                birthdays[target].append((next_occurrence(day, today), label))
        columns = defaultdict(list)
        for partner in self:
            next_birthday = min(birthdays[partner._origin.id], default=None)
            next_event = min(events[partner._origin.id], default=None)
            soonest = min(filter(None, (next_birthday, next_event)), default=None)
            columns["dossier_next_birthday"].append(next_birthday and next_birthday[0])
            columns["dossier_next_life_event_date"].append(next_event and next_event[0])
            columns["dossier_next_event_date"].append(soonest and soonest[0])
            columns["dossier_next_event_name"].append(soonest and soonest[1])
        # Lists and cards read these for a page of partners at once.
        assign_computed(self, columns)

    def _dossier_circle_query(self):
        """The partners ``self`` and, for clients, their active people of the
        reader's companies (the company rule as a domain, see
        _dossier_company_domain), as a superuser query: whose dates show on
        ``self``."""
        commercial_ids = [p.id for p in self if p.id and p == p.commercial_partner_id]
        people = [
            ("commercial_partner_id", "in", commercial_ids),
            *self._dossier_company_domain(),
        ]
        if self.env.context.get("active_test", True):
            people = expression.AND([[("active", "=", True)], people])
        return (
            self.sudo()
            .with_context(active_test=False)
            ._search(
                expression.OR(
                    [[("id", "in", [pid for pid in self.ids if pid])], people]
                )
            )
        )

    def _dossier_dated_facts(self, today):
        """The birthdays and upcoming life events of the circle of ``self``
        (see _dossier_circle_query) and of the people around them, in one
        query as superuser (the dates are not secret to dossier users; the
        facts of the reader's companies only): rows of (kind, partner id, its
        commercial partner id, partner name, date, event name, fact id), kind
        being "person", "relation" or "event"."""
        circle = self._dossier_circle_query()
        Partner = self.sudo()
        Relation = self.env["dossier.relation"].sudo()
        Event = self.env["dossier.life.event"].sudo()
        in_circle = SQL("(SELECT id FROM dossier_circle)")
        relations = Relation._search(
            [
                ("partner_id", "in", in_circle),
                ("birthdate", "!=", False),
                *self._dossier_company_domain(),
            ]
        )
        events = Event._search(
            [
                ("partner_id", "in", in_circle),
                ("date", ">=", today),
                *self._dossier_company_domain(),
            ]
        )
        people, rel, ev = circle.table, relations.table, events.table
        return self.env.execute_query(
            SQL(
                """WITH dossier_circle AS MATERIALIZED (%(people)s)
                SELECT 'person', c.id, c.commercial_partner_id, c.name,
                       c.dossier_birthdate, NULL, NULL
                  FROM dossier_circle c WHERE c.dossier_birthdate IS NOT NULL
                UNION ALL
                SELECT 'relation', c.id, c.commercial_partner_id, c.name,
                       f.birthdate, NULL, f.id
                  FROM (%(relations)s) f JOIN dossier_circle c ON c.id = f.partner_id
                UNION ALL
                SELECT 'event', c.id, c.commercial_partner_id, c.name,
                       f.date, f.name, f.id
                  FROM (%(events)s) f JOIN dossier_circle c ON c.id = f.partner_id""",
                people=circle.select(
                    SQL("%s AS id", SQL.identifier(people, "id")),
                    SQL(
                        "%s AS commercial_partner_id",
                        Partner._field_to_sql(people, "commercial_partner_id", circle),
                    ),
                    SQL("%s AS name", Partner._field_to_sql(people, "name", circle)),
                    SQL(
                        "%s AS dossier_birthdate",
                        Partner._field_to_sql(people, "dossier_birthdate", circle),
                    ),
                ),
                relations=relations.select(
                    SQL("%s AS id", SQL.identifier(rel, "id")),
                    SQL(
                        "%s AS partner_id",
                        Relation._field_to_sql(rel, "partner_id", relations),
                    ),
                    SQL(
                        "%s AS birthdate",
                        Relation._field_to_sql(rel, "birthdate", relations),
                    ),
                ),
                events=events.select(
                    SQL("%s AS id", SQL.identifier(ev, "id")),
                    SQL(
                        "%s AS partner_id",
                        Event._field_to_sql(ev, "partner_id", events),
                    ),
                    SQL("%s AS date", Event._field_to_sql(ev, "date", events)),
                    SQL("%s AS name", Event._field_to_sql(ev, "name", events)),
                ),
            )
        )

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
