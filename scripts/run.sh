#!/usr/bin/env bash
# `make run`: Odoo with the four addons and demo data on http://127.0.0.1:8069.
# The first run creates the database reseller_demo; later runs upgrade the addons.
source "$(dirname "$0")/common.sh"

setup_all
DB=${RESELLER_DEMO_DB:-reseller_demo}
PORT=${RESELLER_HTTP_PORT:-8069}
CONF="$RUN_DIR/odoo-run.conf"
write_odoo_conf "$CONF" "$PORT"
cd "$ROOT"

if [ "$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
  log "creating database $DB (base, pt_BR)"
  odoo_bin -c "$CONF" -d "$DB" -i base --without-demo=all --load-language=pt_BR \
    --stop-after-init --log-level=warn
  python3 -m scripts.demo "$CONF" "$DB" prepare
  log "installing $ADDONS"
  odoo_bin -c "$CONF" -d "$DB" -i "$ADDONS" --stop-after-init --log-level=warn
else
  log "upgrading $ADDONS in $DB"
  odoo_bin -c "$CONF" -d "$DB" -i "$ADDONS" -u "$ADDONS" --stop-after-init --log-level=warn
fi
log "loading demo data"
python3 -m scripts.demo "$CONF" "$DB" load

cat <<MSG

  Odoo is starting on http://127.0.0.1:$PORT  (database $DB)

  Logins (login / password):
    administrator   admin / admin
    office staff    staff@contabilidade.example / staff
    client portal   emitente@cliente.example / portal    (Emitente Teste LTDA)
                    aurora@cliente.example / portal      (Padaria Aurora ME)
                    horizonte@cliente.example / portal   (Construtora Horizonte S.A.)

  Stop with Ctrl+C. Data lives in .run/ (delete it to start over).

MSG
exec env TZ=UTC python3 -m odoo -c "$CONF" -d "$DB" --db-filter="^$DB\$"
