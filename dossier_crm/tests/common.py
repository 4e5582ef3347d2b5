from contextlib import contextmanager

from psycopg2.errors import NotNullViolation

from odoo.exceptions import ValidationError
from odoo.service.model import _as_validation_error
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import mute_logger

BRIEF = "dossier_crm.action_report_dossier_brief"


def brief_section(html, name):
    """The HTML of one section of a rendered brief."""
    start = html.index(f'name="{name}"')
    end = html.find("o_dossier_brief_section", start)
    return html[start : end if end != -1 else len(html)]


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
