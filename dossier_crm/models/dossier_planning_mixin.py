import logging
from datetime import datetime, time

import pytz

from odoo import api, models

from .dossier_contact_capture import TRUSTED, TRUSTED_KEY

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

        The contacts and their activities are created in a number of queries
        that does not grow with their number: mail.thread subscribes and logs
        record by record on create; here the responsible users follow their
        contacts in one insert per user, ``log_body`` is logged on all of them
        in one batch, and nobody gets an "assigned to you" mail per contact.
        """
        vals_list = []
        for request in requests:
            partner = request["partner"]
            company = request.get("company") or partner.commercial_partner_id.company_id
            user = self._dossier_responsible(request["users"], company)
            summary = request["summary"]
            if callable(summary):
                summary = summary(
                    self.with_context(lang=user.lang or self.env.lang).env
                )
            if "day" in request:
                date = self._dossier_planned_datetime(request["day"], user)
            else:
                date = request["date"]
            vals_list.append(
                {
                    "channel": "phone",
                    "direction": "outbound",
                    **request.get("vals", {}),
                    "partner_id": partner.id,
                    "user_id": user.id,
                    "state": "planned",
                    "date": date,
                    "summary": summary,
                    "company_id": (company or user.company_id or self.env.company).id,
                    "source": source,
                }
            )
        # The activities are created in the same batch, without the "assigned
        # to you" mail per activity (mail_activity_quick_update).
        # TRUSTED: the source is an automation-only field, set by this code.
        contacts = self.with_context(
            tracking_disable=True,
            mail_activity_quick_update=True,
            **{TRUSTED_KEY: TRUSTED},
        ).create(vals_list)
        contacts = contacts.with_env(self.env)
        for user, user_contacts in contacts.grouped("user_id").items():
            if user:
                user_contacts._message_subscribe(partner_ids=user.partner_id.ids)
        if contacts:
            contacts._message_log_batch(bodies=dict.fromkeys(contacts.ids, log_body))
        _logger.info("%s contacts planned: %s", len(contacts), log_body)
        return contacts
