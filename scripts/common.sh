#!/usr/bin/env bash
# Shared by run.sh and test.sh: locate Odoo, install what is missing from Debian and
# PyPI, and start the project's private PostgreSQL cluster under .run/.
# Sourced, not executed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN_DIR="$ROOT/.run"
PG_PORT=${RESELLER_PG_PORT:-54329}
PG_HOST=127.0.0.1
DB_USER=odoo
ADDONS="reseller_guard,reseller_files,reseller_billing,client_portal,accounting_share"
mkdir -p "$RUN_DIR/logs"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 3; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root (or sudo) to run: $*"; fi
}

# Odoo is a prerequisite (README, "Prerequisites"); never fetched or installed here.
# Its folder is found without importing it (importing needs its requirements, which
# may not be installed yet); the requirements are installed; only then is it imported.
find_odoo() {
  if [ -n "${ODOO_PATH:-}" ]; then
    export PYTHONPATH="$ODOO_PATH${PYTHONPATH:+:$PYTHONPATH}"
  fi
  ODOO_ROOT=$(python3 -c '
import importlib.util, os
spec = importlib.util.find_spec("odoo")  # locates the package without running it
origin = spec and (spec.origin or next(iter(spec.submodule_search_locations or []), None))
print(os.path.dirname(os.path.dirname(origin)) if origin and origin.endswith(".py") else
      os.path.dirname(origin) if origin else "")
' 2>/dev/null || true)
  [ -n "$ODOO_ROOT" ] || die "Odoo 18.0 was not found by python3.
  Make it importable as 'odoo' (pip install -e <odoo>, or a .pth file), or set ODOO_PATH
  to the folder that contains the 'odoo' package. See README.md, section 'Prerequisites'."
  if ! python3 -c 'import odoo, psycopg2, lxml, werkzeug, babel, passlib, reportlab, PyPDF2, ldap' 2>/dev/null; then
    [ -f "$ODOO_ROOT/requirements.txt" ] || die "Odoo's Python dependencies are missing and $ODOO_ROOT/requirements.txt was not found"
    ensure_build_headers
    log "installing Odoo's Python dependencies from $ODOO_ROOT/requirements.txt"
    # Odoo 18 pins old sdists whose builds still import pkg_resources.
    printf 'setuptools<70\n' > "$RUN_DIR/build-constraints.txt"
    PIP_CONSTRAINT="$RUN_DIR/build-constraints.txt" python3 -m pip install -q -r "$ODOO_ROOT/requirements.txt"
  fi
  if ! python3 -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 18)' 2>/dev/null; then
    python3 -c 'import odoo.release' || true
    die "the 'odoo' package in $ODOO_ROOT is not Odoo 18.0, or cannot be imported (see above)"
  fi
}

# Odoo's requirements build some sdists: python-ldap needs the LDAP and SASL headers,
# psycopg2 needs pg_config. Installed from Debian before pip runs.
ensure_build_headers() {
  local missing=()
  [ -f /usr/include/ldap.h ] || missing+=(libldap2-dev)
  [ -f /usr/include/sasl/sasl.h ] || missing+=(libsasl2-dev)
  command -v pg_config >/dev/null || missing+=(libpq-dev)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing build headers from Debian: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

pg_bindir() {
  local d
  for d in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

ensure_system_packages() {
  local missing=()
  pg_bindir >/dev/null || missing+=(postgresql)
  command -v psql >/dev/null || missing+=(postgresql-client)
  command -v chromium >/dev/null || command -v google-chrome >/dev/null || missing+=(chromium)
  command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing from Debian: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

ensure_python_packages() {
  local stamp="$RUN_DIR/.requirements.sha"
  local want
  want=$(cat "$ROOT/requirements.txt" "$ROOT/requirements-oca.txt" | sha1sum | cut -c1-40)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || ! python3 -c 'import websocket' 2>/dev/null; then
    log "installing Python packages (requirements.txt, requirements-oca.txt)"
    python3 -m pip install -q -r "$ROOT/requirements.txt"
    # OCA wheels pull 'odoo' itself as a dependency: never let pip do that.
    python3 -m pip install -q --no-deps -r "$ROOT/requirements-oca.txt"
    echo "$want" > "$stamp"
  fi
  OCA_ADDONS=$(python3 - <<'PY'
import importlib.util, os, sysconfig
# OCA wheels install into <site-packages>/odoo/addons.
print(os.path.join(sysconfig.get_paths()["purelib"], "odoo", "addons"))
PY
)
}

# A cluster of our own, owned by an unprivileged account, listening on 127.0.0.1 only.
start_postgres() {
  local bindir runner=()
  bindir=$(pg_bindir) || die "PostgreSQL server binaries not found"
  PGDATA_DIR="$RUN_DIR/pgdata"
  if [ "$(id -u)" = 0 ]; then
    # initdb refuses to run as root: the cluster belongs to the 'postgres' account.
    id postgres >/dev/null 2>&1 || as_root useradd --system --home-dir /var/lib/postgresql postgres
    runner=(runuser -u postgres --)
    if ! "${runner[@]}" test -x "$RUN_DIR" 2>/dev/null; then
      PGDATA_DIR="/var/tmp/reseller-pg-$(echo "$ROOT" | sha1sum | cut -c1-10)"
    fi
    mkdir -p "$PGDATA_DIR"
    chown postgres "$PGDATA_DIR"
  fi
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    log "creating a private PostgreSQL cluster in $PGDATA_DIR"
    "${runner[@]}" "$bindir/initdb" -D "$PGDATA_DIR" -U "$DB_USER" -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if "${runner[@]}" "$bindir/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
    # Already running (an earlier run or test): its port is line 4 of postmaster.pid.
    PG_PORT=$(sed -n 4p "$PGDATA_DIR/postmaster.pid")
  else
    # The first free port from $PG_PORT on: another checkout's cluster may hold one.
    while pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; do PG_PORT=$((PG_PORT + 1)); done
    log "starting PostgreSQL on $PG_HOST:$PG_PORT"
    "${runner[@]}" "$bindir/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w -t 60 \
      -o "-c listen_addresses=$PG_HOST -p $PG_PORT -c unix_socket_directories='' -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
      start >/dev/null
  fi
  export PGHOST=$PG_HOST PGPORT=$PG_PORT PGUSER=$DB_USER
}

write_odoo_conf() {
  # $1: path, $2: http port
  local addons_path="$ROOT/addons"
  [ -d "${OCA_ADDONS:-}" ] && addons_path="$addons_path,$OCA_ADDONS"
  cat > "$1" <<CONF
[options]
; generated by scripts/common.sh; production template: config/odoo.conf.example
db_host = $PG_HOST
db_port = $PG_PORT
db_user = $DB_USER
db_password = False
addons_path = $addons_path
data_dir = $RUN_DIR/data
http_interface = 127.0.0.1
http_port = $2
gevent_port = $(( $2 + 3 ))
list_db = True
workers = 0
max_cron_threads = 1
limit_time_real = 1200
CONF
}

odoo_bin() { TZ=UTC python3 -m odoo "$@"; }

# The template database of the tests and benchmarks: Odoo's modules the addons depend
# on, installed once, under a lock. Sets TEMPLATE. $1: the odoo.conf to build it with.
ensure_template_db() {
  local deps
  deps=$(python3 "$ROOT/scripts/manifest_deps.py")
  TEMPLATE="reseller_tpl_$(printf '%s %s' "$deps" "$(python3 -c 'import odoo.release as r; print(r.version)')" | sha1sum | cut -c1-10)"
  exec 9> "$RUN_DIR/template.lock"
  flock 9
  if [ "$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$TEMPLATE'")" != 1 ]; then
    log "building template database $TEMPLATE with: $deps"
    dropdb --if-exists "${TEMPLATE}_wip"
    odoo_bin -c "$1" -d "${TEMPLATE}_wip" -i "$deps" --without-demo=all --stop-after-init \
      --log-level=warn > "$RUN_DIR/logs/template.log" 2>&1 || { tail -50 "$RUN_DIR/logs/template.log"; die "template build failed"; }
    # Renamed only once complete, so an interrupted build is never reused.
    psql -d postgres -qc "ALTER DATABASE \"${TEMPLATE}_wip\" RENAME TO \"$TEMPLATE\""
    [ -d "$RUN_DIR/data/filestore/${TEMPLATE}_wip" ] && mv "$RUN_DIR/data/filestore/${TEMPLATE}_wip" "$RUN_DIR/data/filestore/$TEMPLATE"
  fi
  flock -u 9
}

setup_all() {
  find_odoo
  ensure_system_packages
  ensure_python_packages
  start_postgres
}
