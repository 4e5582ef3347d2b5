"""The field access checks Odoo leaves to the dossier: on searches by a
method, on one2many/many2many in domains, and on creation."""


def is_dossier_field(model, name):
    """Fields the addon adds to other modules' models are named dossier_*;
    the checks below keep to them, so that Odoo's own fields behave as before."""
    return bool(name) and name.startswith("dossier_") and name in model._fields


def check_search_access(model, field_name):
    """Refuse a search on ``field_name`` of ``model`` to whoever may not read
    the field: Odoo checks the groups of stored fields in a domain, not of
    fields searched by a method, and those methods read as superuser, so a
    search would otherwise tell what a read refuses (e.g. bracketing an
    amount with ``>``)."""
    model.check_field_access_rights("read", [field_name])


def check_domain_access(model, domain):
    """Refuse a domain on a field of the dossier that the user may not read.

    Odoo checks stored columns only: a one2many or many2many with ``groups``
    (e.g. ``('dossier_note_ids', '!=', False)``) would otherwise tell who has
    a dossier. Every field of each path is checked, and the domains nested in
    ``any``, since Odoo joins some paths (``auto_join``) without the search
    of the model they lead to.
    """
    if model.env.su:
        return
    for leaf in domain or ():
        if not isinstance(leaf, (list, tuple)) or len(leaf) != 3:
            continue
        left, operator, value = leaf
        if not isinstance(left, str):
            continue
        current = model
        for name in left.split("."):
            field = current._fields.get(name)
            if field is None:
                break
            if is_dossier_field(current, name):
                check_search_access(current, name)
            if not field.relational:
                break
            current = current.env[field.comodel_name]
        else:
            if operator in ("any", "not any") and isinstance(value, (list, tuple)):
                check_domain_access(current, value)


def check_create_access(model, vals_list):
    """Refuse a creation that sets a field of the dossier the user may not
    write: Odoo checks field groups on write, not on create, so a user
    outside the dossier would otherwise plant a birthday (and its greeting)."""
    if model.env.su:
        return
    names = {
        name for vals in vals_list for name in vals if is_dossier_field(model, name)
    }
    if names:
        model.check_field_access_rights("write", sorted(names))
