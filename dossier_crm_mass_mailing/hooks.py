from odoo.tools import SQL

from .models.mailing_trace import EMAIL_INDEX as TRACE_INDEX
from .models.res_partner import EMAIL_INDEX as PARTNER_INDEX


def uninstall_hook(env):
    """Rebuild the client history without this module's sources: the view
    would otherwise keep reading the mailing traces, and drop the indexes
    this module put on other modules' tables."""
    History = env["dossier.history"]
    own = History._history_mailing_sources()
    History._history_create_view(
        [source for source in History._history_sources() if source not in own]
    )
    for index in (TRACE_INDEX, PARTNER_INDEX):
        env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
