"""How the core-compatibility suite chooses modules and tests, and how it
calls Odoo (no Odoo run needed)."""

import json

import pytest
from core_compat import SELECTIONS, odoo_subcommand, plan
from odoo_runner import MANIFESTS


def test_every_addon_of_the_repository_is_found():
    addons = MANIFESTS
    assert "dossier_crm" in addons
    assert "crm" in addons["dossier_crm"]["depends"]


def test_dossier_crm_runs_its_selection_on_the_modules_it_extends():
    plan_ = plan("dossier_crm")
    assert set(plan_.install) >= {
        "contacts",
        "mail",
        "account",
        "crm",
        "utm",
        "calendar",
        "privacy_lookup",
    }
    assert "test_mail" in plan_.install  # its message-post and activity tests
    assert plan_.tags == SELECTIONS["dossier_crm"]["tags"]
    assert plan_.test_modules == [
        "crm",
        "contacts",
        "calendar",
        "base",
        "mail",
        "test_mail",
        "account",
        "privacy_lookup",
    ]


def test_a_glue_module_comes_into_a_database_of_odoo_modules_only():
    addons = {
        "dossier_crm": {"depends": ["crm", "account"]},
        "dossier_sale": {"depends": ["dossier_crm", "sale", "account"]},
    }
    plan_ = plan("dossier_sale", addons)
    # Not dossier_crm: with sale it would auto-install the glue module into
    # the database meant to be without it.
    assert plan_.install == ["crm", "account", "sale"]
    # The core modules it extends; dossier_crm's own run covers dossier_crm's.
    assert "/sale" in plan_.tags
    assert "/account/tests/test_account_move_out_invoice.py" in plan_.tags
    assert plan_.test_modules == ["sale", "account"]


def test_the_glue_modules_have_a_selection_of_their_own():
    for glue in ("dossier_crm_sale", "dossier_crm_event", "dossier_crm_mass_mailing"):
        app = glue.removeprefix("dossier_crm_")
        assert plan(
            glue,
            {
                "dossier_crm": {"depends": ["crm"]},
                glue: {"depends": ["dossier_crm", app]},
            },
        ).test_modules == [app]


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["/opt/odoo/odoo"], ["/opt/odoo/odoo", "shell"]),
        (["python3", "/src/setup/odoo"], ["python3", "/src/setup/odoo", "shell"]),
        (["/src/odoo-bin", "-c", "rc"], ["/src/odoo-bin", "shell", "-c", "rc"]),
        (
            ["python3", "-I", "-m", "odoo", "-c", "rc"],
            ["python3", "-I", "-m", "odoo", "shell", "-c", "rc"],
        ),
        (["odoo18", "-c", "rc"], ["odoo18", "shell", "-c", "rc"]),
    ],
)
def test_subcommand_goes_before_the_options(monkeypatch, command, expected):
    monkeypatch.setenv("DOSSIER_ODOO_CMD", json.dumps(command))
    assert odoo_subcommand("shell") == expected
