"""Package the addons of this repository for pip, each as ``odoo.addons.<name>``
(``dossier_crm`` and its glue modules), in one distribution named after
``dossier_crm`` with its version.

Odoo itself is not a dependency: install it first (see README.md); this
package only adds the addons to the Python that already runs Odoo 18.
"""

import sys
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "scripts"))
from repo_addons import repo_addons  # noqa: E402 - the one rule of what an addon is

MAIN = "dossier_crm"
SKIPPED_DIRS = {"__pycache__"}

addons = repo_addons(HERE)
manifest = addons[MAIN]


def _files(addon_dir):
    for path in sorted(addon_dir.rglob("*")):
        relative = path.relative_to(addon_dir)
        if path.is_file() and not SKIPPED_DIRS.intersection(relative.parts):
            yield relative


package_dir = {}
package_data = {}
for addon in addons:
    addon_dir = HERE / addon
    package = f"odoo.addons.{addon}"
    package_dir[package] = addon
    for init in addon_dir.rglob("__init__.py"):
        sub = init.parent.relative_to(addon_dir)
        if sub.parts and not SKIPPED_DIRS.intersection(sub.parts):
            package_dir[".".join((package, *sub.parts))] = str(Path(addon, sub))
    # Everything that is not Python source ships as package data: views,
    # security, data, demo, i18n, static, readme. Paths relative to the addon.
    package_data[package] = [
        str(f) for f in _files(addon_dir) if f.suffix not in (".py", ".pyc")
    ]

setup(
    name=f"odoo-addon-{MAIN}",
    version=manifest["version"],
    description=manifest["summary"],
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    author=manifest["author"],
    url=manifest["website"],
    license=manifest["license"],
    python_requires=">=3.10",
    package_dir=package_dir,
    packages=sorted(package_dir),
    package_data=package_data,
    include_package_data=False,
    zip_safe=False,
    classifiers=[
        "Programming Language :: Python :: 3",
        "Framework :: Odoo",
        "Framework :: Odoo :: 18.0",
        "License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)",
    ],
)
