from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from .res_config_settings import RECENT_CONTACT_DAYS

# Banner lines described in full; more are only counted.
WARNING_MAX_LINES = 5


class DossierContactWarning(models.AbstractModel):
    """The "colleagues are in touch with this client" banner, shown on the
    client (res.partner) and on the contact being planned (dossier.contact):
    one text, built here for both."""

    _name = "dossier.contact.warning"
    _description = "Recent Contact Warning"

    @api.model
    def _recent_contacts(self, partner_ids):
        """Contacts that make a client "recently contacted", read as superuser
        in one query: done ones within the window and planned ones, by client
        id, most recent first. Empty when the window is set to 0.

        As superuser because a colleague's confidential contact counts too:
        the banner only counts those the reader may not read (_warning_text);
        contacts of companies the reader does not work in are left out.
        """
        days = self.env["res.config.settings"]._dossier_setting(RECENT_CONTACT_DAYS)
        # Sudo cannot leak: _warning_text describes only the readable ones.
        Contact = self.env["dossier.contact"].sudo()
        result = defaultdict(lambda: Contact)
        if not days or not partner_ids:
            return result
        since = fields.Datetime.now() - relativedelta(days=days)
        contacts = Contact.with_context(active_test=False).search(
            [
                ("partner_id", "in", list(partner_ids)),
                ("company_id", "in", self.env.companies.ids),
                "|",
                ("state", "=", "planned"),
                "&",
                ("state", "=", "done"),
                ("date", ">=", since),
            ],
            order="date desc, id desc",
        )
        # The read rules look at the participants (_warning_text checks them
        # client by client): fetched for every client at once.
        contacts.fetch(["participant_ids"])
        # Grouped by id, not by adding records one by one (a union each): a
        # client with hundreds of recent and planned contacts stays linear.
        by_client = defaultdict(list)
        for contact in contacts:
            by_client[contact.partner_id.id].append(contact.id)
        for client_id, contact_ids in by_client.items():
            # Each client's contacts prefetch those of all: one query a field.
            result[client_id] = contacts.browse(contact_ids).with_prefetch(
                contacts._prefetch_ids
            )
        return result

    @api.model
    def _warning_text(self, contacts_sudo):
        """The banner for these contacts of others (superuser records): the
        ones the reader may read are described, the others only counted."""
        user = self.env.user
        contacts_sudo = contacts_sudo.filtered(
            lambda c: (c.user_id or c.create_uid) != user
        )
        if not contacts_sudo:
            return False
        readable_ids = set(
            self.env["dossier.contact"]
            .browse(contacts_sudo.ids)
            ._filtered_access("read")
            .ids
        )
        readable = contacts_sudo.filtered(lambda c: c.id in readable_ids)
        hidden = len(contacts_sudo) - len(readable)
        lines = [self._warning_line(c) for c in readable[:WARNING_MAX_LINES]]
        more = len(readable) - WARNING_MAX_LINES
        if more > 0:
            lines.append(self.env._("And %(count)s more.", count=more))
        if hidden == 1:
            lines.append(
                self.env._(
                    "1 confidential contact by a colleague, recent or planned, "
                    "that you may not read."
                )
            )
        elif hidden:
            lines.append(
                self.env._(
                    "%(count)s confidential contacts by colleagues, recent or "
                    "planned, that you may not read.",
                    count=hidden,
                )
            )
        return "\n".join(lines)

    @api.model
    def _kind_label(self, contact):
        """What the contact was, e.g. "Inbound phone call"."""
        labels = {
            ("inbound", "meeting"): self.env._("Meeting at the client's request"),
            ("outbound", "meeting"): self.env._("Meeting"),
            ("inbound", "phone"): self.env._("Inbound phone call"),
            ("outbound", "phone"): self.env._("Outbound phone call"),
            ("inbound", "letter"): self.env._("Incoming letter"),
            ("outbound", "letter"): self.env._("Outgoing letter"),
            ("inbound", "email"): self.env._("Incoming email"),
            ("outbound", "email"): self.env._("Outgoing email"),
            ("inbound", "other"): self.env._("Inbound contact"),
            ("outbound", "other"): self.env._("Outbound contact"),
        }
        return labels[(contact.direction, contact.channel)]

    @api.model
    def _warning_line(self, contact):
        """E.g. "Inbound phone call 2 days ago, logged by Anna Petrova"."""
        today = fields.Date.context_today(self)
        day = fields.Datetime.context_timestamp(self, contact.date).date()
        delta = (day - today).days
        if delta == 0:
            when = self.env._("today")
        elif delta == -1:
            when = self.env._("yesterday")
        elif delta == 1:
            when = self.env._("tomorrow")
        elif delta < 0:
            when = self.env._("%(days)s days ago", days=-delta)
        else:
            when = self.env._("in %(days)s days", days=delta)
        author = (contact.user_id or contact.create_uid).name or ""
        kind = self._kind_label(contact)
        if contact.state == "done":
            return self.env._(
                "%(kind)s %(when)s, logged by %(user)s",
                kind=kind,
                when=when,
                user=author,
            )
        if delta < 0:
            return self.env._(
                "%(kind)s planned by %(user)s %(when)s, not done yet",
                kind=kind,
                when=when,
                user=author,
            )
        return self.env._(
            "%(kind)s planned %(when)s by %(user)s",
            kind=kind,
            when=when,
            user=author,
        )
