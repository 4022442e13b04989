#!/usr/bin/env bash
# `make i18n`: re-export each addon's .pot from a throwaway database where all of them
# are installed, and merge it into every shipped .po (new entries come in untranslated,
# kept translations stay, entries the code dropped go). The static checks then name
# what is left to translate.
#
#   PENDING=dir   also take new entries' translations from the .po files under dir
#                 (any depth), named <addon>.<lang>.po: translations written apart,
#                 e.g. on branches that could not all edit the same .po
#   EXPORT=0      keep the .pot files as they are; only merge
source "$(dirname "$0")/common.sh"

export_pots() {
  local conf="$RUN_DIR/odoo-i18n.conf" db=reseller_i18n addon
  write_odoo_conf "$conf" 18999
  dropdb --if-exists "$db"
  log "installing $ADDONS on $db"
  odoo_bin -c "$conf" -d "$db" -i "$ADDONS" --without-demo=all --stop-after-init \
    --log-level=warn > "$RUN_DIR/logs/i18n.log" 2>&1 || { tail -30 "$RUN_DIR/logs/i18n.log"; die "install failed"; }
  for addon in ${ADDONS//,/ }; do
    log "exporting addons/$addon/i18n/$addon.pot"
    odoo_bin -c "$conf" -d "$db" --i18n-export="$ROOT/addons/$addon/i18n/$addon.pot" \
      --modules="$addon" --stop-after-init --log-level=warn >> "$RUN_DIR/logs/i18n.log" 2>&1 \
      || die "export of $addon failed"
  done
  dropdb --if-exists "$db"
}

merge_po() { # addon po
  local addon=$1 po=$2 lang found compendium=()
  lang=$(basename "$po" .po)
  if [ -n "${PENDING:-}" ]; then
    mapfile -t found < <(find "$PENDING" -name "$addon.$lang.po" | sort)
    if [ ${#found[@]} -gt 0 ]; then
      msgcat --use-first -o "$RUN_DIR/i18n-compendium.po" "${found[@]}"
      compendium=(--compendium="$RUN_DIR/i18n-compendium.po")
    fi
  fi
  msgmerge --quiet --no-wrap --no-fuzzy-matching "${compendium[@]}" --update --backup=none \
    "$po" "$ROOT/addons/$addon/i18n/$addon.pot"
  if grep -q '^#~' "$po"; then msgattrib --no-wrap --no-obsolete -o "$po" "$po"; fi
}

if [ "${EXPORT:-1}" != 0 ]; then
  setup_all
  export_pots
fi
for addon in ${ADDONS//,/ }; do
  for po in "$ROOT/addons/$addon/i18n/"*.po; do merge_po "$addon" "$po"; done
done
python3 "$ROOT/scripts/checks.py" | grep -v "^PASSED" || true
