import re

from odoo import Command, models, tools
from odoo.tools import SQL, html_escape

# Deleted from the lookup: records that are the person's own (their notes,
# life events, the people around them, or them as someone around a client).
# Anonymised instead: contacts, which are the client company's history too.
DOSSIER_ANONYMISED = ("dossier.contact",)
# Deleted after the dossier records that refer to them.
PERSON_MODELS = ("res.partner", "res.users")


class PrivacyLookupWizard(models.TransientModel):
    _inherit = "privacy.lookup.wizard"

    def _dossier_person_ids(self):
        """The partners the lookup is about, as its own query finds them."""
        self.ensure_one()
        # The lookup is for administrators (its access rights): as superuser
        # to find every partner of the person, whatever company holds it.
        partners = self.env["res.partner"].sudo().with_context(active_test=False)
        email = tools.email_normalize(self.email.strip())
        return partners.search(
            [
                "|",
                ("email_normalized", "=", email),
                ("name", "=ilike", self.name.strip()),
            ]
        ).ids

    def _get_query(self):
        """The lookup's records and the person's dossier: contacts where they
        were spoken to, took part or are the client, their notes and life
        events, the people around them and the entries where they are someone
        around a client (by contact or by name), with those entries' events."""
        query = super()._get_query()
        name = self.name.strip()
        model_id = self.env["ir.model"]._get_id
        references = SQL("(SELECT id FROM indirect_references)")
        relations = SQL(
            "(SELECT id FROM dossier_relation WHERE partner_id IN %(refs)s "
            "OR related_partner_id IN %(refs)s OR name ILIKE %(name)s)",
            refs=references,
            name=name,
        )
        dossier = SQL(
            """
            UNION ALL
            SELECT %(contact)s, id, TRUE FROM dossier_contact
             WHERE partner_id IN %(refs)s OR contact_person_id IN %(refs)s
                OR id IN (SELECT rel.contact_id
                            FROM dossier_contact_participant_rel rel
                            JOIN res_users ON res_users.id = rel.user_id
                           WHERE res_users.partner_id IN %(refs)s)
            UNION ALL
            SELECT %(note)s, id, TRUE FROM dossier_note WHERE partner_id IN %(refs)s
            UNION ALL
            SELECT %(relation)s, id, active FROM dossier_relation
             WHERE id IN %(relations)s
            UNION ALL
            SELECT %(event)s, id, TRUE FROM dossier_life_event
             WHERE partner_id IN %(refs)s OR relation_id IN %(relations)s
            """,
            contact=model_id("dossier.contact"),
            note=model_id("dossier.note"),
            relation=model_id("dossier.relation"),
            event=model_id("dossier.life.event"),
            refs=references,
            relations=relations,
        )
        # Odoo's own search finds some of them too: each record once.
        return SQL(
            "SELECT DISTINCT ON (res_model_id, res_id) res_model_id, res_id, "
            "is_active FROM (%s %s) AS lookup",
            query,
            dossier,
        )


class PrivacyLookupWizardLine(models.TransientModel):
    _inherit = "privacy.lookup.wizard.line"

    def action_unlink(self):
        """Contacts are anonymised: they stay in the client's history without
        the person, unless the person is the client itself."""
        self.ensure_one()
        if self.res_model not in DOSSIER_ANONYMISED or self.is_unlinked:
            return super().action_unlink()
        person_ids = self.wizard_id._dossier_person_ids()
        # Erasing for the administrator who runs the lookup, as Odoo's own
        # deletion here does: records the administrator may not read included.
        contact = self.env[self.res_model].sudo().browse(self.res_id)
        if not contact.exists() or contact.partner_id.id in person_ids:
            return super().action_unlink()
        self._dossier_anonymise_contact(contact, person_ids)
        self.execution_details = self.env._(
            "Anonymised %(model)s #%(id)s", model=self.res_model_id.name, id=self.res_id
        )
        self.is_unlinked = True
        return None

    def _dossier_anonymise_contact(self, contact, person_ids):
        """Remove the person from ``contact`` (superuser record): as person
        spoken to, as participant, by name in its texts and in its history."""
        # Names only, of the partners the administrator's lookup found.
        persons = self.env["res.partner"].sudo().browse(person_ids)
        names = [n for n in {*persons.mapped("name"), self.wizard_id.name.strip()} if n]
        pattern = re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE)
        erased = self.env._("(erased)")
        vals = {}
        if contact.contact_person_id in persons:
            vals["contact_person_id"] = False
        users = contact.participant_ids.filtered(lambda u: u.partner_id in persons)
        if users:
            vals["participant_ids"] = [Command.unlink(u.id) for u in users]
        for fname in ("summary", "outcome"):
            if contact[fname] and pattern.search(contact[fname]):
                vals[fname] = pattern.sub(erased, contact[fname])
        if contact.description and pattern.search(str(contact.description)):
            vals["description"] = pattern.sub(
                html_escape(erased), str(contact.description)
            )
        # Tracking the change would keep the person's name in the chatter.
        contact.with_context(tracking_disable=True).write(vals)
        # Tracking values are only Odoo's to write; these are the person's
        # past values on this one contact, erased, never read out.
        self.env["mail.tracking.value"].sudo().search(
            [
                ("mail_message_id.model", "=", contact._name),
                ("mail_message_id.res_id", "=", contact.id),
                "|",
                ("old_value_integer", "in", person_ids),
                ("new_value_integer", "in", person_ids),
                ("field_id.ttype", "=", "many2one"),
                ("field_id.relation", "=", "res.partner"),
            ]
        ).unlink()

    def action_unlink_all(self):
        # The dossier's records first, life events before the people around
        # they are about: a person with dossier history, or a person around
        # with life events, cannot be deleted before it is erased.
        ordered = self.sorted(
            lambda line: (
                line.res_model in PERSON_MODELS,
                line.res_model != "dossier.life.event",
            )
        )
        return super(PrivacyLookupWizardLine, ordered).action_unlink_all()
