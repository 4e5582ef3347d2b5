def uninstall_hook(env):
    """Rebuild the client history without the orders, while sale's tables
    still exist: Odoo calls no init() for a module it removes, and dropping
    sale's tables (CASCADE) would drop the view. The registry still holds
    this module's source, so it is left out here."""
    History = env["dossier.history"]
    orders = History._history_sale_orders()
    History._history_create_view(
        [source for source in History._history_sources() if source != orders]
    )
