from datetime import timedelta

from odoo import Command, fields
from odoo.addons.dossier_crm.tests.common import DossierCase
from odoo.tests import new_test_user


class EventDossierCase(DossierCase):
    """A client with a salesperson, two of its people, another client, an
    event and users of the events app."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env,
            login="event_salesperson",
            name="Sam Seller",
            groups="base.group_user,dossier_crm.group_dossier_user",
        )
        cls.client.user_id = cls.salesperson
        cls.person_2 = cls.env["res.partner"].create(
            {"name": "Pyotr Orlov", "parent_id": cls.client.id}
        )
        cls.other_client = cls.env["res.partner"].create(
            {"name": "Southwind Trading", "is_company": True}
        )
        cls.other_person = cls.env["res.partner"].create(
            {"name": "Oleg Other", "parent_id": cls.other_client.id}
        )
        cls.organiser = new_test_user(
            cls.env,
            login="event_organiser",
            name="Eva Organiser",
            groups="base.group_user,event.group_event_user",
        )
        # Reads the dossier and registrations.
        cls.event_dossier_user = new_test_user(
            cls.env,
            login="event_dossier_user",
            name="Dora Events",
            groups="base.group_user,dossier_crm.group_dossier_user,"
            "event.group_event_registration_desk",
        )
        cls.desk_user = new_test_user(
            cls.env,
            login="event_desk",
            name="Denis Desk",
            groups="base.group_user,event.group_event_registration_desk",
        )
        now = fields.Datetime.now()
        cls.event = cls.env["event.event"].create(
            {
                "name": "Spring Sales Seminar",
                "date_begin": now - timedelta(days=10, hours=6),
                "date_end": now - timedelta(days=10),
                "user_id": cls.organiser.id,
            }
        )
        cls.next_event = cls.env["event.event"].create(
            {
                "name": "Autumn Leadership Forum",
                "date_begin": now + timedelta(days=20),
                "date_end": now + timedelta(days=20, hours=6),
                "user_id": cls.organiser.id,
            }
        )

    @classmethod
    def _register(cls, partner, state="open", event=None):
        return cls.env["event.registration"].create(
            {
                "event_id": (event or cls.event).id,
                "partner_id": partner.id,
                "state": state,
            }
        )

    @classmethod
    def _give_groups(cls, user, *xmlids):
        user.groups_id = [Command.link(cls.env.ref(xmlid).id) for xmlid in xmlids]
