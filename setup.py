"""Package the dossier_crm addon for pip as ``odoo.addons.dossier_crm``.

Odoo itself is not a dependency: install it first (see README.md); this
package only adds the addon to the Python that already runs Odoo 18.
"""

import ast
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent
ADDON = "dossier_crm"
PACKAGE = f"odoo.addons.{ADDON}"
ADDON_DIR = HERE / ADDON
SKIPPED_DIRS = {"__pycache__"}

manifest = ast.literal_eval((ADDON_DIR / "__manifest__.py").read_text(encoding="utf-8"))


def _files():
    for path in sorted(ADDON_DIR.rglob("*")):
        relative = path.relative_to(ADDON_DIR)
        if path.is_file() and not SKIPPED_DIRS.intersection(relative.parts):
            yield relative


packages = [
    PACKAGE,
    *sorted(
        f"{PACKAGE}." + ".".join(init.parent.relative_to(ADDON_DIR).parts)
        for init in ADDON_DIR.rglob("__init__.py")
        if init.parent != ADDON_DIR and not SKIPPED_DIRS.intersection(init.parts)
    ),
]
# Everything that is not Python source ships as package data: views, security,
# data, demo, i18n, static, readme. Paths are relative to the addon folder.
package_data = [str(f) for f in _files() if f.suffix not in (".py", ".pyc")]

setup(
    name=f"odoo-addon-{ADDON}",
    version=manifest["version"],
    description=manifest["summary"],
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    author=manifest["author"],
    url=manifest["website"],
    license=manifest["license"],
    python_requires=">=3.10",
    package_dir={
        PACKAGE: ADDON,
        **{
            pkg: str(Path(ADDON, *pkg.split(".")[3:]))
            for pkg in packages
            if pkg != PACKAGE
        },
    },
    packages=packages,
    package_data={PACKAGE: package_data},
    include_package_data=False,
    zip_safe=False,
    classifiers=[
        "Programming Language :: Python :: 3",
        "Framework :: Odoo",
        "Framework :: Odoo :: 18.0",
        "License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)",
    ],
)
