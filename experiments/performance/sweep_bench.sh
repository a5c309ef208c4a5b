#!/usr/bin/env bash
# Sweep throughput (points per second) of `surge sweep` on one fixed sweep
# (sweep-bench.json: 16 points x 2 replications of an M/M/2 at 100-400 requests/s
# for 3000 simulated seconds; a point's cost grows with its rate, so the points are
# uneven and the balance is dynamic) at -j 1, -j 2 and 2 MPI ranks of one thread.
# Each configuration runs REPEAT times (default 3), interleaved; the fastest counts. The three
# result files must be identical, byte for byte.
# Usage: experiments/performance/sweep_bench.sh [SURGE] [REPEAT]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
surge=${1:-$here/../../build/sim/cli/surge}
repeat=${2:-3}
sweep=$here/sweep-bench.json
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# OpenMPI as root (containers) and with more ranks than free cores.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1
points=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["parameters"]["/workloads/w/rate/constant"]["range"]; print(len(range(r[0], r[1]+1, r[2])))' "$sweep")

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores online, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "sweep:   $sweep ($points points x 2 replications)"
printf '%-10s %-60s %8s %9s %8s\n' config command "wall s" "points/s" speedup

# The configurations: name, then the command (the sweep and -q -o follow).
names=(j1 j2 mpi2)
commands=("$surge sweep $sweep -j 1" "$surge sweep $sweep -j 2"
          "mpirun -n 2 $surge sweep $sweep -j 1")
# Rounds interleave the configurations, so a change in the machine's load (it is
# shared) falls on all of them alike; the fastest round of each counts.
declare -A best
for _ in $(seq "$repeat"); do
  for i in "${!names[@]}"; do
    out=$scratch/${names[$i]}.json
    rm -f "$out" "${out%.json}.csv" "$out.journal"
    t0=$(date +%s.%N)
    ${commands[$i]} -q -o "$out"
    t1=$(date +%s.%N)
    best[${names[$i]}]=$(python3 -c "b='${best[${names[$i]}]:-}'; t=$t1-$t0; print(min(t, float(b)) if b else t)")
  done
done
for i in "${!names[@]}"; do
  wall=${best[${names[$i]}]}
  printf '%-10s %-60s %8.2f %9.3f %7.2fx\n' "${names[$i]}" "${commands[$i]//$sweep/sweep-bench.json}" \
    "$wall" "$(python3 -c "print($points/$wall)")" "$(python3 -c "print(${best[j1]}/$wall)")"
done
cmp "$scratch/j1.json" "$scratch/j2.json" && cmp "$scratch/j1.json" "$scratch/mpi2.json" &&
  cmp "$scratch/j1.csv" "$scratch/mpi2.csv" && echo "results: identical for the three configurations"
