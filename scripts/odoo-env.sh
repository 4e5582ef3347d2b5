# shellcheck shell=bash
# Sourced by scripts/serve, scripts/test and scripts/i18n-update.
# Finds Odoo 18 and PostgreSQL by the rule the README documents, and sets up
# what is missing (scripts/bootstrap/ does the work):
#   Odoo:       $ODOO_BIN (an odoo / odoo-bin executable), else the private
#               Odoo in .odoo/ once installed, else `odoo` on PATH, else
#               `python3 -m odoo`; when none is Odoo 18, a private Odoo 18.0
#               Community is installed into .odoo/ from $ODOO_SOURCE (an
#               archive, a folder or a git URL; default: Odoo's 18.0 branch).
#               DOSSIER_ODOO_BOOTSTRAP=1 skips PATH and python3 (CI).
#               $ODOO_RC (an Odoo config file) is passed with -c when set.
#   PostgreSQL: the standard PGHOST / PGPORT / PGUSER variables, default
#               127.0.0.1:5432 and the role `odoo` (created when missing);
#               when nothing answers there, a private cluster in .odoo/pgdata.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BOOTSTRAP=(python3 "$REPO_ROOT/scripts/bootstrap")
PRIVATE_ODOO=
PRIVATE_PG_STARTED=

die() {
    echo "error: $*" >&2
    exit 1
}

command -v python3 >/dev/null 2>&1 || die "python3 not found: install Python 3.10 to 3.12 (apt-get install python3 python3-venv)"

_is_odoo_18() {
    local version
    version=$("$@" --version 2>/dev/null) || return 1
    case "$version" in *" 18.0"*) return 0 ;; esac
    echo "note: '$*' is '$version', not Odoo 18.0" >&2
    return 1
}

# use_private_odoo PACKAGE... : install .odoo/ once, plus the system packages
# the calling command needs (wkhtmltopdf, chromium).
use_private_odoo() {
    ADDONS_PATH=$("${BOOTSTRAP[@]}" odoo) || exit 1
    [ $# -eq 0 ] || "${BOOTSTRAP[@]}" packages "$@" || exit 1
    ODOO_CMD=("$REPO_ROOT/.odoo/bin/odoo")
    PRIVATE_ODOO=1
    ADDONS_PATH="$ADDONS_PATH,$REPO_ROOT"
}

# find_odoo [PACKAGE...]: the packages are those a private Odoo needs for the
# calling command; an Odoo found on the machine is used as it is.
find_odoo() {
    if [ -n "${DOSSIER_ODOO_BOOTSTRAP:-}" ]; then
        use_private_odoo "$@"
    elif [ -n "${ODOO_BIN:-}" ]; then
        [ -x "$ODOO_BIN" ] || die "ODOO_BIN=$ODOO_BIN is not an executable file"
        _is_odoo_18 "$ODOO_BIN" || die "ODOO_BIN=$ODOO_BIN is not Odoo 18.0"
        ODOO_CMD=("$ODOO_BIN")
    elif [ -f "$REPO_ROOT/.odoo/installed.json" ] && [ -x "$REPO_ROOT/.odoo/bin/odoo" ]; then
        use_private_odoo "$@"
    elif command -v odoo >/dev/null 2>&1 && _is_odoo_18 "$(command -v odoo)"; then
        ODOO_CMD=("$(command -v odoo)")
    elif python3 -c 'import odoo' >/dev/null 2>&1 && _is_odoo_18 python3 -m odoo; then
        ODOO_CMD=(python3 -m odoo)
    else
        use_private_odoo "$@"
    fi
    if [ -n "${ODOO_RC:-}" ]; then
        [ -r "$ODOO_RC" ] || die "ODOO_RC=$ODOO_RC is not a readable file"
        ODOO_CMD+=(-c "$ODOO_RC")
    fi
    [ -z "$PRIVATE_ODOO" ] || return 0
    # An Odoo of the machine: its addons path (default or from ODOO_RC), plus
    # this repo. Odoo prints its effective configuration with --save.
    local scratch core
    scratch=$(mktemp)
    if [ -n "${ODOO_RC:-}" ]; then
        cp "$ODOO_RC" "$scratch"
        "${ODOO_CMD[@]:0:${#ODOO_CMD[@]}-2}" -c "$scratch" --save --stop-after-init >/dev/null 2>&1
    else
        "${ODOO_CMD[@]}" -c "$scratch" --save --stop-after-init >/dev/null 2>&1
    fi
    core=$(sed -n 's/^addons_path *= *//p' "$scratch")
    rm -f "$scratch"
    [ -n "$core" ] || die "could not read Odoo's addons path from ${ODOO_CMD[*]}"
    ADDONS_PATH="$core,$REPO_ROOT"
}

_pg_local() {
    case "$1" in 127.0.0.1 | localhost | ::1 | /*) return 0 ;; esac
    return 1
}

find_postgres() {
    if ! command -v psql >/dev/null 2>&1 || ! command -v pg_isready >/dev/null 2>&1; then
        "${BOOTSTRAP[@]}" packages postgresql-client || exit 1
    fi
    DB_HOST=${PGHOST:-127.0.0.1}
    DB_PORT=${PGPORT:-5432}
    DB_USER=${PGUSER:-odoo}
    [ "$DB_USER" != postgres ] || die "Odoo refuses the PostgreSQL role 'postgres': set PGUSER to another role (default: odoo)"
    if ! pg_isready -q -h "$DB_HOST" -p "$DB_PORT"; then
        _pg_local "$DB_HOST" || die "PostgreSQL is not reachable at $DB_HOST:$DB_PORT (set PGHOST/PGPORT)"
        local answer state
        answer=$("${BOOTSTRAP[@]}" postgres-start "$DB_HOST" "$DB_PORT") || exit 1
        read -r DB_HOST DB_PORT state <<<"$answer"
        [ "$state" != started ] || PRIVATE_PG_STARTED=1
    fi
    if ! psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -Atc 'select 1' >/dev/null 2>&1; then
        # The role is missing: create it through a superuser connection
        # (PGADMINUSER, else the system user, else postgres), then only use it.
        local admin created=
        for admin in ${PGADMINUSER:-} "$(id -un)" postgres; do
            if psql -h "$DB_HOST" -p "$DB_PORT" -U "$admin" -d postgres -qc \
                "CREATE ROLE \"$DB_USER\" LOGIN CREATEDB" >/dev/null 2>&1; then
                created=1
                break
            fi
        done
        [ -n "$created" ] || die "cannot connect to PostgreSQL as '$DB_USER' nor create that role: create it (CREATE ROLE $DB_USER LOGIN CREATEDB) or set PGUSER/PGPASSWORD"
        echo "created PostgreSQL role '$DB_USER'" >&2
    fi
    psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -Atc \
        "select rolcreatedb or rolsuper from pg_roles where rolname = current_user" | grep -q t \
        || die "PostgreSQL role '$DB_USER' may not create databases (ALTER ROLE $DB_USER CREATEDB)"
}

# Stop the private cluster if this command started it (a reused one stays).
stop_private_postgres() {
    [ -z "$PRIVATE_PG_STARTED" ] || "${BOOTSTRAP[@]}" postgres-stop || true
    PRIVATE_PG_STARTED=
}

# On any end of the calling script, Ctrl-C and kill included, run "$1"
# (bash runs the EXIT trap on a signal only when the signal is trapped).
on_exit() {
    # shellcheck disable=SC2064
    trap "$1" EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

# The test tools (pytest, polib, linters) live in a virtualenv of their own,
# made from tests/requirements.txt and kept between runs: $TEST_VENV.
ensure_test_tools() {
    TEST_VENV=${DOSSIER_TEST_VENV:-$REPO_ROOT/.venv}
    local requirements="$REPO_ROOT/tests/requirements.txt"
    if [ ! -x "$TEST_VENV/bin/python" ] || ! cmp -s "$requirements" "$TEST_VENV/.requirements"; then
        echo "Installing the test tools into $TEST_VENV" >&2
        python3 -m venv "$TEST_VENV" || die "python3 -m venv failed: install Python 3.10+ with venv"
        "$TEST_VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$requirements" \
            || die "could not install tests/requirements.txt"
        cp "$requirements" "$TEST_VENV/.requirements"
    fi
}

# find_addons [NAME...]: ADDONS=the named addons of this repository, else all
# of them (scripts/repo_addons.py: every folder of the root with a manifest);
# ADDONS_CSV=the same, comma-separated, as Odoo's -i takes them.
find_addons() {
    local listed
    listed=$(python3 "$REPO_ROOT/scripts/repo_addons.py" "$@") || exit 1
    mapfile -t ADDONS <<<"$listed"
    ADDONS_CSV=$(IFS=,; echo "${ADDONS[*]}")
}

odoo_db_args() {
    echo "--db_host=$DB_HOST" "--db_port=$DB_PORT" "--db_user=$DB_USER" "--addons-path=$ADDONS_PATH"
}
