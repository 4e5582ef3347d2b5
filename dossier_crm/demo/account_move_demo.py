from datetime import timedelta

from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    def _dossier_demo_register_payment(self, amount, days_ago=0):
        """Pay the invoices as a customer would: used by the demo data only
        (demo/account_move_demo.xml), which cannot run the payment wizard
        from XML."""
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.ids
        ).create(
            {
                "amount": amount,
                "payment_date": fields.Date.context_today(self)
                - timedelta(days=days_ago),
            }
        )._create_payments()
