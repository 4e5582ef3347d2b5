"""``python3 scripts/bootstrap COMMAND``: see the package's docstring."""

import argparse
import os
import sys
from pathlib import Path

# Run as a folder, Python puts this folder on sys.path: put its parent there
# instead, so that the modules import as the package they are.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bootstrap.common import BASE, SetupError, say  # noqa: E402
from bootstrap.odoo import ensure_odoo  # noqa: E402
from bootstrap.packages import PACKAGES, ensure_packages  # noqa: E402
from bootstrap.postgres import postgres_start, postgres_stop  # noqa: E402


def _parser():
    parser = argparse.ArgumentParser(prog="scripts/bootstrap")
    parser.add_argument("--base", default=str(BASE), help="default: .odoo/")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "odoo", help="install the private Odoo once; print its addons path"
    )
    packages = commands.add_parser(
        "packages", help="make sure system packages are there"
    )
    packages.add_argument("names", nargs="+", choices=sorted(PACKAGES))
    start = commands.add_parser(
        "postgres-start", help="start or reuse the private cluster"
    )
    start.add_argument("host")
    start.add_argument("port")
    commands.add_parser("postgres-stop", help="stop the private cluster")
    return parser


def main(argv=None):
    args = _parser().parse_args(argv)
    try:
        if args.command == "odoo":
            print(ensure_odoo(args.base, os.environ.get("ODOO_SOURCE")).addons_path())
        elif args.command == "packages":
            ensure_packages(args.names)
        elif args.command == "postgres-start":
            host, port, started = postgres_start(args.base, args.host, args.port)
            print(host, port, "started" if started else "reused")
        elif postgres_stop(args.base):
            say("stopped the private PostgreSQL")
    except SetupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            "error: interrupted; the next run starts the install over", file=sys.stderr
        )
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
