#!/usr/bin/env bash
# `make test`: static checks, every addon's Odoo tests (browser tours included) on a
# throwaway database, then the cross-module tests in tests/. Ends with `N passed, N failed`.
#
#   ADDONS=reseller_files make test   only that addon's Odoo tests (no cross-module tests)
#   SKIP_STATIC=1 / SKIP_CROSS=1       skip a stage while iterating
source "$(dirname "$0")/common.sh"

setup_all
SELECTED=${ADDONS_SELECTED:-}
SELECTED=${SELECTED:-$ADDONS}
# Names derived from the selection, so that two selections can be tested side by side;
# RESELLER_RUN_TAG tells apart two checkouts testing the same selection at once.
RUN_ID=$(printf '%s' "$SELECTED${RESELLER_RUN_TAG:+ $RESELLER_RUN_TAG}" | sha1sum | cut -c1-6)
CONF="$RUN_DIR/odoo-test-$RUN_ID.conf"
HTTP_PORT=${RESELLER_TEST_HTTP_PORT:-$((18000 + 0x${RUN_ID:0:4} % 900))}
write_odoo_conf "$CONF" "$HTTP_PORT"
RESULTS="$RUN_DIR/results/$RUN_ID"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
total_passed=0
total_failed=0
add_result() { # json file
  local p f
  p=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["passed"])' "$1")
  f=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["failed"])' "$1")
  total_passed=$((total_passed + p))
  total_failed=$((total_failed + f))
}

# 1. Static checks --------------------------------------------------------------------
if [ -z "${SKIP_STATIC:-}" ]; then
  log "static checks"
  python3 "$ROOT/scripts/checks.py" | tee "$RESULTS/static.txt"
  tail -n 1 "$RESULTS/static.txt" > "$RESULTS/static.json"
  add_result "$RESULTS/static.json"
fi

# 2. Template database: Odoo's modules we depend on, installed once --------------------
db_exists() { [ "$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]; }
copy_db() { # from to
  dropdb --if-exists "$2"
  rm -rf "$RUN_DIR/data/filestore/$2"
  createdb -T "$1" "$2"
  if [ -d "$RUN_DIR/data/filestore/$1" ]; then
    mkdir -p "$RUN_DIR/data/filestore"
    cp -al "$RUN_DIR/data/filestore/$1" "$RUN_DIR/data/filestore/$2"
  fi
}
ensure_template_db "$CONF"
export RESELLER_TEMPLATE_DB=$TEMPLATE RESELLER_ODOO_CONF=$CONF RESELLER_RUN_DIR=$RUN_DIR

# 3. Every addon's Odoo tests, browser tours included ----------------------------------
TEST_DB=reseller_test_$RUN_ID
copy_db "$TEMPLATE" "$TEST_DB"
TAGS=$(echo "$SELECTED" | sed 's/\([^,]*\)/\/\1/g')
TEST_LOG="$RUN_DIR/logs/odoo-tests-$RUN_ID.log"
log "installing $SELECTED and running their tests (log: ${TEST_LOG#"$ROOT"/})"
set +e
odoo_bin -c "$CONF" -d "$TEST_DB" -i "$SELECTED" --without-demo=all --test-enable \
  --test-tags "$TAGS" --stop-after-init > "$TEST_LOG" 2>&1
odoo_rc=$?
set -e
python3 "$ROOT/scripts/odoo_test_summary.py" "$TEST_LOG" "$SELECTED" > "$RESULTS/odoo.json"
python3 - "$RESULTS/odoo.json" "$odoo_rc" <<'PY'
import json, sys
path, rc = sys.argv[1], int(sys.argv[2])
result = json.load(open(path))
if rc != 0:
    result["failed"] += 1
    result["details"].append(f"odoo exited with status {rc}")
if result["started"] == 0:
    # Every addon has tests: none running means discovery or install broke.
    result["failed"] += 1
    result["details"].append("no Odoo test ran")
json.dump(result, open(path, "w"))
print(f"Odoo tests: {result['started']} run, {result['passed']} passed, {result['failed']} failed")
for line in result["details"]:
    print("   " + line)
PY
[ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["failed"])' "$RESULTS/odoo.json")" = 0 ] \
  || grep -n -E ' (ERROR|CRITICAL) |^(AssertionError|Traceback)' "$TEST_LOG" | head -60 || true
add_result "$RESULTS/odoo.json"

# 4. Cross-module tests: install, upgrade, uninstall, portal smoke ---------------------
if [ -z "${SKIP_CROSS:-}" ] && [ "$SELECTED" = "$ADDONS" ]; then
  log "cross-module tests (tests/)"
  set +e
  python3 -m pytest "$ROOT/tests" -p no:cacheprovider -q --junitxml="$RESULTS/pytest.xml"
  set -e
  python3 - "$RESULTS/pytest.xml" > "$RESULTS/pytest.json" <<'PY'
import json, sys
from lxml import etree
suites = etree.parse(sys.argv[1]).getroot()
suites = [suites] if suites.tag == "testsuite" else list(suites)
tests = sum(int(s.get("tests", 0)) for s in suites)
bad = sum(int(s.get(k, 0)) for s in suites for k in ("failures", "errors", "skipped"))
print(json.dumps({"passed": tests - bad, "failed": bad or (0 if tests else 1)}))
PY
  add_result "$RESULTS/pytest.json"
fi

echo
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" = 0 ]
