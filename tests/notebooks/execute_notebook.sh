#!/usr/bin/env bash
# Executes a notebook headless against a fresh run, as a reader would after the
# README's commands, and checks that it wrote the figures it promises.
#
# usage: execute_notebook.sh SURGE NOTEBOOK SCENARIO WORKDIR FIGURE...
# The notebook reads SURGE_SCENARIO, SURGE_REPORT, SURGE_CSV_DIR and writes its
# figures into SURGE_FIGURES (each notebook's first cell documents its defaults).
# Debian's interpreter is named explicitly: the `python3` on PATH may be another
# installation without the packages .ci/install-deps.sh installs.
set -euo pipefail
surge=$1 notebook=$2 scenario=$3 work=$4
shift 4
rm -rf "$work"
mkdir -p "$work/figures"
"$surge" run "$scenario" -q -o "$work/report.json" --csv "$work/csv"
SURGE_SCENARIO="$scenario" SURGE_REPORT="$work/report.json" SURGE_CSV_DIR="$work/csv" \
SURGE_FIGURES="$work/figures" MPLBACKEND=Agg PYDEVD_DISABLE_FILE_VALIDATION=1 \
  /usr/bin/python3 -m jupyter nbconvert --to notebook --execute \
    --ExecutePreprocessor.timeout=300 --output-dir "$work" "$notebook"
status=0
for figure in "$@"; do
  if [ ! -s "$work/figures/$figure" ]; then
    echo "missing or empty figure: $work/figures/$figure" >&2
    status=1
  fi
done
exit $status
