import logging

from psycopg2.errors import UniqueViolation

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, html2plaintext, html_sanitize

from .link_access import is_automation
from .res_config_settings import CAPTURE_EMAILS_KEY, CAPTURE_MEETINGS_KEY

_logger = logging.getLogger(__name__)

# Set by the addon's own code only: a user who could set them would forge a
# link to a message or a meeting, or the origin of a contact.
AUTOMATION_FIELDS = ("source", "mail_message_id", "calendar_event_id", "origin_ref")
# Chatters whose messages are no contact with a client: the contact log itself
# (an email from a contact's chatter is that contact) and discussions.
EXCLUDED_THREADS = ("dossier.contact", "discuss.channel", "mail.thread")
SUMMARY_SIZE = 120


class DossierContactCapture(models.AbstractModel):
    """Activity capture, the one home of its rules: which emails and meetings
    are contacts with a client, who the client is, and the contact logged for
    each. mail.thread (_notify_thread) and calendar.event call it."""

    _name = "dossier.contact.capture"
    _description = "Contact Capture"

    # ------------------------------------------------------------------
    # Integrity
    # ------------------------------------------------------------------

    @api.model
    def _create_unique_indexes(self):
        # One contact per message and client company, and per meeting and
        # client company, even when the same message or meeting is processed
        # twice at once.
        for column in ("mail_message_id", "calendar_event_id"):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX IF NOT EXISTS %s ON dossier_contact "
                    "(%s, partner_id) WHERE %s IS NOT NULL",
                    SQL.identifier(f"dossier_contact_{column}_partner_uniq"),
                    SQL.identifier(column),
                    SQL.identifier(column),
                )
            )

    @api.model
    def _check_automation_fields(self, vals_list, create=False):
        """Refuse the automation-only fields to users (RPC included): only
        code running as superuser (this model's) sets them. A user may create
        manual contacts, and imported ones while importing; an import creating
        a contact marks it so."""
        if is_automation(self.env):
            return
        Contact = self.env["dossier.contact"]
        importing = bool(self.env.context.get("import_file"))
        allowed_sources = {"manual", "import"} if importing else {"manual"}
        for vals in vals_list:
            if create and importing:
                vals.setdefault("source", "import")
            for name in AUTOMATION_FIELDS:
                value = vals.get(name, False)
                if create and name == "source":
                    forged = value not in allowed_sources and name in vals
                    forged = forged or self.env.context.get(f"default_{name}")
                else:
                    forged = name in vals and (not create or value)
                    forged = forged or (
                        create and self.env.context.get(f"default_{name}")
                    )
                if forged:
                    raise AccessError(
                        self.env._(
                            "“%(field)s” of a contact is set by Dossier CRM "
                            "itself, from the email or meeting it was captured "
                            "from; it cannot be entered or changed by hand.",
                            field=Contact._fields[name]._description_string(self.env),
                        )
                    )

    @api.model
    def _origin_models(self):
        """The models whose chatter an email may be captured from (from the
        registry, without a query)."""
        return sorted(
            (name, model._description)
            for name, model in self.env.registry.items()
            if not model._abstract
            and not model._transient
            and "message_ids" in model._fields
            and name not in EXCLUDED_THREADS
        )

    # ------------------------------------------------------------------
    # Who is a client
    # ------------------------------------------------------------------

    @api.model
    def _client_people(self, partners):
        """The partners among ``partners`` that are a client's people, each
        with its client company (commercial partner), in order: not internal
        users nor OdooBot (partner_share), not the firm's own companies, nor
        addresses of the internal email domains. A constant number of
        queries."""
        domains = self.env["res.config.settings"]._dossier_internal_domains()
        own = set(self.env["res.partner"]._dossier_own_partner_ids())
        result = {}
        # As superuser: the partners' kind and email decide, nothing is shown.
        for partner in partners.sudo():
            client = partner.commercial_partner_id
            domain = (partner.email_normalized or "").rpartition("@")[2]
            if partner.partner_share and client.id not in own and domain not in domains:
                result[partner.with_env(self.env)] = client.with_env(self.env)
        return result

    @api.model
    def _first_person_by_client(self, people):
        """{client: its first person} of a _client_people result."""
        result = {}
        for person, client in people.items():
            result.setdefault(client, person)
        return result

    # ------------------------------------------------------------------
    # Emails
    # ------------------------------------------------------------------

    @api.model
    def _capture_message(self, thread, message, msg_vals, recipients_data):
        """Log a done email contact per client company for ``message``, just
        posted on ``thread``: a "Send message" of an internal user to client
        people (outbound), or an email a client sent in (inbound). See
        _capturable_values and _message_parties for what is not a contact."""
        msg_vals = msg_vals or {}
        values = self._capturable_values(thread, message, msg_vals)
        parties = values and self._message_parties(
            thread, message, msg_vals, values, recipients_data
        )
        if not parties:
            return
        direction, users, people = parties
        # As superuser: the contacts already captured from this message are
        # counted whatever their confidentiality.
        Contact = self.env["dossier.contact"].sudo()
        done = set(
            Contact.with_context(active_test=False)
            .search([("mail_message_id", "=", message.id)])
            .partner_id.ids
        )
        now = fields.Datetime.now()
        date = fields.Datetime.to_datetime(msg_vals.get("date")) or message.date
        date = min(date or now, now)
        body = html_sanitize(msg_vals.get("body", message.body) or "")
        summary = self._summary(values["subject"], body, thread)
        vals_list = []
        for client, person in people.items():
            if client.id in done:
                continue
            company = self._contact_company(client, thread, users)
            vals = {
                "partner_id": client.id,
                "contact_person_id": person.id if person != client else False,
                "channel": "email",
                "direction": direction,
                "date": date,
                "state": "done",
                "summary": summary,
                "description": body,
                "mail_message_id": message.id,
                # A record, not "model,id": the string is checked by a query
                # per contact.
                "origin_ref": thread,
                "source": "email",
                "company_id": company.id,
                **self._thread_links(thread, client, company),
            }
            candidates = users if direction == "outbound" else [*users, client.user_id]
            vals["user_id"] = Contact._dossier_responsible(candidates, company).id
            vals_list.append(vals)
        self._create_contacts(vals_list)

    @api.model
    def _capturable_values(self, thread, message, msg_vals):
        """The message's type, author and subject when it may be a contact.

        Not contacts: messages on the contact log itself and discussions,
        notes and other internal messages, notifications and automated
        messages (types other than comment and email), mail from OdooBot;
        nothing while email capture is off.
        """
        if thread._name in EXCLUDED_THREADS or len(thread) != 1:
            return None
        values = {
            name: msg_vals[name] if name in msg_vals else message[name]
            for name in ("message_type", "is_internal", "author_id", "subject")
        }
        if values["message_type"] not in ("comment", "email") or values["is_internal"]:
            return None
        data = self.env["ir.model.data"]
        subtype_id = msg_vals.get("subtype_id", message.subtype_id.id)
        if subtype_id != data._xmlid_to_res_id("mail.mt_comment"):
            return None
        settings = self.env["res.config.settings"]
        if not settings._dossier_flag(CAPTURE_EMAILS_KEY):
            return None
        author = values["author_id"]
        if isinstance(author, int):
            author = self.env["res.partner"].browse(author)
        if not author or author.id == data._xmlid_to_res_id("base.partner_root"):
            return None
        values["author_id"] = author
        return values

    @api.model
    def _message_parties(self, thread, message, msg_vals, values, recipients_data):
        """(direction, responsible candidates, {client: person}) of a message,
        or None: a comment of an internal user (outbound, to the client people
        among its recipients; never when the author may not write on the
        record, as its contact would show the chatter to more people), or an
        email of a client person (inbound)."""
        author = values["author_id"]
        # As superuser: who the author is (its users) decides the direction;
        # nothing of it is shown.
        author_user = author.sudo().user_ids.filtered(lambda u: not u.share)[:1]
        if author_user:
            if values["message_type"] != "comment":
                return None
            if not thread.with_user(author_user)._filtered_access("write"):
                return None
            pids = msg_vals.get("partner_ids") if msg_vals else message.partner_ids.ids
            recipients = self.env["res.partner"].browse(
                [r["id"] for r in recipients_data or ()] + list(pids or ())
            )
            direction, users, people = "outbound", [author_user], recipients
        elif values["message_type"] == "email":
            direction, users = "inbound", [self._thread_responsible(thread)]
            people = author
        else:
            return None
        people = self._first_person_by_client(self._client_people(people))
        return (direction, users, people) if people else None

    @api.model
    def _thread_responsible(self, thread):
        """The responsible of the record (its user_id), as superuser: the
        gateway posts as OdooBot, which reads every record anyway."""
        field = thread._fields.get("user_id")
        if field and field.type == "many2one" and field.comodel_name == "res.users":
            return thread.sudo().user_id
        return self.env["res.users"]

    @api.model
    def _thread_links(self, thread, client, company):
        """The deal or the client project a message was posted on, when it
        is this client's and in this company."""
        # As superuser: only the ids and the owners are compared.
        record = thread.sudo()
        if record._name == "crm.lead":
            if record.partner_id.commercial_partner_id == client and (
                record.company_id in (company, self.env["res.company"])
            ):
                return {"lead_id": record.id}
        elif record._name == "dossier.project":
            if record.partner_id == client and record.company_id == company:
                return {"project_id": record.id}
        return {}

    @api.model
    def _contact_company(self, client, thread, users):
        """The client's company, else the record's, else the responsible's."""
        if client.company_id:
            return client.company_id
        record_company = thread.sudo()._mail_get_companies(default=False)[thread.id]
        if record_company:
            return record_company
        return next((u.company_id for u in users if u), self.env.company)

    @api.model
    def _summary(self, subject, body, thread):
        text = (subject or "").strip()
        if not text:
            text = next(
                (
                    line.strip()
                    for line in html2plaintext(body).splitlines()
                    if line.strip()
                ),
                "",
            )
        if not text:
            text = self.env._(
                "Email about %(record)s", record=thread.sudo().display_name
            )
        return text if len(text) <= SUMMARY_SIZE else text[: SUMMARY_SIZE - 1] + "…"

    @api.model
    def _create_contacts(self, vals_list):
        """Create captured contacts in one batch, with the default
        confidentiality of the settings; nothing when another transaction
        captured the same message or meeting first (the unique indexes)."""
        if not vals_list:
            return self.env["dossier.contact"]
        confidentiality = self.env[
            "res.config.settings"
        ]._dossier_capture_confidentiality()
        for vals in vals_list:
            vals.setdefault("confidentiality", confidentiality)
        # As superuser: the automation-only fields are set by this code alone;
        # the uid stays the acting user's, so the contacts are theirs (created
        # by them) as if typed in, and the record rules apply to readers.
        Contact = (
            self.env["dossier.contact"]
            .sudo()
            .with_context(
                tracking_disable=True,
                mail_create_nosubscribe=True,
                mail_activity_quick_update=True,
            )
        )
        try:
            with self.env.cr.savepoint():
                return Contact.create(vals_list)
        except UniqueViolation:
            _logger.info("Contacts already captured by another transaction.")
            return self.env["dossier.contact"]

    # ------------------------------------------------------------------
    # Meetings
    # ------------------------------------------------------------------

    @api.model
    def _sync_meetings(self, events, cancel=False):
        """Keep one contact per client company of each event in step with it:
        planned while ahead, done once over, cancelled when the event is
        archived, deleted (``cancel``) or the company is no longer invited.
        Without capture of meetings (settings), the contacts already captured
        are still kept in step, and no new one is made. Queries: a constant
        number, plus one write per event that has contacts."""
        settings = self.env["res.config.settings"]
        capture = settings._dossier_flag(CAPTURE_MEETINGS_KEY)
        # As superuser: the meetings' contacts are kept in step whoever moves
        # the meeting (an attendee may not write the organiser's contact).
        events = events.sudo().with_context(active_test=False)
        Contact = self.env["dossier.contact"].sudo()
        by_event = (
            Contact.with_context(active_test=False)
            .search([("calendar_event_id", "in", events.ids)])
            .grouped("calendar_event_id")
        )
        people = {} if cancel else self._client_people(events.partner_ids)
        confidentiality = settings._dossier_capture_confidentiality()
        now = fields.Datetime.now()
        vals_list = []
        for event in events:
            contacts = by_event.get(event, Contact)
            clients = {}
            if event.active and not cancel:
                for person in event.partner_ids:
                    if person in people:
                        clients.setdefault(people[person], person)
            gone = contacts.filtered(
                lambda c, clients=clients: (
                    c.partner_id not in clients and c.state != "cancelled"
                )
            )
            if gone:
                gone.write({"state": "cancelled"})
            if not clients:
                continue
            vals = self._meeting_vals(event, now)
            kept = contacts.filtered(lambda c, clients=clients: c.partner_id in clients)
            if kept:
                kept.write(vals)
            if not capture:
                continue
            for client, person in clients.items():
                if client in kept.partner_id:
                    continue
                company = client.company_id or event.user_id.company_id
                vals_list.append(
                    {
                        **vals,
                        "partner_id": client.id,
                        "contact_person_id": person.id if person != client else False,
                        "channel": "meeting",
                        "direction": "outbound",
                        "calendar_event_id": event.id,
                        "source": "meeting",
                        "company_id": (company or self.env.company).id,
                        "user_id": Contact._dossier_responsible(
                            [event.user_id], company
                        ).id,
                        # A private meeting's contact is its organiser's only.
                        "confidentiality": "private"
                        if event.privacy == "private"
                        else confidentiality,
                    }
                )
        self._create_contacts(vals_list)

    @api.model
    def _meeting_vals(self, event, now):
        """What a meeting's contacts take from it."""
        internal = event.partner_ids.user_ids.filtered(lambda u: not u.share)
        start = event.start
        stop = max(event.stop or start, start)
        return {
            "summary": (event.name or "")[:SUMMARY_SIZE] or self.env._("Meeting"),
            "date": start,
            "duration": (stop - start).total_seconds() / 3600.0,
            "state": "done" if stop <= now else "planned",
            "participant_ids": [Command.set((internal - event.user_id).ids)],
        }

    @api.model
    def _close_past_meetings(self):
        """Mark done the planned contacts of meetings that are over (hourly
        job; Odoo 18 reads the log on a read-only cursor, so reading cannot do
        it). One query when there are none."""
        # As superuser: a meeting that took place is done for every reader.
        contacts = (
            self.env["dossier.contact"]
            .sudo()
            .search(
                [
                    ("state", "=", "planned"),
                    ("calendar_event_id", "!=", False),
                    ("calendar_event_id.stop", "<=", fields.Datetime.now()),
                ]
            )
        )
        if contacts:
            contacts.with_context(mail_activity_quick_update=True).write(
                {"state": "done"}
            )
        return contacts
