import logging
import threading
from datetime import timedelta

from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.tools import SQL, format_date

from .birthdays import birthday_domain, next_occurrence
from .res_config_settings import FOLLOWUP_DAYS

_logger = logging.getLogger(__name__)

# Follow-ups planned per committed batch.
FOLLOWUP_BATCH = 1000


class DossierFollowup(models.AbstractModel):
    """The daily job that plans a contact before each life event and birthday
    of the clients, their people and the people around them. It chooses what
    is due and not planned yet; dossier.contact._plan_contacts plans it."""

    _name = "dossier.followup"
    _description = "Dossier Follow-up Planner"

    @api.model
    def _cron_plan_followups(self, batch_size=FOLLOWUP_BATCH):
        """Plan the contacts due before life events and birthdays.

        Whatever is due from today up to the date itself and not planned yet
        is planned now, so a day the job did not run is caught up the next day,
        and a second run finds everything planned already. ``batch_size`` at
        a time, each batch committed (outside tests) and reported to the cron:
        a run killed in the middle keeps what it planned, the next one plans
        the rest.
        """
        # As superuser: the job plans for every client, whatever its user may
        # read; and the job's own user does not need to follow what it plans.
        planner = self.sudo().with_context(mail_create_nosubscribe=True)
        today = fields.Date.context_today(planner)
        fallback = planner.env["res.config.settings"]._dossier_followup_user()
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        Cron = self.env["ir.cron"]
        done = 0
        for step in (
            planner._plan_life_event_followups,
            planner._plan_birthday_followups,
        ):
            while True:
                try:
                    with self.env.cr.savepoint():
                        planned, remaining = step(today, fallback, batch_size)
                        self.env.flush_all()
                except UniqueViolation:
                    # Another run planned some since this transaction began.
                    _logger.info("Follow-ups planned by another run.")
                    self.env.invalidate_all()
                    break
                done += planned
                Cron._notify_progress(done=done, remaining=remaining)
                if auto_commit:
                    self.env.cr.commit()  # pylint: disable=invalid-commit
                self.env.invalidate_all()
                if not planned or not remaining:
                    break
        Cron._notify_progress(done=done, remaining=0)
        return done

    @api.model
    def _request(self, person, fallback, day, summary, **vals):
        """A planning request for a follow-up of ``person`` (a client or one of
        its people), for the client's salesperson, else ``fallback``."""
        return {
            "partner": person,
            "users": (person.commercial_partner_id.user_id, fallback),
            "day": day,
            "summary": summary,
            "vals": vals,
        }

    @api.model
    def _plan_life_event_followups(self, today, fallback, limit=None):
        """Plan the follow-ups of up to ``limit`` life events due; return how
        many were planned and how many remain. The events are locked first,
        and those another run is planning right now are left to it."""
        domain = [
            ("followup_contact_id", "=", False),
            ("followup_date", "<=", today),
            ("date", ">=", today),
            ("partner_id.active", "=", True),
        ]
        Event = self.env["dossier.life.event"]
        events = Event.search(domain, order="id", limit=limit)
        if events:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM dossier_life_event WHERE id IN %s "
                    "AND followup_contact_id IS NULL "
                    "FOR NO KEY UPDATE SKIP LOCKED",
                    tuple(events.ids),
                )
            )
            events = Event.browse(sorted(row[0] for row in self.env.cr.fetchall()))
        remaining = Event.search_count(domain) - len(events) if limit else 0

        def summary(event):
            return lambda env: env._(
                "Before “%(event)s” (%(name)s) on %(date)s",
                event=event.name,
                name=event.partner_id.name,
                date=format_date(env, event.date),
            )

        requests = [
            self._request(
                event.partner_id,
                fallback,
                max(event.followup_date, today),
                summary(event),
            )
            for event in events
        ]
        contacts = self.env["dossier.contact"]._plan_contacts(
            requests,
            self.env._("Planned as a follow-up of a life event."),
            source="followup",
        )
        for event, contact in zip(events, contacts, strict=True):
            event.followup_contact_id = contact
        return len(contacts), max(remaining, 0)

    @api.model
    def _plan_birthday_followups(self, today, fallback, limit=None):
        """Plan up to ``limit`` birthday follow-ups due; return how many were
        planned and how many remain (the unique indexes of dossier.contact
        refuse a second one)."""
        lead = self.env["res.config.settings"]._dossier_setting(FOLLOWUP_DAYS)
        end = today + timedelta(days=lead)
        people = self.env["res.partner"].search(
            birthday_domain(today, end, "dossier_birthday_key", "dossier_birthdate")
        )
        relations = self.env["dossier.relation"].search(
            [
                ("birthday_followup", "=", True),
                ("partner_id.active", "=", True),
                *birthday_domain(today, end, "birthday_key", "birthdate"),
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
        requests = []
        for person in people:
            birthday = next_occurrence(person.dossier_birthdate, today)
            if (person.id, False, birthday.year) in planned:
                continue
            requests.append(
                self._request(
                    person,
                    fallback,
                    max(birthday - timedelta(days=lead), today),
                    lambda env, person=person, birthday=birthday: env._(
                        "Birthday of %(name)s on %(date)s: congratulate",
                        name=person.name,
                        date=format_date(env, birthday),
                    ),
                    birthday_partner_id=person.id,
                    birthday_year=birthday.year,
                )
            )
        for relation in relations:
            birthday = next_occurrence(relation.birthdate, today)
            if (False, relation.id, birthday.year) in planned:
                continue
            requests.append(
                self._request(
                    relation.partner_id,
                    fallback,
                    max(birthday - timedelta(days=lead), today),
                    lambda env, relation=relation, birthday=birthday: env._(
                        "Birthday of %(name)s, %(relation)s of %(client)s, on %(date)s",
                        name=relation.name,
                        relation=relation._relation_type_label(env).lower(),
                        client=relation.partner_id.name,
                        date=format_date(env, birthday),
                    ),
                    birthday_relation_id=relation.id,
                    birthday_year=birthday.year,
                )
            )
        batch = requests[:limit] if limit else requests
        contacts = Contact._plan_contacts(
            batch,
            self.env._("Planned as a birthday follow-up."),
            source="followup",
        )
        return len(contacts), len(requests) - len(batch)
