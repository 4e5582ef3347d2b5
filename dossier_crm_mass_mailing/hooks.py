from odoo.tools import SQL

from .models.dossier_history import MAILING_KINDS
from .models.mailing_trace import EMAIL_INDEX as TRACE_INDEX
from .models.res_partner import EMAIL_INDEX as PARTNER_INDEX


def uninstall_hook(env):
    """Rebuild the client history without this module's sources (its code is
    still loaded, the traces may soon be gone), and drop the indexes this
    module put on other modules' tables."""
    env["dossier.history"]._history_create_view(
        exclude_kinds=[kind for kind, _label in MAILING_KINDS]
    )
    for index in (TRACE_INDEX, PARTNER_INDEX):
        env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
