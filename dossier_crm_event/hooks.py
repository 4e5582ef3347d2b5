from odoo.tools import SQL

from .models.dossier_history import EVENT_KINDS
from .models.event_registration import PARTNER_INDEX


def uninstall_hook(env):
    """Rebuild the client history without this module's sources (its code is
    still loaded, the registrations may soon be gone), and drop the index this
    module put on event's table."""
    env["dossier.history"]._history_create_view(
        exclude_kinds=[kind for kind, _label in EVENT_KINDS]
    )
    env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(PARTNER_INDEX)))
