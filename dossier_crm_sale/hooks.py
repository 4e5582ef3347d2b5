from .models.dossier_history import WITHOUT_SALE_ORDERS


def uninstall_hook(env):
    """Rebuild the client history without the orders while the tables they
    come from still exist: the registry still holds this module's source, so
    the context leaves it out (Odoo does not call init() of a model whose
    module is removed, and dropping sale's tables would drop the view)."""
    env["dossier.history"].with_context(**{WITHOUT_SALE_ORDERS: True}).init()
