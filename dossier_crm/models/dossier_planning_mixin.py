import logging
from datetime import datetime, time

import pytz

from odoo import api, models
from odoo.tools import clean_context

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

        The contacts and their activities are created in a number of queries
        that does not grow with their number, without a follower row, a
        chatter message or an "assigned to you" mail per contact: the
        responsible finds the contact in its activities, and the contact says
        what it was planned for (holiday, campaign, birthday, reminder);
        ``log_body`` is the batch's one summary, in the server log.
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
        # to you" mail per activity (mail_activity_quick_update); no tracking,
        # creation note nor follower per contact (tracking_disable, and
        # dossier_bulk_planning for the activity's follower); defaults sent in
        # the caller's context do not reach the contacts. Created with the
        # caller's rights; TRUSTED lets this code, the one planner, set the
        # markers that keep it from planning twice and the source (see
        # link_access), which users may not set.
        context = clean_context(self.env.context)
        contacts = self.with_context(
            context,
            tracking_disable=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            mail_activity_quick_update=True,
            dossier_bulk_planning=True,
            **{TRUSTED_KEY: TRUSTED},
        ).create(vals_list)
        contacts = contacts.with_env(self.env(context=context))
        _logger.info("%s contacts planned: %s", len(contacts), log_body)
        return contacts
