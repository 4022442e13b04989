# The two commands of this repository (README.md):
#   make run    start Odoo with the four addons and demo data on http://127.0.0.1:8069
#   make test   static checks + every test; ends with "N passed, N failed"
# One addon's tests: make test ADDONS=reseller_files
#   make bench  every benchmark, one table (QUICK=1: small sizes; not part of make test)

.PHONY: run test lint i18n bench

run:
	bash scripts/run.sh

test:
	ADDONS_SELECTED="$(ADDONS)" bash scripts/test.sh

lint:
	python3 scripts/checks.py

i18n:
	PENDING="$(PENDING)" EXPORT="$(EXPORT)" bash scripts/i18n.sh

bench:
	QUICK="$(QUICK)" ONLY="$(ONLY)" bash scripts/bench.sh
