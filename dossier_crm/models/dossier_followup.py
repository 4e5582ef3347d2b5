import logging
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.tools import format_date

from .birthdays import keys_between, next_occurrence
from .dossier_life_event import DEFAULT_FOLLOWUP_DAYS, FOLLOWUP_DAYS_PARAM

_logger = logging.getLogger(__name__)

FOLLOWUP_USER_PARAM = "dossier_crm.followup_user_id"
# Planned follow-ups are due in the morning of their day, in the user's time zone.
FOLLOWUP_HOUR = time(9, 0)


class DossierFollowup(models.AbstractModel):
    _name = "dossier.followup"
    _description = "Dossier Follow-up Planner"

    @api.model
    def _birthday_followup_days(self):
        param = self.env["ir.config_parameter"].sudo().get_param(FOLLOWUP_DAYS_PARAM)
        try:
            return max(int(param), 0) if param else DEFAULT_FOLLOWUP_DAYS
        except ValueError:
            return DEFAULT_FOLLOWUP_DAYS

    @api.model
    def _default_followup_user(self):
        param = self.env["ir.config_parameter"].sudo().get_param(FOLLOWUP_USER_PARAM)
        try:
            user = self.env["res.users"].sudo().browse(int(param or 0)).exists()
        except ValueError:
            user = self.env["res.users"]
        return user if user.active and not user.share else self.env["res.users"]

    @api.model
    def _responsible(self, partner, default_user):
        salesperson = partner.commercial_partner_id.user_id
        if salesperson.active and not salesperson.share:
            return salesperson
        return default_user

    @api.model
    def _followup_datetime(self, day, user):
        """The morning of ``day`` in the user's time zone, as naive UTC."""
        tz = pytz.timezone(user.tz or self.env.user.tz or "UTC")
        local = tz.localize(datetime.combine(day, FOLLOWUP_HOUR))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _user_env(self, user):
        """Follow-ups are written in the language of whoever receives them."""
        return self.with_context(lang=user.lang or self.env.lang).env

    @api.model
    def _contact_vals(self, partner, user, due, summary):
        commercial = partner.commercial_partner_id
        return {
            "partner_id": partner.id,
            "user_id": user.id,
            "state": "planned",
            "date": self._followup_datetime(due, user),
            "channel": "phone",
            "direction": "outbound",
            "summary": summary,
            "company_id": (
                commercial.company_id or user.company_id or self.env.company
            ).id,
        }

    @api.model
    def _cron_plan_followups(self):
        """Plan the contacts due before life events and birthdays.

        Whatever is due from today up to the date itself and not planned yet
        is planned now, so a day the job did not run is caught up the next day,
        and a second run finds everything planned already.
        """
        # The job's own user does not need to follow what it plans.
        planner = self.sudo().with_context(mail_create_nosubscribe=True)
        today = fields.Date.context_today(planner)
        default_user = planner._default_followup_user()
        contacts = planner._plan_life_event_followups(today, default_user)
        contacts |= planner._plan_birthday_followups(today, default_user)
        _logger.info("Dossier follow-ups: %s contacts planned", len(contacts))
        return contacts

    @api.model
    def _plan_life_event_followups(self, today, default_user):
        events = self.env["dossier.life.event"].search(
            [
                ("followup_contact_id", "=", False),
                ("followup_date", "<=", today),
                ("date", ">=", today),
                ("partner_id.active", "=", True),
            ]
        )
        vals_list = []
        for event in events:
            user = self._responsible(event.partner_id, default_user)
            user_env = self._user_env(user)
            summary = user_env._(
                "Before “%(event)s” (%(name)s) on %(date)s",
                event=event.name,
                name=event.partner_id.name,
                date=format_date(user_env, event.date),
            )
            vals_list.append(
                self._contact_vals(
                    event.partner_id, user, max(event.followup_date, today), summary
                )
            )
        contacts = self.env["dossier.contact"]._create_planned_batch(
            vals_list, log_body=self.env._("Planned as a follow-up of a life event.")
        )
        for event, contact in zip(events, contacts, strict=True):
            event.followup_contact_id = contact
        return contacts

    @api.model
    def _plan_birthday_followups(self, today, default_user):
        lead = self._birthday_followup_days()
        keys = list(keys_between(today, today + timedelta(days=lead)))
        people = self.env["res.partner"].search(
            [("dossier_birthday_key", "in", keys), ("dossier_birthdate", "!=", False)]
        )
        relations = self.env["dossier.relation"].search(
            [
                ("birthday_followup", "=", True),
                ("birthday_key", "in", keys),
                ("birthdate", "!=", False),
                ("partner_id.active", "=", True),
            ]
        )
        Contact = self.env["dossier.contact"].with_context(active_test=False)
        planned = {
            (c.birthday_partner_id.id, c.birthday_relation_id.id, c.birthday_year)
            for c in Contact.search(
                [
                    "|",
                    ("birthday_partner_id", "in", people.ids),
                    ("birthday_relation_id", "in", relations.ids),
                ]
            )
        }

        def relation_labels(env):
            field = self.env["dossier.relation"]._fields["relation_type"]
            return dict(field._description_selection(env))

        vals_list = []
        for person in people:
            birthday = next_occurrence(person.dossier_birthdate, today)
            if (person.id, False, birthday.year) in planned:
                continue
            user = self._responsible(person, default_user)
            user_env = self._user_env(user)
            summary = user_env._(
                "Birthday of %(name)s on %(date)s: congratulate",
                name=person.name,
                date=format_date(user_env, birthday),
            )
            vals = self._contact_vals(
                person, user, max(birthday - timedelta(days=lead), today), summary
            )
            vals.update(birthday_partner_id=person.id, birthday_year=birthday.year)
            vals_list.append(vals)
        for relation in relations:
            birthday = next_occurrence(relation.birthdate, today)
            if (False, relation.id, birthday.year) in planned:
                continue
            client = relation.partner_id
            user = self._responsible(client, default_user)
            user_env = self._user_env(user)
            summary = user_env._(
                "Birthday of %(name)s, %(relation)s of %(client)s, on %(date)s",
                name=relation.name,
                relation=relation_labels(user_env)
                .get(relation.relation_type, "")
                .lower(),
                client=client.name,
                date=format_date(user_env, birthday),
            )
            vals = self._contact_vals(
                client, user, max(birthday - timedelta(days=lead), today), summary
            )
            vals.update(birthday_relation_id=relation.id, birthday_year=birthday.year)
            vals_list.append(vals)
        return Contact._create_planned_batch(
            vals_list, log_body=self.env._("Planned as a birthday follow-up.")
        )
