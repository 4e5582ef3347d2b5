from datetime import timedelta

from odoo import fields
from odoo.addons.dossier_crm.tests.common import DossierCase
from odoo.tests import new_test_user


class MailingDossierCase(DossierCase):
    """A client whose people have addresses, another client, a mailing and an
    email marketing user of the dossier."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person.email = "irina@northwind.example.com"
        cls.person_2 = cls.env["res.partner"].create(
            {
                "name": "Pyotr Orlov",
                "parent_id": cls.client.id,
                "email": "Pyotr Orlov <Pyotr@Northwind.example.com>",
            }
        )
        cls.other_client = cls.env["res.partner"].create(
            {"name": "Southwind Trading", "is_company": True}
        )
        cls.other_person = cls.env["res.partner"].create(
            {
                "name": "Oleg Other",
                "parent_id": cls.other_client.id,
                "email": "oleg@southwind.example.com",
            }
        )
        cls.marketer = new_test_user(
            cls.env,
            login="dossier_marketer",
            name="Mila Marketer",
            groups="base.group_user,dossier_crm.group_dossier_user,"
            "mass_mailing.group_mass_mailing_user",
        )
        cls.mailing = cls.env["mailing.mailing"].create(
            {
                "subject": "Spring training offer",
                "mailing_model_id": cls.env.ref("base.model_res_partner").id,
                "body_html": "<p>Our offer</p>",
                "user_id": cls.marketer.id,
                "state": "done",
            }
        )
        cls.sent_at = fields.Datetime.now() - timedelta(days=3)

    @classmethod
    def _trace(cls, email, status="sent", mailing=None, **values):
        vals = {
            "mass_mailing_id": (mailing or cls.mailing).id,
            "model": "res.partner",
            # The recipient's record; the address is what tells who it is.
            "res_id": cls.client.id,
            "email": email,
            "trace_status": status,
        }
        if status not in ("outgoing", "cancel"):
            vals["sent_datetime"] = cls.sent_at
        vals.update(values)
        return cls.env["mailing.trace"].create(vals)
