#!/usr/bin/env bash
# CTest (label sweep, MPI builds only): `surge sweep` over 2 MPI ranks writes the
# same JSON and CSV, byte for byte, as over 2 threads of one process; and a bad
# sweep file makes every rank exit 2 with no point run and no file written.
# Usage: mpi_matches_threads.sh SURGE MPIEXEC SWEEP.json SCRATCH_DIR
set -euo pipefail
surge=$1 mpiexec=$2 sweep=$3 dir=$4
rm -rf "$dir" && mkdir -p "$dir"
# OpenMPI: run as root (CI containers), more ranks than cores allowed.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1

"$surge" sweep "$sweep" -q -j 2 -o "$dir/threads.json"
"$mpiexec" -n 2 "$surge" sweep "$sweep" -q -o "$dir/mpi.json"
points=$(grep -c '"index"' "$dir/threads.json")
[ "$points" -eq 8 ] || { echo "expected 8 points in threads.json, found $points"; exit 1; }
cmp "$dir/threads.json" "$dir/mpi.json"
cmp "$dir/threads.csv" "$dir/mpi.csv"
echo "2 ranks = 2 threads: $points points, JSON and CSV identical"

echo '{"base": {}, "parameters": {}}' > "$dir/bad.json"
status=0
"$mpiexec" -n 2 "$surge" sweep "$dir/bad.json" -q -o "$dir/bad-out.json" >/dev/null 2>&1 || status=$?
[ "$status" -ne 0 ] || { echo "a bad sweep file under mpirun exited 0"; exit 1; }
[ ! -e "$dir/bad-out.json" ] && [ ! -e "$dir/bad-out.json.journal" ] ||
  { echo "a bad sweep file under mpirun wrote output"; exit 1; }
echo "bad sweep file: exit $status on 2 ranks, nothing written"
