#!/usr/bin/env bash
# `make bench`: every benchmark of benchmarks/ (benchmarks/run_all.py), then one table.
# Not part of `make test`. QUICK=1: the quick sizes; ONLY=a,b: those scripts alone.
#
# Prepares what the scripts need: PostgreSQL and Python packages (common.sh), the OCA
# addons the comparisons measure (benchmarks/requirements-oca.txt, in .run/oca-bench,
# never in Odoo's environment), a configuration with them on the addons path, and
# the test template database, built as scripts/test.sh builds it when absent.
source "$(dirname "$0")/common.sh"

setup_all
OCA_BENCH="$RUN_DIR/oca-bench"
if [ ! -d "$OCA_BENCH/odoo/addons/account_financial_report" ]; then
  log "installing the OCA addons of the comparisons into ${OCA_BENCH#"$ROOT"/}"
  python3 -m pip install -q --no-deps --target "$OCA_BENCH" -r "$ROOT/benchmarks/requirements-oca.txt"
fi
CONF="$RUN_DIR/odoo-bench.conf"
write_odoo_conf "$CONF" "${RESELLER_BENCH_HTTP_PORT:-8296}"
sed -i "s#^addons_path = \(.*\)#addons_path = \1,$OCA_BENCH/odoo/addons#" "$CONF"

ensure_template_db "$CONF"
export RESELLER_TEMPLATE_DB=$TEMPLATE RESELLER_ODOO_CONF=$CONF RESELLER_RUN_DIR=$RUN_DIR
cd "$ROOT"
exec python3 "$ROOT/benchmarks/run_all.py" ${QUICK:+--quick} ${ONLY:+--only "$ONLY"}
