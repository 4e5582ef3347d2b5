from odoo.addons.dossier_crm.demo.res_partner_demo import DEMO_LANG, DEMO_TEXT_FIELDS
from odoo.tests import TransactionCase, tagged

STAFF = ("user_anna", "user_ivan", "user_maria", "user_pavel")


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo tells the seed's story: a year of contacts at working hours
    that lead to deals for every manager, in Russian when the database
    speaks Russian."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.baltic = cls.env.ref(
            "dossier_crm.partner_baltic_insurance", raise_if_not_found=False
        )
        cls.Partner = cls.env["res.partner"]

    def setUp(self):
        super().setUp()
        if not self.baltic:
            self.skipTest("the demo data is not installed")

    def test_contacts_at_working_hours(self):
        contacts = self.env["dossier.contact"].search(
            [("partner_id", "child_of", self.baltic.id)]
        )
        self.assertTrue(contacts)
        for contact in contacts:
            date = contact.date
            self.assertEqual(date.second, 0, contact.summary)
            self.assertIn(date.minute, (0, 15, 30, 45), contact.summary)
            # Stored in UTC: 06:00-17:00 is 9:00-20:00 in St Petersburg.
            self.assertTrue(6 <= date.hour <= 17, contact.summary)

    def test_every_manager_converts(self):
        users = self.env["res.users"].browse(
            self.env.ref(f"dossier_crm.{xmlid}").id for xmlid in STAFF
        )
        groups = self.env["dossier.contact.report"]._read_group(
            [("user_id", "in", users.ids)],
            ["user_id"],
            ["contact_count:sum", "deal_count:sum", "won_count:sum"],
        )
        self.assertEqual({user for user, *_counts in groups}, set(users))
        rates = set()
        for user, done, deals, won in groups:
            self.assertGreater(won, 0, user.name)
            self.assertLess(deals, done, user.name)
            rates.add(round(deals / done, 2))
        self.assertEqual(len(rates), len(users), "the share differs per manager")
        total_done = sum(done for _user, done, _deals, _won in groups)
        total_deals = sum(deals for _user, _done, deals, _won in groups)
        self.assertTrue(0.25 <= total_deals / total_done <= 0.45)

    def test_notes_dated_over_the_year(self):
        notes = self.env["dossier.note"].search([])
        dates = {note.create_date.date() for note in notes}
        self.assertGreater(len(dates), len(notes) // 2)

    def test_every_demo_text_has_its_russian(self):
        russian = self.Partner._dossier_demo_texts()
        for model, records in self.Partner._dossier_demo_records().items():
            for fname in DEMO_TEXT_FIELDS[model]:
                for record in records.with_context(lang="en_US"):
                    text = record[fname]
                    if text:
                        self.assertIn(str(text), russian, f"{model}.{fname}")

    def test_demo_in_english_without_russian(self):
        self.Partner._dossier_demo_localize()
        self.assertEqual(self.baltic.name, "Baltic Insurance Group")
        self.assertEqual(self.env.ref("dossier_crm.user_anna").lang, "en_US")

    def test_demo_in_russian(self):
        self.env["res.lang"]._activate_lang(DEMO_LANG)
        russian = self.Partner._dossier_demo_texts()
        called_in = self.env.ref("dossier_crm.contact_volkov_called_in")
        planned = self.env.ref("dossier_crm.contact_volkov_planned_call")
        golf = self.env.ref("dossier_crm.interest_golf")
        messages = called_in.message_ids
        summary, planned_summary = called_in.summary, planned.summary

        self.Partner._dossier_demo_localize()

        self.assertEqual(self.baltic.name, russian["Baltic Insurance Group"])
        self.assertEqual(called_in.summary, russian[summary])
        self.assertEqual(called_in.message_ids, messages, "no tracking message")
        # The planned contact's activity follows its summary.
        self.assertIn(russian[planned_summary], planned.activity_ids.summary)
        # A translatable name gets its Russian beside the English.
        self.assertEqual(golf.with_context(lang="en_US").name, "Golf")
        self.assertEqual(golf.with_context(lang=DEMO_LANG).name, russian["Golf"])
        anna = self.env.ref("dossier_crm.user_anna")
        self.assertEqual(anna.lang, DEMO_LANG)
        self.assertEqual(anna.name, russian["Anna Petrova"])
