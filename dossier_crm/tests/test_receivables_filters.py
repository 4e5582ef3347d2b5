from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import ReceivablesCommon

# The comparisons a user or a filter makes: the filters (> 0), their
# negations (<= 0, = 0 through != 0) and other amounts.
COMPARISONS = (
    (">", 0),
    ("<=", 0),
    ("=", 0),
    ("!=", 0),
    ("<", 0),
    (">=", 0),
    (">", 150),
    ("<=", 150),
)
OPERATORS = {
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    ">=": lambda a, b: a >= b,
}


@tagged("post_install", "-at_install")
class TestReceivablesFilters(ReceivablesCommon):
    """The searches on Unpaid and Overdue find exactly the clients whose
    amounts (the credit-note rule of dossier.receivable.report) compare: the
    filters ask the sign per client and sum only the clients with an open
    credit note, the other comparisons sum every client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]

        def client(name):
            return Partner.create({"name": name, "is_company": True})

        cls.clients = {}
        # An invoice not due yet: unpaid, not overdue.
        cls.clients["not due"] = new = client("Not Due")
        cls._invoice(300.0, partner=new, due_in=10)
        # An overdue invoice, and another partly paid.
        cls.clients["overdue"] = new = client("Overdue")
        cls._invoice(200.0, partner=new, due_in=-5)
        cls._pay(cls._invoice(500.0, partner=new, due_in=-30), 400.0)
        # An overdue invoice the open credit note covers: nothing owed.
        cls.clients["covered"] = new = client("Covered")
        cls._invoice(250.0, partner=new, due_in=-20)
        cls._invoice(250.0, partner=new, move_type="out_refund")
        # Partly covered: 300 - 100 still overdue.
        cls.clients["partly covered"] = new = client("Partly Covered")
        cls._invoice(300.0, partner=new, due_in=-20)
        cls._invoice(100.0, partner=new, move_type="out_refund")
        # The credit covers the old overdue invoice, not the recent one.
        cls.clients["oldest covered"] = new = client("Oldest Covered")
        cls._invoice(100.0, partner=new, due_in=-40)
        cls._invoice(500.0, partner=new, due_in=20)
        cls._invoice(150.0, partner=new, move_type="out_refund")
        # A credit note alone: the firm owes the client.
        cls.clients["credit only"] = new = client("Credit Only")
        cls._invoice(80.0, partner=new, move_type="out_refund")
        # Paid, and nothing at all.
        cls.clients["paid"] = new = client("Paid")
        cls._pay(cls._invoice(120.0, partner=new, due_in=-3), 120.0)
        cls.clients["no invoice"] = client("No Invoice")
        # The invoice of a person counts for its company, which the person
        # follows in the search.
        cls.clients["person's"] = new = client("Person's Company")
        cls.person_of_client = Partner.create(
            {"name": "Olga Petrova", "parent_id": new.id}
        )
        cls._invoice(90.0, partner=cls.person_of_client, due_in=-2)

    def _check_searches(self, partners, user, companies):
        Partner = self.env["res.partner"].with_user(user)
        Partner = Partner.with_context(allowed_company_ids=companies.ids)
        self.env.invalidate_all()
        amounts = {
            partner: (
                partner.dossier_amount_unpaid,
                partner.dossier_amount_overdue,
            )
            for partner in Partner.browse(partners.ids)
        }
        for index, field in enumerate(
            ("dossier_amount_unpaid", "dossier_amount_overdue")
        ):
            for operator, value in COMPARISONS:
                with self.subTest(field=field, operator=operator, value=value):
                    expected = {
                        partner.id
                        for partner, values in amounts.items()
                        if OPERATORS[operator](round(values[index], 2), value)
                    }
                    found = Partner.search(
                        [("id", "in", partners.ids), (field, operator, value)]
                    )
                    self.assertEqual(set(found.ids), expected)

    def test_searches_agree_with_the_amounts_shown(self):
        partners = self.env["res.partner"].concat(
            *self.clients.values(), self.person_of_client
        )
        self._check_searches(partners, self.dossier_user, self.env.company)
        # The cases themselves, as a user sees them in the filters.
        Partner = self.env["res.partner"].with_user(self.dossier_user)

        def names(field):
            found = Partner.search([("id", "in", partners.ids), (field, ">", 0)])
            return set(found.mapped("name"))

        self.assertEqual(
            names("dossier_amount_unpaid"),
            {
                "Not Due",
                "Overdue",
                "Partly Covered",
                "Oldest Covered",
                "Person's Company",
                "Olga Petrova",
            },
        )
        self.assertEqual(
            names("dossier_amount_overdue"),
            {"Overdue", "Partly Covered", "Person's Company", "Olga Petrova"},
        )

    def test_credit_note_of_another_company_in_the_filters(self):
        """The credit is the client's across the companies the user works in
        (in the current company's currency): a credit note of the second
        company covers an overdue invoice of the first only for a user of
        both."""
        eur = self.setup_other_currency("EUR")
        company_a = self.env.company
        company_b = self.setup_other_company(name="Credit Company", currency_id=eur.id)[
            "company"
        ]
        self.env.user.company_ids |= company_b
        client = self.env["res.partner"].create(
            {"name": "Two Companies", "is_company": True}
        )
        self._invoice(200.0, partner=client, due_in=-15)
        # 500 EUR of credit are 250 USD at the rate of 2.
        self._invoice(500.0, partner=client, move_type="out_refund", company=company_b)
        user = new_test_user(
            self.env,
            login="user_two_companies",
            groups="base.group_user,dossier_crm.group_dossier_user",
            company_id=company_a.id,
            company_ids=[Command.set((company_a | company_b).ids)],
        )
        self.assertAmounts(
            partner=client, user=user, companies=company_a, unpaid=200.0, overdue=200.0
        )
        self.assertAmounts(
            partner=client,
            user=user,
            companies=company_a | company_b,
            unpaid=-50.0,
            overdue=0.0,
        )
        for companies in (company_a, company_b, company_a | company_b):
            with self.subTest(companies=companies.mapped("name")):
                self._check_searches(client, user, companies)
