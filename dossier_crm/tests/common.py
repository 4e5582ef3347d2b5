from odoo.tests import new_test_user

BRIEF = "dossier_crm.action_report_dossier_brief"


def brief_section(html, name):
    """The HTML of one section of a rendered brief."""
    start = html.index(f'name="{name}"')
    end = html.find("o_dossier_brief_section", start)
    return html[start : end if end != -1 else len(html)]


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


class QueryCounter:
    """Counts the SQL queries of a block, flushing pending writes at both ends
    so that recomputations land inside it: ``with QueryCounter(env) as q:``
    then ``q.count``."""

    def __init__(self, env):
        self.env = env
        self.count = 0

    def __enter__(self):
        self.env.flush_all()
        self._start = self.env.cr.sql_log_count
        return self

    def __exit__(self, *exc):
        self.env.flush_all()
        self.count = self.env.cr.sql_log_count - self._start
        return False
