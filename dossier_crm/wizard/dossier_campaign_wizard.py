import datetime

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.dossier_contact import CHANNELS, DIRECTIONS


class DossierCampaignWizard(models.TransientModel):
    _name = "dossier.campaign.wizard"
    _description = "Plan a Campaign Contact"

    partner_ids = fields.Many2many(
        "res.partner",
        string="Selected",
        default=lambda self: self._default_partner_ids(),
    )
    client_ids = fields.Many2many(
        "res.partner",
        compute="_compute_client_ids",
        string="Clients",
        help="The companies of the selected people, each counted once.",
    )
    client_count = fields.Integer(
        compute="_compute_client_ids", string="Number of clients"
    )
    campaign_id = fields.Many2one("utm.campaign")
    summary = fields.Char(required=True)
    description = fields.Html()
    channel = fields.Selection(CHANNELS, required=True, default="email")
    direction = fields.Selection(DIRECTIONS, required=True, default="outbound")
    date = fields.Datetime(
        required=True,
        default=lambda self: fields.Datetime.now() + datetime.timedelta(days=1),
    )
    responsible = fields.Selection(
        [
            ("salesperson", "Each client's salesperson"),
            ("user", "One user for all"),
        ],
        required=True,
        default="salesperson",
    )
    user_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        help="Responsible for every contact, or for clients without a salesperson.",
    )

    @api.model
    def _default_partner_ids(self):
        if self.env.context.get("active_model") != "res.partner":
            return []
        return [fields.Command.set(self.env.context.get("active_ids") or [])]

    @api.depends("partner_ids")
    def _compute_client_ids(self):
        for wizard in self:
            wizard.client_ids = wizard.partner_ids.commercial_partner_id
            wizard.client_count = len(wizard.client_ids)

    def _day_bounds(self):
        """The UTC bounds of the planned date's day in the user's time zone."""
        tz = pytz.timezone(self.env.user.tz or "UTC")
        local_day = pytz.utc.localize(self.date).astimezone(tz).date()
        start = tz.localize(datetime.datetime.combine(local_day, datetime.time.min))
        end = start + datetime.timedelta(days=1)
        return (
            start.astimezone(pytz.utc).replace(tzinfo=None),
            end.astimezone(pytz.utc).replace(tzinfo=None),
        )

    def _already_planned_client_ids(self, clients):
        """Clients that already have this contact planned: same campaign, or
        same summary on the same day. Read with the user's rights: a contact
        he may not read must not change the answer, or the count of skipped
        clients would tell what a colleague's private contact is about."""
        start, end = self._day_bounds()
        same = [
            "&",
            "&",
            ("summary", "=", self.summary),
            ("date", ">=", start),
            ("date", "<", end),
        ]
        if self.campaign_id:
            same = ["|", ("campaign_id", "=", self.campaign_id.id), *same]
        groups = self.env["dossier.contact"]._read_group(
            [("partner_id", "in", clients.ids), ("state", "=", "planned"), *same],
            ["partner_id"],
        )
        return {partner.id for (partner,) in groups}

    def action_plan(self):
        """Plan the contact with each selected client that does not have it
        planned yet, and say how many were planned and skipped."""
        self.ensure_one()
        clients = self.client_ids
        if not clients:
            raise UserError(self.env._("Select the clients to plan the contact with."))
        if self.responsible == "user" and not self.user_id:
            raise UserError(self.env._("Choose the user responsible for the contacts."))
        skipped = self._already_planned_client_ids(clients)
        # The salesperson, else the chosen user; or the chosen user for all.
        by_salesperson = self.responsible == "salesperson"
        contacts = self.env["dossier.contact"]._plan_contacts(
            [
                {
                    "partner": client,
                    "users": (client.user_id if by_salesperson else None, self.user_id),
                    "date": self.date,
                    "summary": self.summary,
                    "vals": {
                        "description": self.description,
                        "channel": self.channel,
                        "direction": self.direction,
                        "campaign_id": self.campaign_id.id,
                    },
                }
                for client in clients
                if client.id not in skipped
            ],
            self.env._(
                "Planned for the campaign %(campaign)s.",
                campaign=self.campaign_id.display_name or self.summary,
            ),
            source="campaign",
        )
        message = self.env._(
            "%(planned)s contacts planned, %(skipped)s clients skipped: they "
            "already had this contact planned.",
            planned=len(contacts),
            skipped=len(skipped),
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dossier_crm.action_dossier_contact"
        )
        action.update(
            {
                "display_name": self.env._("Planned campaign contacts"),
                "domain": [("id", "in", contacts.ids)],
                "context": {"create": False},
            }
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if contacts else "warning",
                "message": message,
                "next": action,
            },
        }
