import re
from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch

from lxml import etree
from psycopg2.errors import NotNullViolation
from werkzeug.test import EnvironBuilder

from odoo import Command, fields, http
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.exceptions import ValidationError
from odoo.service.model import _as_validation_error
from odoo.tests import TransactionCase, new_test_user
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME
from odoo.tools import mute_logger

BRIEF = "dossier_crm.action_report_dossier_brief"
# A page object of a PDF, not the /Pages tree that lists them.
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")


def brief_section(html, name):
    """The HTML of one section of a rendered brief."""
    start = html.index(f'name="{name}"')
    end = html.find("o_dossier_brief_section", start)
    return html[start : end if end != -1 else len(html)]


def render_pdf(case, report, records, user):
    """The PDF of ``report`` on ``records`` that ``user`` prints, rendered as
    the print button renders it: inside a request of the user's session.

    ``case`` is an HttpCase. wkhtmltopdf fetches the report's styles from the
    server, and Odoo gives it the session cookie of the current request only
    (``_run_wkhtmltopdf``); a server that serves several databases (CI) finds
    the database of an asset request by that session alone. Rendered outside
    a request, the styles answer 404 and the report comes out unstyled, so
    the PDF is refused when wkhtmltopdf missed anything. (Printing through
    ``/report/pdf`` instead would deadlock: that request holds the test
    cursor that wkhtmltopdf's requests wait for.)
    """
    session = case.authenticate(user.login, user.login)
    environ = EnvironBuilder(
        base_url=case.base_url(),
        headers={
            "Cookie": f"session_id={session.sid}; "
            f"{TEST_CURSOR_COOKIE_NAME}={case.http_request_key}"
        },
    ).get_environ()
    request = http.Request(http.HTTPRequest(environ))
    request._post_init()  # the session and database of the cookie, as served
    case.assertEqual(request.db, case.env.cr.dbname)
    request.env = case.env(user=user)
    # What ir.http._match sets for /report/download, a backend route.
    request.is_frontend = request.is_frontend_multilang = False
    # wkhtmltopdf fetches the stylesheets at once; the server's first requests
    # read every manifest, which Python 3.11's parser does not survive in two
    # threads at once ("AST constructor recursion depth mismatch").
    case.assertTrue(http.root.statics)
    # wkhtmltopdf fetches for the test as the test's browser does: with the
    # test's cookie, which the server asks of every request after a tour.
    Report = type(case.env["ir.actions.report"])
    build_args = Report._build_wkhtmltopdf_args

    def with_test_cookie(self, *args, **kwargs):
        key = ["--cookie", TEST_CURSOR_COOKIE_NAME, case.http_request_key]
        return [*build_args(self, *args, **kwargs), *key]

    http._request_stack.push(request)
    try:
        with (
            patch.object(Report, "_build_wkhtmltopdf_args", with_test_cookie),
            case.assertLogs("odoo.addons.base.models.ir_actions_report") as logs,
        ):
            pdf, report_format = (
                case.env["ir.actions.report"]
                .with_user(user)
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(report, records.ids)
            )
    finally:
        http._request_stack.pop()
    case.assertEqual(report_format, "pdf")
    # "Exit with code 1 due to network error: ContentNotFoundError"
    case.assertNotIn("network error", "\n".join(logs.output))
    return pdf


def pdf_pages(pdf):
    return len(PDF_PAGE.findall(pdf))


def dossier_tab_section_ids(Partner):
    """The views of the Dossier tab's sections in the client's form as
    ``Partner``'s user gets it: its ``dossier_tab_section`` widgets, each a
    read-only form that the web client loads when the tab is opened."""
    arch = Partner.get_views([(False, "form")])["views"]["form"]["arch"]
    return [
        int(node.get("view_id"))
        for node in etree.fromstring(arch).iter("widget")
        if node.get("name") == "dossier_tab_section"
    ]


def client_form_archs(Partner):
    """The client's form as ``Partner``'s user sees it: the form's arch, then
    those of the Dossier tab's sections."""
    archs = [Partner.get_views([(False, "form")])["views"]["form"]["arch"]]
    for view_id in dossier_tab_section_ids(Partner):
        archs.append(Partner.get_views([(view_id, "form")])["views"]["form"]["arch"])
    return archs


@contextmanager
def assert_refused_as_required(case, field_name):
    """The block is refused for a missing required ``field_name``: by the
    database (the ORM declares it NOT NULL, nothing re-checks it in Python),
    and Odoo's RPC layer shows the user a ValidationError naming the field, in
    the user's language."""
    with (
        mute_logger("odoo.sql_db"),
        case.assertRaises(NotNullViolation) as caught,
        case.env.cr.savepoint(),
    ):
        yield
    error = _as_validation_error(case.env, caught.exception)
    case.assertIsInstance(error, ValidationError)
    case.assertIn(f"({field_name})", str(error))


class DossierUsersMixin:
    """Users of each dossier group, shared by the test classes."""

    @classmethod
    def _create_dossier_users(cls):
        cls.dossier_manager = new_test_user(
            cls.env,
            login="dossier_manager",
            name="Helen Manager",
            groups="base.group_user,dossier_crm.group_dossier_manager",
        )
        cls.dossier_user = new_test_user(
            cls.env,
            login="dossier_user",
            name="Boris User",
            groups="base.group_user,dossier_crm.group_dossier_user",
        )
        cls.dossier_user_2 = new_test_user(
            cls.env,
            login="dossier_user_2",
            name="Anna Colleague",
            groups="base.group_user,dossier_crm.group_dossier_user",
        )
        cls.plain_user = new_test_user(
            cls.env,
            login="plain_user",
            name="Paul Outsider",
            groups="base.group_user",
        )

    def _create_other_company(self, login):
        """Another company, a client of it and a user working only there."""
        other = self.env["res.company"].create({"name": "Other Firm"})
        client = self.env["res.partner"].create(
            {"name": "Foreign Ltd", "is_company": True, "company_id": other.id}
        )
        user = self.env["res.users"].create(
            {
                "name": "Olga Other",
                "login": login,
                "company_id": other.id,
                "company_ids": [Command.set(other.ids)],
            }
        )
        return other, client, user

    def _count(self, function):
        """Queries of ``function`` as a new request: the record cache is
        cleared first (not the registry's caches, warmed by a first call)."""
        self.env.invalidate_all()
        function()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        function()
        return self.cr.sql_log_count - before

    @contextmanager
    def assertQueryBudget(self, budget):
        """``assertQueryCount(budget)`` on the block and the recomputations
        it leaves pending (flushed at both ends; the commit hooks, such as bus
        notifications, are not counted). With ``None``, a warm-up run: the
        same flushes, without counting."""
        self.env.flush_all()
        if budget is None:
            yield
            self.env.flush_all()
        else:
            with self.assertQueryCount(budget, flush=False):
                yield
                self.env.flush_all()


class DossierCase(DossierUsersMixin, TransactionCase):
    """The common fixture: the dossier users, a client company and one of its
    people."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_dossier_users()
        cls.Contact = cls.env["dossier.contact"]
        cls.client = cls.env["res.partner"].create(
            {"name": "Northwind Consulting", "is_company": True}
        )
        cls.person = cls.env["res.partner"].create(
            {"name": "Irina Volkova", "parent_id": cls.client.id}
        )


AMOUNT_FIELDS = (
    "dossier_amount_invoiced",
    "dossier_amount_paid",
    "dossier_amount_unpaid",
    "dossier_amount_overdue",
    "dossier_unpaid_invoice_count",
    "dossier_oldest_overdue_days",
)


class ReceivablesCommon(DossierUsersMixin, AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_dossier_users()
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.client = cls.env["res.partner"].create(
            {"name": "Northwind Consulting", "is_company": True}
        )
        cls.person = cls.env["res.partner"].create(
            {"name": "Irina Volkova", "parent_id": cls.client.id}
        )
        cls.billing_user = new_test_user(
            cls.env,
            login="billing_user",
            name="Vera Billing",
            groups="base.group_user,dossier_crm.group_dossier_user,"
            "account.group_account_invoice",
        )

    @classmethod
    def _invoice(
        cls,
        amount,
        partner=None,
        *,
        due_in=30,
        move_type="out_invoice",
        post=True,
        company=None,
        **vals,
    ):
        """An invoice without taxes, due ``due_in`` days from today."""
        Move = cls.env["account.move"].with_company(company or cls.env.company)
        move = Move.create(
            {
                "move_type": move_type,
                "partner_id": (partner or cls.client).id,
                "invoice_date": cls.today - timedelta(days=5),
                "invoice_date_due": cls.today + timedelta(days=due_in),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Consulting",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [],
                        }
                    )
                ],
                **vals,
            }
        )
        if post:
            move.action_post()
        return move

    @classmethod
    def _pay(cls, invoices, amount, **vals):
        return (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create({"amount": amount, "payment_date": cls.today, **vals})
            ._create_payments()
        )

    def _amounts(self, partner=None, user=None, companies=None):
        """The dossier amounts as a new request would read them."""
        self.env.invalidate_all()
        partner = (partner or self.client).with_user(user or self.env.user)
        if companies:
            partner = partner.with_context(allowed_company_ids=companies.ids)
        return partner.read(list(AMOUNT_FIELDS))[0]

    def assertAmounts(self, partner=None, user=None, companies=None, **expected):
        values = self._amounts(partner, user, companies)
        for name, value in expected.items():
            field = name if name.startswith("dossier_") else f"dossier_amount_{name}"
            self.assertAlmostEqual(values[field], value, places=2, msg=field)
