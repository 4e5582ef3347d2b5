#!/usr/bin/env python3
"""The addons of this repository: every folder of its root with a
``__manifest__.py`` (installable). The one home of that rule: ``setup.py``,
the commands (``python3 scripts/repo_addons.py`` prints one name a line) and
the tests read it here. Standard library only: it runs before any virtualenv.

A *glue module* depends on another addon of the repository (``dossier_crm``)
and on the Odoo apps it links it with (``sale``): its *apps*.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def repo_addons(root=ROOT):
    """name -> manifest of every installable addon, sorted by name."""
    addons = {}
    for manifest in sorted(Path(root).glob("*/__manifest__.py")):
        data = ast.literal_eval(manifest.read_text(encoding="utf-8"))
        if data.get("installable", True):
            addons[manifest.parent.name] = data
    return addons


def glue_modules(addons):
    """name -> the Odoo apps it links the repository's addons with."""
    return {
        name: [dep for dep in manifest.get("depends", []) if dep not in addons]
        for name, manifest in addons.items()
        if any(dep in addons for dep in manifest.get("depends", []))
    }


if __name__ == "__main__":
    names = list(repo_addons())
    unknown = [name for name in sys.argv[1:] if name not in names]
    if unknown:
        sys.exit(f"error: not an addon of this repository: {', '.join(unknown)}")
    print("\n".join(sys.argv[1:] or names))
