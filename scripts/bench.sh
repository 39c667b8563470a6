#!/usr/bin/env bash
# `make bench`: every benchmark against the national-scale synthetic data, on the throwaway
# PostgreSQL and Redis of scripts/with-services.sh. BENCH_SCHOOLS makes the data smaller
# (municipalities and regions follow in the national proportions); BENCH_IMPORT_ROWS sizes the
# «Контекст» file of the import benchmark.
set -euo pipefail
PY=.venv/bin/python
SCHOOLS=${BENCH_SCHOOLS:-40000}
IMPORT_ROWS=${BENCH_IMPORT_ROWS:-40000}
# 40,000 schools : 2,300 municipalities : 85 regions.
REGIONS=$(( SCHOOLS / 470 )); (( REGIONS > 85 )) && REGIONS=85; (( REGIONS < 1 )) && REGIONS=1
MUNICIPALITIES=$(( SCHOOLS * 2300 / 40000 )); (( MUNICIPALITIES < REGIONS )) && MUNICIPALITIES=$REGIONS

$PY manage.py migrate -v0
echo "== demo_scale: $SCHOOLS schools, $MUNICIPALITIES municipalities, $REGIONS regions, 3 years"
$PY manage.py demo_scale --schools "$SCHOOLS" --municipalities "$MUNICIPALITIES" --regions "$REGIONS" --years 3
echo "== indices_core"; $PY bench/indices_core.py
echo "== indices_run"; $PY bench/indices_run.py
echo "== import_context"; $PY bench/import_context.py --rows "$IMPORT_ROWS"
echo "== pages"; $PY bench/pages.py
echo "== api"; $PY bench/api.py
echo "== reports"; $PY bench/reports.py
echo "== surveys"; $PY bench/surveys.py
echo "== results"; $PY bench/results.py
