from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .res_config_settings import EVENT_FOLLOWUP_DAYS

# The states of a registration the dossier counts: registered and attended
# (drafts are not confirmed, cancelled ones never happened).
CONFIRMED_STATES = ("open", "done")
# This module's index on event's table (dropped by the uninstall hook).
PARTNER_INDEX = "dossier_event_registration_partner_idx"


class EventRegistration(models.Model):
    _inherit = "event.registration"

    def init(self):
        # The client's registrations are read through its people
        # (res_partner.commercial_partner_id, then this): the dossier tab, the
        # brief and the history read one client's without scanning them all.
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s"
                " ON event_registration (partner_id) WHERE partner_id IS NOT NULL",
                SQL.identifier(PARTNER_INDEX),
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        registrations = super().create(vals_list)
        registrations.filtered(
            lambda r: r.state in CONFIRMED_STATES
        )._dossier_plan_followups()
        return registrations

    def write(self, vals):
        confirming = vals.get("state") in CONFIRMED_STATES
        to_confirm = (
            self.filtered(lambda r: r.state not in CONFIRMED_STATES)
            if confirming
            else self.browse()
        )
        res = super().write(vals)
        to_confirm._dossier_plan_followups()
        return res

    def _dossier_plan_followups(self):
        """Plan a follow-up contact for each of these just confirmed
        registrations made by a client's person, when the setting is on; once
        per registration, whatever its later state changes."""
        Settings = self.env["res.config.settings"]
        if not self or not Settings._dossier_event_followup():
            return self.env["dossier.contact"]
        # As superuser: whoever confirms a registration (the registration
        # desk, a website visitor) needs no dossier rights; the contact is
        # the planner's, for the responsible, and nothing of it is returned
        # to the caller or shown to him.
        registrations = self.sudo().filtered(
            lambda r: r.partner_id.commercial_partner_id.dossier_is_client
        )
        Contact = self.env["dossier.contact"].sudo()
        planned = Contact.search_fetch(
            [("event_registration_id", "in", registrations.ids)],
            ["event_registration_id"],
        ).event_registration_id
        registrations -= planned
        if not registrations:
            return Contact
        days = Settings._dossier_setting(EVENT_FOLLOWUP_DAYS)
        today = fields.Date.context_today(self)
        fallback = Settings._dossier_followup_user()
        return Contact._plan_contacts(
            [
                {
                    "partner": registration.partner_id.commercial_partner_id,
                    # The event's responsible met the person; the client's
                    # salesperson owns the relationship; then the default.
                    "users": (
                        registration.event_id.user_id,
                        registration.partner_id.commercial_partner_id.user_id,
                        fallback,
                    ),
                    "day": max(
                        today,
                        registration._dossier_event_end_day() + timedelta(days=days),
                    ),
                    "summary": registration._dossier_followup_summary,
                    "vals": {
                        "event_registration_id": registration.id,
                        "contact_person_id": (
                            registration.partner_id
                            - registration.partner_id.commercial_partner_id
                        ).id,
                    },
                }
                for registration in registrations
            ],
            self.env._("Follow-ups of event registrations."),
            source="followup",
        )

    def _dossier_event_end_day(self):
        # The day the event ends where it takes place (its own time zone),
        # not where whoever confirms the registration happens to be.
        event = self.event_id
        return fields.Date.context_today(
            event.with_context(tz=event.date_tz or "UTC"), event.date_end
        )

    def _dossier_followup_summary(self, env):
        """The summary of this registration's follow-up, in ``env``'s language
        (its responsible's)."""
        registration = self.with_env(env)
        return env._(
            "Follow-up of the event %(event)s: %(person)s",
            event=registration.event_id.name,
            person=registration.partner_id.name,
        )
