"""Which records a user may point a dossier record at: the one check of the
links users set over the ORM.

Odoo checks the rights on the record written, not on the records its
many2one fields point at; yet whoever reads the record reads the target's name
(many2one values are shown as superuser), and the addon's cascades act on the
target. So each guarded link names what the user needs on its target:

- ``"read"``: the target's name shows on the record;
- ``"write"``: the record changes the target (a decision, a cascade);
- ``AUTOMATION``: only the addon's own code sets it, as superuser or with the
  TRUSTED marker (the markers that keep the daily jobs and planners from
  planning twice, where a captured contact came from); it may be any field,
  not only a link.
"""

from odoo.exceptions import AccessError

AUTOMATION = "automation"
# The context value that lets the addon's own code (the planning service, the
# capture) set the AUTOMATION fields with the user's rights otherwise: a
# Python object, which no RPC context (JSON) can hold.
TRUSTED = object()
TRUSTED_KEY = "dossier_automation"


def is_automation(env):
    """Whether ``env`` is the addon's own code, which sets AUTOMATION fields."""
    return env.su or env.context.get(TRUSTED_KEY) is TRUSTED


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
            if any(values) and not is_automation(records.env):
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
            if not is_automation(records.env):
                _refuse_automation(records, name)
        elif vals[name]:
            comodel = records.env[records._fields[name].comodel_name]
            comodel.browse(vals[name]).check_access(operation)


def _stored_computed(records, names, prefix):
    """The stored computed fields among ``names`` that have no inverse: Odoo
    stores a value written to one of them as it is, until its dependencies
    change, so that writing a date or a key would steer the daily jobs."""
    fields = records._fields
    return [
        name
        for name in names
        if name.startswith(prefix)
        and (field := fields.get(name))
        and field.store
        and field.compute
        and not field.inverse
    ]


def check_computed_written(records, vals, prefix=""):
    """Refuse writing the stored computed fields (of names starting with
    ``prefix``) that ``vals`` sets: the forms never send them."""
    if records.env.su:
        return
    names = _stored_computed(records, vals, prefix)
    if names:
        field = records._fields[names[0]]
        raise AccessError(
            records.env._(
                "“%(field)s” is computed by the dossier and cannot be written.",
                field=field._description_string(records.env),
            )
        )


def recompute_computed_given(records, vals_list, prefix=""):
    """Compute again the stored computed fields that the values or the
    context's defaults gave to just created ``records``: defaults flow into
    the lines of a form, so they are not refused, only not kept."""
    if records.env.su:
        return
    given = {name for vals in vals_list for name in vals}
    given.update(
        key.removeprefix("default_")
        for key in records.env.context
        if key.startswith("default_")
    )
    for name in _stored_computed(records, given, prefix):
        records.env.add_to_compute(records._fields[name], records)
