from collections import defaultdict

import pytz

from odoo import api, fields, models
from odoo.tools import SQL

from .link_access import AUTOMATION, check_created_links, check_written_links

# The contact an activity stands for is set by the sync below only: its name
# shows on the activity, and closing the activity closes the contact.
LINKS = {"dossier_contact_id": AUTOMATION}


class MailActivity(models.Model):
    """The link between a planned client contact and its activity, kept in
    step both ways: the contact moves, reassigns, closes or drops its
    activity (_dossier_sync_contacts); marking the activity done or
    cancelling it does the same to the contact (_action_done, unlink)."""

    _inherit = "mail.activity"

    dossier_contact_id = fields.Many2one(
        "dossier.contact",
        string="Client contact",
        index="btree_not_null",
        ondelete="cascade",
        # A copy is a new activity: marking it done must not close the contact.
        copy=False,
        help="The planned contact this activity stands for: marking one done "
        "marks the other done.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        check_created_links(activities, LINKS)
        activities._dossier_check_contacts()
        return activities

    def write(self, vals):
        check_written_links(self, vals, LINKS)
        result = super().write(vals)
        moved = bool({"res_model_id", "res_model", "res_id"} & vals.keys())
        if moved or "user_id" in vals:
            self._dossier_check_contacts(moved=moved)
        return result

    def _dossier_check_contacts(self, moved=False):
        """An activity shows its assignee the name of its client contact: it
        is moved only onto a contact the user may change (Odoo lets an
        assignee move his activity anywhere), and given to someone else only
        by who may change who reads the contact
        (dossier.contact._dossier_check_owner)."""
        if self.env.su:
            return
        # Sudo cannot leak: only the activities' own fields are compared.
        on_contacts = self.sudo().filtered(lambda a: a.res_model == "dossier.contact")
        Contact = self.env["dossier.contact"]
        if moved and on_contacts:
            Contact.browse(on_contacts.mapped("res_id")).check_access("write")
        given = on_contacts.filtered(lambda a: a.user_id != self.env.user)
        if given:
            Contact.browse(given.mapped("res_id"))._dossier_check_owner()

    def _dossier_in_sync(self):
        """Whether the contacts are in step already: the flag counts only from
        the addon's own superuser calls (the sync, the contact's unlink), not
        when an RPC caller sends it to close an activity alone."""
        return self.env.su and self.env.context.get("dossier_activity_sync")

    def _action_done(self, feedback=False, attachment_ids=None):
        """Mark the activities done, and the planned contacts they stand for."""
        if not self._dossier_in_sync():
            # With the user's own rights: the assignee is the contact's
            # responsible, who may change it; anyone else is refused before
            # anything is done. Done first, the contacts are no longer planned
            # when super() deletes their activities (see unlink).
            contacts = self.dossier_contact_id
            if contacts:
                contacts.check_access("write")
            contacts.with_context(dossier_activity_sync=True).filtered(
                lambda c: c.state == "planned"
            ).action_done()
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)

    def unlink(self):
        """Delete the activities; a cancelled activity cancels its planned contact."""
        contacts = self.env["dossier.contact"]
        if not self._dossier_in_sync():
            contacts = self.dossier_contact_id
            if contacts:
                contacts.check_access("write")
        result = super().unlink()
        # Cancelling the activity of a planned contact cancels the contact,
        # with the user's own rights as in _action_done.
        contacts.with_context(dossier_activity_sync=True).filtered(
            lambda c: c.state == "planned"
        ).action_cancel()
        return result

    @api.model
    def _dossier_deadline(self, contact, zones):
        """The due day of the activity of ``contact``: the contact's day where
        its responsible lives. ``zones`` caches the responsibles' time zones
        (by user id) over a batch."""
        responsible = contact.user_id
        if responsible.id not in zones:
            zones[responsible.id] = contact._dossier_tz(responsible)
        return pytz.utc.localize(contact.date).astimezone(zones[responsible.id]).date()

    @api.model
    def _dossier_values(self, contact, zones=None):
        """The activity a planned contact stands for: its responsible, its day
        where the responsible lives, its summary."""
        return {
            "user_id": contact.user_id.id,
            "date_deadline": self._dossier_deadline(
                contact, {} if zones is None else zones
            ),
            # Who the contact is with, in the activity lists and the systray.
            "summary": contact._dossier_title(),
        }

    @api.model
    def _dossier_insert_for(self, contacts):
        """Create the activities of just planned ``contacts`` (see
        dossier.contact._plan_contacts) in one query, with the values
        _dossier_changes gives them, the document name the ORM would compute,
        and no follower nor mail per activity; the responsibles' activity
        counters are told once.

        As superuser, as _dossier_sync_contacts: the activities belong to the
        responsibles, for whom the planner may not write.
        """
        activity_type = self.env.ref(
            "dossier_crm.mail_activity_type_dossier_contact", raise_if_not_found=False
        )
        contacts = contacts.filtered(lambda c: c.state == "planned" and c.user_id)
        if not activity_type or not contacts:
            return self.browse()
        # Sudo cannot leak: the new contacts' own activities, made from them.
        Activity = self.sudo()
        model_id = self.env["ir.model"]._get_id(contacts._name)
        zones = {}
        vals_list = [
            {
                **self._dossier_values(contact, zones),
                "res_model_id": model_id,
                "res_model": contacts._name,
                "res_id": contact.id,
                # mail.activity computes it as superuser, for the same user.
                "res_name": as_superuser.display_name,
                "activity_type_id": activity_type.id,
                "dossier_contact_id": contact.id,
                "user_tz": contact.user_id.tz,
                "date_done": False,
            }
            for contact, as_superuser in zip(contacts, contacts.sudo(), strict=True)
        ]
        activities = self.env["dossier.contact"]._dossier_insert(vals_list, Activity)
        today = fields.Date.context_today(self)
        due = activities.filtered(lambda a: a.date_deadline <= today)
        if due:
            due.user_id._bus_send("mail.activity/updated", {"activity_created": True})
        return activities

    @api.model
    def _dossier_move_deadlines(self, contacts):
        """Move the activities of ``contacts``, whose date alone changed, to
        their new day, in one UPDATE (a mass edit, a job); a planned contact
        that has no activity gets it from _dossier_sync_contacts."""
        planned = contacts.filtered(lambda c: c.state == "planned" and c.user_id)
        if not planned:
            return
        zones = {}
        days = [
            (contact.id, self._dossier_deadline(contact, zones)) for contact in planned
        ]
        self.flush_model(["date_deadline", "dossier_contact_id", "active"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE mail_activity a
                   SET date_deadline = v.day, write_uid = %s, write_date = %s
                  FROM (VALUES %s) AS v(contact_id, day)
                 WHERE a.dossier_contact_id = v.contact_id AND a.active
             RETURNING a.id, a.dossier_contact_id
                """,
                self.env.uid,
                self.env.cr.now(),
                SQL(", ").join(days),
            )
        )
        rows = self.env.cr.fetchall()
        # As _dossier_sync_contacts, as superuser: whoever moves the contact
        # moves its activity.
        moved = self.sudo().browse([activity_id for activity_id, __ in rows])
        moved.invalidate_recordset(["date_deadline", "write_uid", "write_date"])
        moved.modified(["date_deadline"])
        missing = planned - planned.browse([contact_id for __, contact_id in rows])
        if missing:
            self._dossier_sync_contacts(missing)

    @api.model
    def _dossier_sync_contacts(self, contacts):
        """Bring the activities of ``contacts`` in step with them, in batch:
        one activity per planned contact with a responsible, none otherwise
        (marked done when the contact is done, deleted when it is cancelled).

        As superuser: the activities belong to the responsible, whom whoever
        changes the contact may not write for.
        """
        if not contacts:
            return
        # Sudo cannot leak: the contacts' own activities, written from them.
        Activity = self.sudo()
        by_contact = defaultdict(lambda: Activity)
        for activity in Activity.search([("dossier_contact_id", "in", contacts.ids)]):
            by_contact[activity.dossier_contact_id.id] |= activity
        to_create, to_write, to_done, to_drop = self._dossier_changes(
            contacts, by_contact
        )
        # The flag tells the overrides above the contact is already in step.
        sync = {"dossier_activity_sync": True}
        for changes, activities in to_write.items():
            activities.with_context(**sync).write(dict(changes))
        if to_create:
            Activity.with_context(**sync).create(to_create)
        if to_done:
            to_done.with_context(**sync)._action_done()
        if to_drop:
            to_drop.with_context(**sync).unlink()

    @api.model
    def _dossier_changes(self, contacts, by_contact):
        """What to do with the activities of ``contacts``: values to create,
        activities to write (grouped by identical changes), to mark done, to
        delete."""
        # Sudo cannot leak: only the activities of ``contacts`` are returned,
        # to _dossier_sync_contacts (see its docstring).
        Activity = self.sudo()
        activity_type = self.env.ref(
            "dossier_crm.mail_activity_type_dossier_contact", raise_if_not_found=False
        )
        model_id = self.env["ir.model"]._get_id(contacts._name)
        to_create, to_done, to_drop = [], Activity, Activity
        to_write = defaultdict(lambda: Activity)
        zones = {}
        for contact in contacts:
            current = by_contact[contact.id]
            if contact.state == "done":
                to_done |= current
            elif contact.state != "planned" or not contact.user_id or not activity_type:
                to_drop |= current
            elif not current:
                to_create.append(
                    {
                        **self._dossier_values(contact, zones),
                        "res_model_id": model_id,
                        "res_id": contact.id,
                        "activity_type_id": activity_type.id,
                        "dossier_contact_id": contact.id,
                    }
                )
            else:
                values = self._dossier_values(contact, zones)
                for activity in current:
                    current_values = {
                        "user_id": activity.user_id.id,
                        "date_deadline": activity.date_deadline,
                        "summary": activity.summary,
                    }
                    changed = {
                        name: value
                        for name, value in values.items()
                        if current_values[name] != value
                    }
                    if changed:
                        to_write[tuple(sorted(changed.items()))] |= activity
        return to_create, to_write, to_done, to_drop
