"""Set up what the README's commands need on a machine that has none of it.

``scripts/odoo-env.sh`` runs ``python3 scripts/bootstrap COMMAND`` when the
README's discovery rule finds no Odoo 18 (or ``DOSSIER_ODOO_BOOTSTRAP=1`` asks
for the private one, as CI does), and when nothing answers at
``PGHOST``/``PGPORT``. Only the standard library is used: this runs before any
virtualenv exists. Every error is one line on stderr and exit code 1.

- ``odoo``: the private Odoo 18.0 Community in ``.odoo/`` (``odoo.py``), from
  the source ``ODOO_SOURCE`` names (``source.py``);
- ``packages NAME...``: the system packages a command needs (``packages.py``);
- ``postgres-start`` / ``postgres-stop``: a private PostgreSQL cluster in
  ``.odoo/pgdata`` (``postgres.py``).
"""
