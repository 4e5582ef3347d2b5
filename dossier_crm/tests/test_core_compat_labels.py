"""The fields dossier_crm adds to other modules' models have labels of their
own: two fields with one label make Odoo log a warning at install and show
two identical choices in filters, group-bys and exports."""

import ast
from collections import defaultdict
from pathlib import Path

from odoo.modules.module import get_module_path, get_modules
from odoo.tests import TransactionCase, tagged

# Where a field's label is among the positional arguments, by field type.
LABEL_POSITION = {
    "Many2one": 1,
    "One2many": 2,
    "Many2many": 4,
    "Selection": 1,
    "Reference": 1,
}


def default_label(name):
    # As odoo.fields.Field._setup_attrs names a field without a string.
    base = (
        name[:-4]
        if name.endswith("_ids")
        else name[:-3]
        if name.endswith("_id")
        else name
    )
    return base.replace("_", " ").title()


def declared_labels(class_node):
    """{field name: label} of the fields a model class declares (labels given
    as plain strings or by default; related fields take their target's)."""
    labels = {}
    for node in class_node.body:
        if not (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Attribute)
            and isinstance(node.value.func.value, ast.Name)
            and node.value.func.value.id == "fields"
        ):
            continue
        call, name = node.value, node.targets[0].id
        keywords = {k.arg: k.value for k in call.keywords}
        label = keywords.get("string")
        position = LABEL_POSITION.get(call.func.attr, 0)
        if label is None and len(call.args) > position:
            label = call.args[position]
        if isinstance(label, ast.Constant) and isinstance(label.value, str):
            labels[name] = label.value
        elif label is None and "related" not in keywords:
            labels[name] = default_label(name)
    return labels


def class_models(class_node):
    """The models a class defines or extends (_name and _inherit)."""
    models = set()
    for node in class_node.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id in ("_name", "_inherit"):
                values = (
                    node.value.elts
                    if isinstance(node.value, ast.List | ast.Tuple)
                    else [node.value]
                )
                models.update(
                    v.value
                    for v in values
                    if isinstance(v, ast.Constant) and isinstance(v.value, str)
                )
    return models


@tagged("post_install", "-at_install")
class TestCoreCompatLabels(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        # Models of other modules that dossier_crm adds fields to, directly or
        # by delegation (res.users shows the fields of res.partner).
        def added(field):
            return "dossier_crm" in (
                field._module,
                field.inherited and field.related_field._module,
            )

        extended = {
            model_name: {
                name: field
                for name, field in cls.env[model_name]._fields.items()
                if added(field)
            }
            for model_name in cls.env.registry
            if cls.env[model_name]._original_module != "dossier_crm"
        }
        cls.extended = {model: fields for model, fields in extended.items() if fields}

    def test_addon_extends_the_models_this_test_expects(self):
        self.assertGreaterEqual(
            set(self.extended),
            {"res.partner", "res.users", "crm.lead", "mail.activity"},
        )

    def test_labels_are_unique_on_each_extended_model(self):
        for model_name, added in self.extended.items():
            fields_by_label = defaultdict(list)
            for name, field in self.env[model_name]._fields.items():
                fields_by_label[field.string].append(name)
            for name, field in added.items():
                with self.subTest(model=model_name, field=name):
                    self.assertEqual(fields_by_label[field.string], [name])

    def test_labels_are_unique_against_every_module_on_the_addons_path(self):
        """Modules that are not installed here (``project`` labels a field of
        res.partner "Projects") may be installed next to the addon."""
        targets = set(self.extended) | {"res.partner"}
        labels = defaultdict(dict)  # model -> {field name: (label, module)}
        for module in get_modules():
            if module == "dossier_crm":
                continue
            for path in Path(get_module_path(module)).glob("models/*.py"):
                source = path.read_text(encoding="utf-8", errors="replace")
                if not any(f'"{m}"' in source or f"'{m}'" in source for m in targets):
                    continue
                for node in ast.walk(ast.parse(source)):
                    if isinstance(node, ast.ClassDef):
                        for model_name in class_models(node) & targets:
                            for name, label in declared_labels(node).items():
                                labels[model_name][name] = (label, module)
        # res.users shows the fields of res.partner by delegation (_inherits).
        labels["res.users"] = {**labels["res.partner"], **labels["res.users"]}
        for model_name, added in self.extended.items():
            for name, field in added.items():
                clashes = [
                    f"{module}: {other}"
                    for other, (label, module) in labels[model_name].items()
                    if label == field.string and other != name
                ]
                with self.subTest(model=model_name, field=name):
                    self.assertEqual(clashes, [], f"label {field.string!r}")
