from odoo.tools import SQL

from .models.event_registration import PARTNER_INDEX


def uninstall_hook(env):
    """Rebuild the client history without this module's sources: the view
    would otherwise keep reading the registrations, and drop the index this
    module put on event's table."""
    History = env["dossier.history"]
    own = History._history_event_sources()
    History._history_create_view(
        [source for source in History._history_sources() if source not in own]
    )
    env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(PARTNER_INDEX)))
