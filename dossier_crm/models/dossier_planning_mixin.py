import logging
from datetime import datetime, time

import pytz

from odoo import api, models
from odoo.models import MAGIC_COLUMNS
from odoo.tools import SQL, clean_context

from .link_access import TRUSTED, TRUSTED_KEY

_logger = logging.getLogger(__name__)

# Contacts planned for a day are due at this hour where their responsible lives.
PLANNING_HOUR = time(9, 0)


class DossierPlanningMixin(models.AbstractModel):
    """Planning contacts for others, the one way: who is responsible, in
    which company, at what time, in batch. dossier.contact inherits it, so
    that callers plan with ``env["dossier.contact"]._plan_contacts(...)``."""

    _name = "dossier.planning.mixin"
    _description = "Contact Planning"

    @api.model
    def _dossier_responsible(self, candidates, company=None):
        """The first of ``candidates`` (users, in order of preference: the
        client's salesperson, then the caller's fallback) who is an active
        internal user allowed in ``company``; no user when none is."""
        for user in candidates:
            if user and user.active and not user.share:
                if not company or company in user.company_ids:
                    return user
        return self.env["res.users"]

    @api.model
    def _dossier_tz(self, user):
        """The time zone a contact of ``user`` is planned in: the user's, else
        the current user's, else UTC; its activity is due on the same day."""
        return pytz.timezone(user.tz or self.env.user.tz or "UTC")

    @api.model
    def _dossier_planned_datetime(self, day, user):
        """``day`` at the planning hour in the time zone of ``user``, as naive
        UTC."""
        local = self._dossier_tz(user).localize(datetime.combine(day, PLANNING_HOUR))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _plan_contacts(self, requests, log_body, source="manual"):
        """Plan one contact per request and return them, in the requests' order.

        The callers (holiday greetings, birthday and life-event follow-ups,
        payment reminders, campaigns) choose the clients and skip those that
        have their contact already; this decides everything else, one way for
        all. Each request is a dict:

        - ``partner``: the client or one of its people (res.partner);
        - ``users``: the candidate responsible users, preferred first: the
          first active internal user among them is the responsible;
        - ``day`` (date: planned at 9:00 where the responsible lives) or
          ``date`` (naive UTC datetime: planned then);
        - ``summary``: a string, or a function of an environment in the
          responsible's language that returns it (the responsible reads it);
        - ``company`` (optional): by default the client's company, else the
          responsible's, else the current one;
        - ``vals`` (optional): other values of the contact.

        ``source`` is what planned them (greeting, followup, campaign,
        payment_reminder: see dossier.contact's SOURCES).

        The contacts and their activities are inserted in one query each,
        with every value decided here (see _dossier_insert), without a
        follower row, a chatter message or an "assigned to you" mail per
        contact: the responsible finds the contact in its activities, and the
        contact says what it was planned for (holiday, campaign, birthday,
        reminder); ``log_body`` is the batch's one summary, in the server log.
        The unique indexes of dossier.contact still refuse a second greeting
        or follow-up (UniqueViolation, for the jobs to catch).
        """
        # Created with the caller's rights: its access to contacts is checked
        # as create() checks it; defaults sent in the caller's context do not
        # reach the contacts; TRUSTED lets this code, the one planner, set the
        # markers that keep it from planning twice and the source (see
        # link_access), which users may not set.
        context = clean_context(self.env.context)
        Contact = self.with_context(context, **{TRUSTED_KEY: TRUSTED})
        Contact.check_access("create")
        if not requests:
            return self.browse()
        responsibles, envs, datetimes = {}, {}, {}
        vals_list = []
        for request in requests:
            partner = request["partner"]
            company = request.get("company") or partner.commercial_partner_id.company_id
            key = (tuple(user.id for user in request["users"] if user), company.id)
            if key not in responsibles:
                responsibles[key] = self._dossier_responsible(request["users"], company)
            user = responsibles[key]
            summary = request["summary"]
            if callable(summary):
                lang = user.lang or self.env.lang
                if lang not in envs:
                    envs[lang] = self.with_context(lang=lang).env
                summary = summary(envs[lang])
            if "day" in request:
                key = (request["day"], user.id)
                if key not in datetimes:
                    datetimes[key] = self._dossier_planned_datetime(
                        request["day"], user
                    )
                date = datetimes[key]
            else:
                date = request["date"]
            vals_list.append(
                Contact._normalized_partner_vals(
                    {
                        "channel": "phone",
                        "direction": "outbound",
                        **request.get("vals", {}),
                        "partner_id": partner.id,
                        "user_id": user.id,
                        "state": "planned",
                        "date": date,
                        "summary": summary,
                        "company_id": (
                            company or user.company_id or self.env.company
                        ).id,
                        "source": source,
                    }
                )
            )
        contacts = Contact._dossier_insert(vals_list)
        contacts._dossier_check_created()
        self.env["mail.activity"]._dossier_insert_for(contacts)
        _logger.info("%s contacts planned: %s", len(contacts), log_body)
        return contacts.with_env(self.env(context=context))

    def _dossier_check_created(self):
        """What create() checks on new records beyond the values' own
        constraints (see _dossier_insert): the record rules and the company
        of the links, for a user; models add their own checks."""
        self.check_access("create")
        if not self.env.su and self._check_company_auto:
            self._check_company()

    @api.model
    def _dossier_insert(self, vals_list, model=None):
        """Insert a row per values of ``vals_list`` into the table of
        ``model`` (by default this model) in one query and return the records,
        in order: the ORM's create minus its per-record work (a default
        lookup, cache entries of every field and overrides per record), for
        the planners, which decide every value themselves.

        What create() keeps is done once for the batch: the defaults of the
        fields not given, the values converted (and HTML sanitized) as the ORM
        does, the magic columns, the constraints of the given fields, the
        cached one2many fields that point at the new rows emptied, the fields
        that depend on the new records marked as create() marks them; the
        stored computed fields given are kept as given, not recomputed. The
        caller checks access (see _dossier_check_created).
        """
        records = self if model is None else model
        if not vals_list:
            return records.browse()
        fields = records._fields
        given = {name for vals in vals_list for name in vals}
        stored = [
            name
            for name, field in fields.items()
            if field.store and field.column_type and name not in MAGIC_COLUMNS
        ]
        others = given.difference(stored)
        if others:
            # A programming error: x2many and non-stored fields are no columns.
            raise ValueError(
                f"{records._name}: only stored columns are inserted, "
                f"not {sorted(others)}"
            )
        # Defaults computed once, with the context cleaned of callers' ones.
        defaults = records.with_context(clean_context(self.env.context)).default_get(
            [name for name in stored if name not in given]
        )
        names = sorted(given.union(defaults).intersection(stored))
        now, uid = self.env.cr.now(), self.env.uid
        rows = []
        for given_vals in vals_list:
            vals = {**defaults, **given_vals}
            converted = (
                fields[name].convert_to_column_insert(
                    vals.get(name, False), records, vals
                )
                for name in names
            )
            rows.append((*converted, uid, now, uid, now))
        columns = [*names, "create_uid", "create_date", "write_uid", "write_date"]
        # Flushed first: the unique indexes compare with every row stored.
        records.flush_model()
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (%s) VALUES %s RETURNING id",
                SQL.identifier(records._table),
                SQL(", ").join(map(SQL.identifier, columns)),
                SQL(", ").join(rows),
            )
        )
        records = records.browse([row[0] for row in self.env.cr.fetchall()])
        for name in names:
            for inverse in self.pool.field_inverses[fields[name]]:
                self.env[inverse.model_name].invalidate_model([inverse.name])
        computed = [fields[name] for name in names if fields[name].compute]
        with self.env.protecting(computed, records):
            records.modified(names, create=True)
        records._validate_fields(names)
        return records
