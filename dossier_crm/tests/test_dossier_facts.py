from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import DossierCase, assert_refused_as_required


@tagged("post_install", "-at_install")
class TestDossierFacts(DossierCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.other_client = Partner.create({"name": "Southwind Ltd", "is_company": True})
        cls.Relation = cls.env["dossier.relation"]
        cls.Event = cls.env["dossier.life.event"]

    def _filter_domain(self, name, today):
        """The domain of a filter of the clients' search view, as on ``today``."""
        arch = self.env["res.partner"].get_views([(False, "search")])["views"][
            "search"
        ]["arch"]
        [node] = etree.fromstring(arch).xpath(f"//filter[@name='{name}']")
        return safe_eval(
            node.get("domain"),
            {"context_today": lambda: today, "relativedelta": relativedelta},
        )

    def _clients_with(self, filter_name, today):
        domain = self._filter_domain(filter_name, today)
        mine = self.client | self.person | self.other_client
        return self.env["res.partner"].search([*domain, ("id", "in", mine.ids)])

    # Constraints

    def test_relation_to_itself_is_refused(self):
        with (
            self.assertRaisesRegex(ValidationError, "themselves"),
            self.env.cr.savepoint(),
        ):
            self.Relation.create(
                {
                    "partner_id": self.person.id,
                    "name": "Irina Volkova",
                    "related_partner_id": self.person.id,
                }
            )
        self.assertFalse(self.Relation.search([("partner_id", "=", self.person.id)]))
        relation = self.Relation.create(
            {"partner_id": self.person.id, "name": "Her assistant"}
        )
        with self.assertRaisesRegex(ValidationError, "themselves"):
            relation.related_partner_id = self.person

    def test_relation_followup_needs_a_birthday(self):
        with self.assertRaisesRegex(ValidationError, "birthday"):
            self.Relation.create(
                {
                    "partner_id": self.person.id,
                    "name": "Pavel Volkov",
                    "birthday_followup": True,
                }
            )

    def test_life_event_without_date_is_refused(self):
        with assert_refused_as_required(self, "date"):
            self.Event.create({"partner_id": self.person.id, "name": "Son moves"})
        event = self.Event.create(
            {"partner_id": self.person.id, "name": "Son moves", "date": "2027-09-01"}
        )
        with assert_refused_as_required(self, "date"):
            event.date = False
            event.flush_recordset()
        event.invalidate_recordset()
        self.assertEqual(event.date, date(2027, 9, 1))

    def test_negative_followup_days_are_refused(self):
        with (
            self.assertRaisesRegex(ValidationError, "negative"),
            self.env.cr.savepoint(),
        ):
            self.Event.create(
                {
                    "partner_id": self.person.id,
                    "name": "Son moves",
                    "date": "2027-09-01",
                    "followup_days": -3,
                }
            )
        self.assertFalse(self.Event.search([("partner_id", "=", self.person.id)]))
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create(
                {"dossier_birthday_followup_days": -1}
            )

    def test_life_event_person_belongs_to_the_client(self):
        stranger = self.Relation.create(
            {"partner_id": self.other_client.id, "name": "Someone else"}
        )
        with self.assertRaises(ValidationError):
            self.Event.create(
                {
                    "partner_id": self.person.id,
                    "name": "Wedding",
                    "date": "2027-06-01",
                    "relation_id": stranger.id,
                }
            )

    def test_life_event_followup_days_default_from_settings(self):
        self.env["ir.config_parameter"].set_param(
            "dossier_crm.birthday_followup_days", "12"
        )
        event = self.Event.create(
            {"partner_id": self.person.id, "name": "Move", "date": "2027-06-20"}
        )
        self.assertEqual(event.followup_days, 12)
        self.assertEqual(event.followup_date, date(2027, 6, 8))

    # Dossier page

    def test_dossier_user_fills_the_dossier_page(self):
        with Form(self.person.with_user(self.dossier_user)) as form:
            form.dossier_birthdate = date(1975, 4, 12)
            with form.dossier_relation_ids.new() as relation:
                relation.relation_type = "child"
                relation.name = "Artem"
                relation.birthdate = date(2008, 9, 1)
                relation.birthday_followup = True
            with form.dossier_life_event_ids.new() as event:
                event.name = "Artem goes to study in Lyon"
                event.date = date(2027, 9, 1)
                event.followup_days = 14
            with form.dossier_note_ids.new() as note:
                note.body = "<p>Proud of his son</p>"
                note.confidentiality = "private"
        person = self.person
        self.assertEqual(person.dossier_birthdate, date(1975, 4, 12))
        self.assertEqual(person.dossier_relation_ids.name, "Artem")
        self.assertEqual(person.dossier_life_event_ids.followup_days, 14)
        note = person.dossier_note_ids
        self.assertEqual(note.user_id, self.dossier_user)
        self.assertEqual(note.confidentiality, "private")
        # A new request of a colleague: nothing cached from the author's one.
        self.env.invalidate_all()
        self.assertFalse(self.person.with_user(self.dossier_user_2).dossier_note_ids)

    def test_birthday_change_is_tracked(self):
        # As if the person had been created in an earlier transaction.
        self.env.cr.precommit.run()
        self.person.dossier_birthdate = date(1975, 4, 12)
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "res.partner"),
                ("mail_message_id.res_id", "=", self.person.id),
                ("field_id.name", "=", "dossier_birthdate"),
            ]
        )
        self.assertTrue(tracked)

    def test_plain_user_cannot_read_people_or_events(self):
        self.Relation.create({"partner_id": self.person.id, "name": "Wife"})
        with self.assertRaises(AccessError):
            self.Relation.with_user(self.plain_user).search([])
        with self.assertRaises(AccessError):
            self.Event.with_user(self.plain_user).search([])

    # Upcoming dates: filters and kanban card

    @freeze_time("2027-12-28")
    def test_birthday_filter_wraps_around_the_new_year(self):
        self.person.dossier_birthdate = date(1980, 1, 2)
        self.assertEqual(self.person.dossier_next_birthday, date(2028, 1, 2))
        found = self._clients_with("dossier_birthday_soon", date(2027, 12, 28))
        # The client is found through its person.
        self.assertEqual(found, self.client | self.person)
        self.person.dossier_birthdate = date(1980, 1, 10)
        found = self._clients_with("dossier_birthday_soon", date(2027, 12, 28))
        self.assertFalse(found)

    @freeze_time("2027-02-23")
    def test_birthday_on_29_february_in_a_common_year(self):
        self.person.dossier_birthdate = date(1988, 2, 29)
        self.assertEqual(self.person.dossier_next_birthday, date(2027, 2, 28))
        found = self._clients_with("dossier_birthday_soon", date(2027, 2, 23))
        self.assertEqual(found, self.client | self.person)

    @freeze_time("2028-02-23")
    def test_birthday_on_29_february_in_a_leap_year(self):
        self.person.dossier_birthdate = date(1988, 2, 29)
        self.assertEqual(self.person.dossier_next_birthday, date(2028, 2, 29))
        # 29 February is a day of the week ahead: 1 March is the seventh.
        self.person.dossier_birthdate = date(1988, 3, 1)
        found = self._clients_with("dossier_birthday_soon", date(2028, 2, 23))
        self.assertEqual(found, self.client | self.person)
        self.person.dossier_birthdate = date(1988, 3, 2)
        self.assertFalse(self._clients_with("dossier_birthday_soon", date(2028, 2, 23)))
        self.person.dossier_birthdate = date(1988, 2, 29)
        found = self._clients_with("dossier_birthday_soon", date(2028, 2, 23))
        self.assertEqual(found, self.client | self.person)

    @freeze_time("2027-06-01")
    def test_birthday_filter_includes_people_around_the_client(self):
        self.Relation.create(
            {
                "partner_id": self.other_client.id,
                "name": "The director's wife",
                "relation_type": "spouse",
                "birthdate": date(1970, 6, 5),
            }
        )
        found = self._clients_with("dossier_birthday_soon", date(2027, 6, 1))
        self.assertEqual(found, self.other_client)

    @freeze_time("2027-06-01")
    def test_life_event_filter(self):
        self.Event.create(
            [
                {"partner_id": self.person.id, "name": "Past", "date": "2027-05-20"},
                {
                    "partner_id": self.other_client.id,
                    "name": "Far",
                    "date": "2027-07-15",
                },
            ]
        )
        self.assertFalse(
            self._clients_with("dossier_life_event_soon", date(2027, 6, 1))
        )
        self.Event.create(
            {"partner_id": self.person.id, "name": "Soon", "date": "2027-06-25"}
        )
        found = self._clients_with("dossier_life_event_soon", date(2027, 6, 1))
        self.assertEqual(found, self.client | self.person)

    @freeze_time("2027-06-01")
    def test_kanban_card_shows_the_next_date(self):
        self.Event.create(
            [
                {
                    "partner_id": self.person.id,
                    "name": "Son to Lyon",
                    "date": "2027-06-20",
                },
                {"partner_id": self.person.id, "name": "Later", "date": "2027-08-01"},
            ]
        )
        self.assertEqual(self.client.dossier_next_event_date, date(2027, 6, 20))
        self.assertEqual(
            self.client.dossier_next_event_name, "Irina Volkova: Son to Lyon"
        )
        self.assertEqual(self.person.dossier_next_event_name, "Son to Lyon")
        self.person.dossier_birthdate = date(1980, 6, 10)
        self.assertEqual(self.client.dossier_next_event_date, date(2027, 6, 10))
        self.assertEqual(
            self.client.dossier_next_event_name, "Birthday of Irina Volkova"
        )
        kanban = self.env["res.partner"].get_views([(False, "kanban")])["views"][
            "kanban"
        ]["arch"]
        self.assertIn("dossier_next_event_name", kanban)
        # The company's interests with its people's.
        self.assertIn("dossier_circle_interest_ids", kanban)

    @freeze_time("2027-06-01")
    def test_next_date_counts_the_reader_s_circle_only(self):
        """The soonest date of a client is that of its active people of the
        reader's companies and of the people around them; read for a page of
        clients at once, each gets its own."""
        other, __, __ = self._create_other_company("next_date_other")
        Partner = self.env["res.partner"]
        self.person.dossier_birthdate = date(1980, 6, 20)
        archived = Partner.create(
            {
                "name": "Gone Person",
                "parent_id": self.client.id,
                "dossier_birthdate": date(1980, 6, 2),
            }
        )
        archived.active = False
        Partner.create(
            {
                "name": "Foreign Person",
                "parent_id": self.client.id,
                "company_id": other.id,
                "dossier_birthdate": date(1980, 6, 3),
            }
        )
        self.Relation.create(
            {
                "partner_id": self.person.id,
                "name": "Pavel Volkov",
                "relation_type": "spouse",
                "birthdate": date(1979, 6, 10),
            }
        )
        self.Event.create(
            {"partner_id": self.other_client.id, "name": "Move", "date": "2027-06-05"}
        )
        clients = (self.client | self.other_client | self.person).with_user(
            self.dossier_user
        )
        spouse = "Pavel Volkov (Spouse)"
        self.assertEqual(
            [(c.dossier_next_event_date, c.dossier_next_event_name) for c in clients],
            [
                (date(2027, 6, 10), f"Birthday of {spouse}"),
                (date(2027, 6, 5), "Move"),
                (date(2027, 6, 10), f"Birthday of {spouse}"),
            ],
        )
        self.assertEqual(clients[0].dossier_next_birthday, date(2027, 6, 10))
        self.assertFalse(clients[0].dossier_next_life_event_date)
        # One client read alone gets what the page gave it.
        clients.invalidate_recordset()
        self.assertEqual(clients[1].dossier_next_life_event_date, date(2027, 6, 5))
        self.assertFalse(clients[1].dossier_next_birthday)

    def test_search_by_interest(self):
        golf = self.env["dossier.interest"].create({"name": "Golf on Sundays"})
        self.client.dossier_interest_ids = golf
        found = self.env["res.partner"].search(
            [("dossier_interest_ids", "ilike", "golf on sun")]
        )
        self.assertEqual(found, self.client)
