"""Which records a user may point a dossier record at: the one check of the
links users set over the ORM.

Odoo checks the rights on the record written, not on the records its
many2one fields point at; yet whoever reads the record reads the target's name
(many2one values are shown as superuser), and the addon's cascades act on the
target. So each guarded link names what the user needs on its target:

- ``"read"``: the target's name shows on the record;
- ``"write"``: the record changes the target (a decision, a cascade);
- ``AUTOMATION``: only the addon's own code sets it, as superuser (the markers
  that keep the daily jobs and planners from planning twice); it may be any
  field, not only a link.
"""

from odoo.exceptions import AccessError

AUTOMATION = "automation"


def _refuse_automation(records, name):
    field = records._fields[name]
    raise AccessError(
        records.env._(
            "“%(field)s” of %(model)s is set by the dossier's planning only, "
            "not by hand.",
            field=field._description_string(records.env),
            model=records.env["ir.model"]._get(records._name).name,
        )
    )


def check_created_links(records, links):
    """Check the guarded ``links`` of just created ``records``: on the values
    they got, so that defaults sent in the context are checked too."""
    if records.env.su:
        return
    for name, operation in links.items():
        values = records.mapped(name)
        if operation == AUTOMATION:
            if any(values):
                _refuse_automation(records, name)
        elif values:
            values.check_access(operation)


def check_written_links(records, vals, links):
    """Check the guarded ``links`` that ``vals`` sets on ``records``."""
    if records.env.su:
        return
    for name, operation in links.items():
        if name not in vals:
            continue
        if operation == AUTOMATION:
            _refuse_automation(records, name)
        elif vals[name]:
            comodel = records.env[records._fields[name].comodel_name]
            comodel.browse(vals[name]).check_access(operation)
