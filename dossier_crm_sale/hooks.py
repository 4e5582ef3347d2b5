def uninstall_hook(env):
    """Rebuild the client history without the orders, while sale's tables
    still exist: Odoo calls no init() for a module it removes, and dropping
    sale's tables (CASCADE) would drop the view. The registry still holds
    this module's source, so it is left out here."""
    env["dossier.history"]._history_create_view(exclude_kinds=["order_confirmed"])
