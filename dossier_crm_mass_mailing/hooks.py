def uninstall_hook(env):
    """Rebuild the client history without this module's sources: the view
    would otherwise keep reading the mailing traces' table, which goes away."""
    History = env["dossier.history"]
    own = History._history_mailing_sources()
    History._history_create_view(
        [source for source in History._history_sources() if source not in own]
    )
