# shellcheck shell=bash
# Sourced by scripts/serve, scripts/test and scripts/i18n-update.
# Finds Odoo 18 and PostgreSQL by the rule the README documents:
#   Odoo:       $ODOO_BIN (an odoo / odoo-bin executable), else `odoo` on PATH,
#               else `python3 -m odoo` when python3 can import odoo;
#               $ODOO_RC (an Odoo config file) is passed with -c when set.
#   PostgreSQL: the standard PGHOST / PGPORT / PGUSER variables,
#               default 127.0.0.1:5432 and the role `odoo` (created when missing).

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MODULE=dossier_crm

die() {
    echo "error: $*" >&2
    exit 1
}

find_odoo() {
    if [ -n "${ODOO_BIN:-}" ]; then
        [ -x "$ODOO_BIN" ] || die "ODOO_BIN=$ODOO_BIN is not an executable file"
        ODOO_CMD=("$ODOO_BIN")
    elif command -v odoo >/dev/null 2>&1; then
        ODOO_CMD=("$(command -v odoo)")
    elif python3 -c 'import odoo' >/dev/null 2>&1; then
        ODOO_CMD=(python3 -m odoo)
    else
        die "Odoo 18 not found: install it as README.md says, so that 'odoo' is on PATH or importable by python3, or set ODOO_BIN"
    fi
    if [ -n "${ODOO_RC:-}" ]; then
        [ -r "$ODOO_RC" ] || die "ODOO_RC=$ODOO_RC is not a readable file"
        ODOO_CMD+=(-c "$ODOO_RC")
    fi
    local version
    version=$("${ODOO_CMD[@]}" --version 2>/dev/null) || die "'${ODOO_CMD[*]} --version' failed: Odoo is not installed correctly"
    case "$version" in
        *" 18.0"*) ;;
        *) die "found '$version' at ${ODOO_CMD[*]}, Odoo 18.0 is required" ;;
    esac
    # The addons path Odoo uses by default (or from ODOO_RC), plus this repo.
    # Odoo prints its effective configuration with --save into a scratch file.
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

find_postgres() {
    command -v psql >/dev/null 2>&1 || die "psql not found: install the PostgreSQL client (apt-get install postgresql-client)"
    DB_HOST=${PGHOST:-127.0.0.1}
    DB_PORT=${PGPORT:-5432}
    DB_USER=${PGUSER:-odoo}
    [ "$DB_USER" != postgres ] || die "Odoo refuses the PostgreSQL role 'postgres': set PGUSER to another role (default: odoo)"
    pg_isready -q -h "$DB_HOST" -p "$DB_PORT" || die "PostgreSQL is not reachable at $DB_HOST:$DB_PORT (set PGHOST/PGPORT)"
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

odoo_db_args() {
    echo "--db_host=$DB_HOST" "--db_port=$DB_PORT" "--db_user=$DB_USER" "--addons-path=$ADDONS_PATH"
}
