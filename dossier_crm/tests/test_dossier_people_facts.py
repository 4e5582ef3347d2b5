from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import DossierUsersMixin, client_form_archs


@tagged("post_install", "-at_install")
class TestDossierPeopleFacts(DossierUsersMixin, TransactionCase):
    """A company's dossier shows the facts recorded on its people."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_dossier_users()
        Partner = cls.env["res.partner"]
        Interest = cls.env["dossier.interest"]
        cls.client = Partner.create({"name": "Neva Yachts", "is_company": True})
        cls.client.dossier_interest_ids = Interest.create(
            {"name": "Regattas (people facts)"}
        )
        cls.ceo = Partner.create(
            {
                "name": "Nikolai Belov",
                "parent_id": cls.client.id,
                "dossier_birthdate": date(1970, 5, 17),
            }
        )
        cls.ceo.dossier_interest_ids = Interest.create(
            [{"name": "Fishing (people facts)"}, {"name": "Jazz (people facts)"}]
        )
        cls.wife = cls.env["dossier.relation"].create(
            {"partner_id": cls.ceo.id, "name": "Olga Belova", "relation_type": "spouse"}
        )
        cls.wedding = cls.env["dossier.life.event"].create(
            {
                "partner_id": cls.ceo.id,
                "name": "Silver wedding",
                "date": date(2027, 6, 1),
            }
        )
        cls.other_client = Partner.create({"name": "Other Client", "is_company": True})
        stranger = Partner.create(
            {"name": "Somebody Else", "parent_id": cls.other_client.id}
        )
        stranger.dossier_interest_ids = Interest.create(
            {"name": "Curling (people facts)"}
        )
        cls.env["dossier.relation"].create(
            {"partner_id": stranger.id, "name": "Not Ours", "relation_type": "spouse"}
        )

    def _company(self, user):
        return self.client.with_user(user)

    def test_company_gathers_its_people_facts(self):
        client = self._company(self.dossier_user)
        self.assertEqual(
            set(client.dossier_circle_interest_ids.mapped("name")),
            {
                "Regattas (people facts)",
                "Fishing (people facts)",
                "Jazz (people facts)",
            },
        )
        self.assertEqual(client.dossier_people_relation_ids, self.wife)
        self.assertEqual(client.dossier_people_relation_ids.partner_id, self.ceo)
        self.assertEqual(client.dossier_people_life_event_ids, self.wedding)
        self.assertEqual(client.dossier_people_birthday_ids, self.ceo)
        # The company's own lists keep only its own facts: edited on the person.
        self.assertFalse(client.dossier_relation_ids)
        self.assertFalse(client.dossier_life_event_ids)

    def test_archived_interests_stay_out(self):
        jazz = self.ceo.dossier_interest_ids.filtered(
            lambda i: i.name == "Jazz (people facts)"
        )
        jazz.active = False
        client = self._company(self.dossier_user)
        self.assertEqual(
            set(client.dossier_circle_interest_ids.mapped("name")),
            {"Regattas (people facts)", "Fishing (people facts)"},
        )

    def test_a_person_shows_its_own_interests_only(self):
        ceo = self.ceo.with_user(self.dossier_user)
        self.assertEqual(
            set(ceo.dossier_circle_interest_ids.mapped("name")),
            {"Fishing (people facts)", "Jazz (people facts)"},
        )
        self.assertFalse(ceo.dossier_people_relation_ids)
        self.assertFalse(ceo.dossier_people_birthday_ids)

    def test_the_facts_follow_the_person(self):
        self.ceo.parent_id = self.other_client
        client = self._company(self.dossier_user)
        self.assertEqual(
            client.dossier_circle_interest_ids.mapped("name"),
            ["Regattas (people facts)"],
        )
        self.assertFalse(client.dossier_people_relation_ids)
        self.assertFalse(client.dossier_people_life_event_ids)
        self.assertFalse(client.dossier_people_birthday_ids)
        self.assertIn(
            self.wife,
            self.other_client.with_user(self.dossier_user).dossier_people_relation_ids,
        )

    def test_facts_of_another_company_stay_hidden(self):
        other, __, __ = self._create_other_company("people_facts_other")
        person = self.env["res.partner"].create(
            {
                "name": "Foreign Person",
                "parent_id": self.client.id,
                "company_id": other.id,
            }
        )
        hidden = self.env["dossier.relation"].create(
            {
                "partner_id": person.id,
                "name": "Hidden Friend",
                "relation_type": "colleague",
            }
        )
        self.assertEqual(hidden.company_id, other)
        client = self._company(self.dossier_user)
        self.assertNotIn(hidden, client.dossier_people_relation_ids)
        self.assertIn(self.wife, client.dossier_people_relation_ids)

    def test_outsiders_read_none_of_it(self):
        for name in (
            "dossier_circle_interest_ids",
            "dossier_people_relation_ids",
            "dossier_people_life_event_ids",
            "dossier_people_birthday_ids",
        ):
            with self.assertRaises(AccessError):
                self._company(self.plain_user).read([name])

    def test_shown_read_only_on_the_company_form(self):
        # In a section of the Dossier tab, read when the tab is opened, not
        # with the form.
        form, *sections = client_form_archs(
            self.env["res.partner"].with_user(self.dossier_user)
        )
        for name in (
            "dossier_circle_interest_ids",
            "dossier_people_relation_ids",
            "dossier_people_life_event_ids",
            "dossier_people_birthday_ids",
        ):
            self.assertNotIn(f'name="{name}"', form)
            (arch,) = [arch for arch in sections if f'name="{name}"' in arch]
            start = arch.index(f'name="{name}"')
            tag = arch[arch.rindex("<field", 0, start) : arch.index(">", start)]
            self.assertIn('readonly="1"', tag)
        list_arch = (
            self.env["res.partner"]
            .with_user(self.dossier_user)
            .get_view(self.env.ref("base.view_partner_tree").id, "list")["arch"]
        )
        self.assertIn('name="dossier_circle_interest_ids"', list_arch)

    def _count_queries(self, partners):
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        partners.with_user(self.dossier_user).mapped("dossier_circle_interest_ids")
        partners.with_user(self.dossier_user).mapped("dossier_people_relation_ids.name")
        return self.env.cr.sql_log_count - start

    def test_queries_do_not_grow_with_the_companies(self):
        Partner = self.env["res.partner"]
        companies = Partner.create(
            [{"name": f"Company {index}", "is_company": True} for index in range(10)]
        )
        people = Partner.create(
            [
                {"name": f"Person {company.name}", "parent_id": company.id}
                for company in companies
            ]
        )
        self.env["dossier.relation"].create(
            [
                {
                    "partner_id": person.id,
                    "name": f"Friend of {person.name}",
                    "relation_type": "colleague",
                }
                for person in people
            ]
        )
        self._count_queries(self.client | self.other_client)  # caches warm
        few = self._count_queries(self.client | self.other_client)
        many = self._count_queries(self.client | self.other_client | companies)
        self.assertEqual(few, many)
