"""The order of many2one groups, without grouping by the ordered columns.

Odoo orders the groups of a many2one by its comodel's ``_order`` (a user's
name and login) by joining the comodel into the grouped query and adding the
ordered columns to its GROUP BY. PostgreSQL has no statistics for the joined
name as a grouping key: it expects as many groups as rows and sorts every row
on disk before counting (a million contacts for twenty responsibles). Here
the GROUP BY keeps the id alone, so that PostgreSQL counts in a small hash
table, and the groups found are ordered by their record's values: read by
primary key in a subquery a group (as core orders favourites in
``_order_field_to_sql``), or, when an expression is grouped too, taken once
per group from the joined comodel. Same groups, same counts, same order.
"""

import re

from odoo import models
from odoo.models import regex_order
from odoo.tools import SQL
from odoo.tools.query import Query

# A GROUP BY of table columns only ("table"."column", ...), no expression.
COLUMNS_ONLY = re.compile(r'^"\w+"\."\w+"(, "\w+"\."\w+")*$')

# The types whose column PostgreSQL's MIN takes (a boolean's does not).
MIN_TYPES = (
    "char",
    "text",
    "selection",
    "integer",
    "float",
    "monetary",
    "date",
    "datetime",
)
REVERSED = {
    "ASC": "DESC",
    "DESC": "ASC",
    "NULLS FIRST": "NULLS LAST",
    "NULLS LAST": "NULLS FIRST",
}


def many2one_group_order(model, alias, field_name, *, direction, nulls, query):
    """The ORDER BY terms of the groups of the many2one ``field_name`` of
    ``model`` in its comodel's order, each column of that order taken once
    per group; None where Odoo's own ordering applies: outside a grouped
    query, or when the comodel orders by id or by something else than its
    own plain columns (a relation, a boolean, a property)."""
    field = model._fields.get(field_name)
    if not (query.groupby and field and field.type == "many2one" and field.store):
        return None
    comodel = model.env[field.comodel_name]
    coorder = comodel._order
    if not coorder or coorder == "id":
        return None
    # Descending groups: every column of the comodel's order reversed, as
    # Odoo's _order_to_sql(reverse=True) does.
    reverse = direction.code == "DESC"
    coterms = []
    for part in coorder.split(","):
        match = regex_order.match(part)
        cofield = match and comodel._fields.get(match["field"].strip('"'))
        if (
            not cofield
            or match["property"]
            or match["func"]
            or cofield.type not in MIN_TYPES
            or not (cofield.store or cofield.inherited)
        ):
            return None
        codirection = (match["direction"] or "ASC").upper()
        conulls = (match["nulls"] or "").upper()
        if reverse:
            codirection, conulls = REVERSED[codirection], REVERSED.get(conulls, "")
        coterms.append((cofield, codirection, conulls))
    key = model._field_to_sql(alias, field_name, query)
    terms = []
    # As Odoo's: the empty group first or last when asked.
    if nulls.code == "NULLS FIRST":
        terms.append(SQL("%s IS NOT NULL", key))
    elif nulls.code == "NULLS LAST":
        terms.append(SQL("%s IS NULL", key))
    if COLUMNS_ONLY.match(query.groupby.code):
        # Grouped by columns: PostgreSQL estimates the groups well, and each
        # group reads its values by primary key, with no work per row.
        for cofield, codirection, conulls in coterms:
            coquery = Query(
                model.env,
                Query.make_alias(alias, f"{field_name}__order"),
                comodel._table_sql,
            )
            coquery.add_where(SQL("%s = %s", SQL.identifier(coquery.table, "id"), key))
            value = comodel._field_to_sql(coquery.table, cofield.name, coquery)
            terms.append(
                SQL("(%s) %s %s", coquery.select(value), SQL(codirection), SQL(conulls))
            )
        return SQL(", ").join(terms)
    # Grouped by an expression too (a date's month): PostgreSQL has no
    # statistics for it and expects as many groups as rows, so that a
    # subquery a group would be costed a million times (and JIT-compiled for
    # seconds). The comodel is joined as Odoo joins it instead, each of its
    # columns taken once per group (every row of a group holds the same
    # value: MIN is that value).
    coalias = query.make_alias(alias, field_name)
    query.add_join(
        "LEFT JOIN",
        coalias,
        comodel._table,
        SQL("%s = %s", key, SQL.identifier(coalias, "id")),
    )
    for cofield, codirection, conulls in coterms:
        value = comodel._field_to_sql(coalias, cofield.name, query)
        terms.append(SQL("MIN(%s) %s %s", value, SQL(codirection), SQL(conulls)))
    return SQL(", ").join(terms)


class DossierGroupOrderMixin(models.AbstractModel):
    """For the models a user groups over many rows (the contact log, the
    Contacts and Deals report): their many2one groups counted by id, then
    put in their record's order (see many2one_group_order)."""

    _name = "dossier.group.order.mixin"
    _description = "Dossier: many2one groups ordered by name"

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        order = many2one_group_order(
            self, alias, field_name, direction=direction, nulls=nulls, query=query
        )
        if order is not None:
            return order
        return super()._order_field_to_sql(alias, field_name, direction, nulls, query)
