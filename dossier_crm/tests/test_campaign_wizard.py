import logging
import math
from collections import Counter
from datetime import datetime

from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, tagged

from .common import DossierUsersMixin

_logger = logging.getLogger(__name__)
PLANNED_AT = datetime(2030, 3, 15, 10, 0)


@tagged("post_install", "-at_install")
class TestCampaignWizard(DossierUsersMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_dossier_users()
        cls.Contact = cls.env["dossier.contact"]
        cls.Wizard = cls.env["dossier.campaign.wizard"]
        cls.campaign = cls.env["utm.campaign"].create({"name": "Spring seminar"})
        salespeople = [cls.dossier_user, cls.dossier_user_2, False]
        # Fast set-up: no follower nor chatter message per client.
        cls.clients = (
            cls.env["res.partner"]
            .with_context(tracking_disable=True)
            .create(
                [
                    {
                        "name": f"Campaign Client {i:03d}",
                        "is_company": True,
                        "user_id": salespeople[i % 3] and salespeople[i % 3].id,
                    }
                    for i in range(500)
                ]
            )
        )
        # A person of the first client: selected together with its company.
        cls.person = cls.env["res.partner"].create(
            {"name": "Person Of Client 0", "parent_id": cls.clients[0].id}
        )

    def _wizard(self, partners, user=None, **vals):
        values = {
            "summary": "Invite to the spring seminar",
            "campaign_id": self.campaign.id,
            "channel": "email",
            "date": PLANNED_AT,
            **vals,
        }
        return (
            self.Wizard.with_user(user or self.dossier_manager)
            .with_context(active_model="res.partner", active_ids=partners.ids)
            .create(values)
        )

    def _planned(self, clients=None):
        return self.Contact.search(
            [
                ("partner_id", "in", (clients or self.clients).ids),
                ("state", "=", "planned"),
            ]
        )

    def _count_queries(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.env.cr.sql_log_count - start

    def test_500_clients_get_500_contacts_in_bounded_queries(self):
        # A first run warms the caches, so that both measures compare alike.
        warm, few, others = self.clients[:1], self.clients[1:11], self.clients[11:]
        self._wizard(warm).action_plan()
        few_count = self._count_queries(lambda: self._wizard(few).action_plan())
        many_count = self._count_queries(lambda: self._wizard(others).action_plan())
        planned = self._planned()
        self.assertEqual(len(planned), 500)
        self.assertEqual(planned.partner_id, self.clients)
        _logger.info(
            "Campaign wizard: %s queries for 10 clients, %s for 489",
            few_count,
            many_count,
        )
        # The number of queries does not grow with the number of clients,
        # except that PostgreSQL receives the rows of the four tables written
        # (contacts, followers, creation notes, client dates) in pages of 100.
        pages = 4 * math.ceil(len(others) / 100)
        self.assertLessEqual(many_count, few_count + pages, (few_count, many_count))
        self.assertLess(many_count, 100)

        # Planning again never creates a duplicate.
        self._wizard(self.clients | self.person).action_plan()
        planned_again = self._planned()
        self.assertEqual(planned_again, planned)
        self.assertEqual(max(Counter(planned_again.partner_id.ids).values()), 1)

    def test_people_count_for_their_company_once(self):
        wizard = self._wizard(self.clients[:3] | self.person)
        self.assertEqual(wizard.client_ids, self.clients[:3])
        self.assertEqual(wizard.client_count, 3)
        wizard.action_plan()
        planned = self._planned(self.clients[:3])
        self.assertEqual(len(planned), 3)
        self.assertEqual(planned.campaign_id, self.campaign)
        self.assertEqual(set(planned.mapped("source")), {"campaign"})
        self.assertEqual(set(planned.mapped("date")), {PLANNED_AT})
        self.assertEqual(set(planned.mapped("channel")), {"email"})

    def test_responsible_is_the_salesperson_or_the_chosen_user(self):
        clients = self.clients[:3]  # user, user 2, no salesperson
        self._wizard(clients, user=self.dossier_user).action_plan()
        by_client = {c.partner_id: c.user_id for c in self._planned(clients)}
        self.assertEqual(by_client[clients[0]], self.dossier_user)
        self.assertEqual(by_client[clients[1]], self.dossier_user_2)
        # No salesperson: the wizard's user (by default whoever plans).
        self.assertEqual(by_client[clients[2]], self.dossier_user)

        others = self.clients[3:6]
        self._wizard(
            others, responsible="user", user_id=self.dossier_manager.id
        ).action_plan()
        self.assertEqual(self._planned(others).user_id, self.dossier_manager)

    def test_archived_salesperson_hands_over_to_the_chosen_user(self):
        """One rule for every planned contact: the responsible is an active
        internal user (an archived salesperson got the contact before)."""
        client = self.clients[:1]  # salesperson: dossier_user
        self.dossier_user.active = False
        self._wizard(client, user=self.dossier_user_2).action_plan()
        contact = self._planned(client)
        self.assertEqual(contact.user_id, self.dossier_user_2)
        self.assertEqual(contact.activity_ids.user_id, self.dossier_user_2)

    def test_same_summary_on_same_day_without_campaign_is_skipped(self):
        clients = self.clients[:4]
        self.Contact.create(
            {
                "partner_id": clients[0].id,
                "summary": "Send the new catalogue",
                "state": "planned",
                "date": PLANNED_AT.replace(hour=15),
            }
        )
        # Done or on another day: not the same planned contact.
        self.Contact.create(
            {
                "partner_id": clients[1].id,
                "summary": "Send the new catalogue",
                "state": "planned",
                "date": datetime(2030, 3, 20, 10),
            }
        )
        result = self._wizard(
            clients, campaign_id=False, summary="Send the new catalogue"
        ).action_plan()
        self.assertIn(
            "3 contacts planned, 1 clients skipped", result["params"]["message"]
        )
        counts = Counter(
            self._planned(clients)
            .filtered(lambda c: c.date.date() == PLANNED_AT.date())
            .partner_id.ids
        )
        self.assertEqual(counts, Counter(clients.ids))

    def test_other_campaign_is_planned_too(self):
        clients = self.clients[:2]
        self._wizard(clients).action_plan()
        other = self.env["utm.campaign"].create({"name": "Autumn seminar"})
        self._wizard(
            clients, campaign_id=other.id, summary="Invite to the autumn seminar"
        ).action_plan()
        self.assertEqual(len(self._planned(clients)), 4)

    def test_dossier_user_plans_for_colleagues_clients(self):
        clients = self.clients[:2]
        self._wizard(clients, user=self.dossier_user).action_plan()
        planned = self._planned(clients)
        self.assertEqual(planned.user_id, self.dossier_user | self.dossier_user_2)
        self.assertEqual(planned.create_uid, self.dossier_user)

    def test_nothing_selected_is_refused(self):
        with self.assertRaises(UserError):
            self._wizard(self.env["res.partner"]).action_plan()

    def test_action_on_clients_list_opens_the_wizard(self):
        action = self.env.ref("dossier_crm.action_dossier_campaign_wizard")
        self.assertEqual(action.binding_model_id.model, "res.partner")
        self.assertEqual(action.binding_view_types, "list")
        form = Form(
            self.Wizard.with_user(self.dossier_user).with_context(
                active_model="res.partner", active_ids=self.clients[:2].ids
            )
        )
        form.summary = "Call about the seminar"
        wizard = form.save()
        self.assertEqual(wizard.client_count, 2)
        self.assertEqual(wizard.user_id, self.dossier_user)

    def test_report_groups_done_contacts_per_campaign(self):
        clients = self.clients[:2]
        self.Contact.create(
            [
                {
                    "partner_id": client.id,
                    "summary": "Seminar call",
                    "state": "done",
                    "date": datetime(2020, 1, 1),
                    "campaign_id": self.campaign.id,
                    "user_id": self.dossier_manager.id,
                }
                for client in clients
            ]
        )
        groups = dict(
            self.env["dossier.contact.report"]
            .with_user(self.dossier_manager)
            ._read_group(
                [("campaign_id", "=", self.campaign.id)],
                ["campaign_id"],
                ["contact_count:sum"],
            )
        )
        self.assertEqual(groups, {self.campaign: 2})
