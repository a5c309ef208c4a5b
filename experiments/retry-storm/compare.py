#!/usr/bin/env python3
"""Runs configs/retry-storm.json as shipped and with each cure (the --set overrides that
configs/README.md documents), and prints one Markdown table row per variant.

Usage: python3 experiments/retry-storm/compare.py [--surge PATH] [--seed N]

Columns, read from each report (docs/report.md):
- goodput/s, success: workloads.shoppers.goodput_per_s and succeeded / offered, whole run;
- amplification: attempts / offered;
- timeout, rejected, circuit_open: workloads.shoppers.failed.*;
- SLO s in violation: workloads.shoppers.slo.seconds_in_violation (p99 <= 1 s and 99% success per 5 s interval);
- recovered at: from the time series, the start of the first interval after the last one in
  which goodput_per_s < 95% of offered_per_s ("never" when that is the run's last interval);
  the surge starts at t = 60 s and is above capacity from about 64 s to 93 s.
Python standard library only."""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "configs" / "retry-storm.json"
WORKLOAD = "shoppers"
RETRY = "/workloads/shoppers/client/retry"
CALL = "/services/gateway/endpoints/checkout/calls/0"
BREAKER = '{"failure_ratio": 0.5, "window_s": 10, "min_calls": 20, "open_s": 5}'

# (label, --set overrides), in the order of configs/README.md.
VARIANTS = [
    ("as shipped: 3 attempts, retry at once", []),
    ("(a) exponential backoff + full jitter + budget 0.1",
     [f"{RETRY}/backoff=exponential", f"{RETRY}/jitter=full", f"{RETRY}/budget_ratio=0.1"]),
    ("(a') exponential backoff + full jitter, no budget",
     [f"{RETRY}/backoff=exponential", f"{RETRY}/jitter=full"]),
    ("(b) circuit breaker on gateway -> orders", [f"{CALL}/circuit_breaker={BREAKER}"]),
    ("(c) no client retries", [f"{RETRY}/max_attempts=1"]),
]


def run(surge, overrides, seed, out):
    cmd = [surge, "run", str(SCENARIO), "-q", "-o", str(out)]
    for o in overrides:
        cmd += ["--set", o]
    if seed is not None:
        cmd += ["--seed", str(seed)]
    started = time.monotonic()
    subprocess.run(cmd, check=True)
    wall = time.monotonic() - started
    return json.loads(out.read_text()), wall


def recovered_at(report):
    series = report["timeseries"]
    starts = series["t_s"]
    w = series["workloads"][WORKLOAD]
    last_bad = None
    for i, t in enumerate(starts):
        offered, goodput = w["offered_per_s"][i], w["goodput_per_s"][i]
        if offered > 0 and goodput < 0.95 * offered:
            last_bad = i
    if last_bad is None:
        return "never degraded"
    if last_bad + 1 == len(starts):
        return "never"
    return f"{starts[last_bad + 1]:g} s"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--surge", default=str(ROOT / "build" / "sim" / "cli" / "surge"),
                        help="the surge binary (default: build/sim/cli/surge)")
    parser.add_argument("--seed", type=int, default=None, help="override the scenario's seed")
    args = parser.parse_args()
    if not pathlib.Path(args.surge).is_file():
        sys.exit(f"no surge binary at {args.surge}: build it (cmake --build build --target surge)"
                 " or pass --surge PATH")

    print("| variant | goodput/s | success | amplification | failed.timeout | failed.rejected "
          "| failed.circuit_open | SLO s in violation | goodput ≥ 95% of offered again from | wall s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for i, (label, overrides) in enumerate(VARIANTS):
            report, wall = run(args.surge, overrides, args.seed, pathlib.Path(tmp) / f"{i}.json")
            w = report["workloads"][WORKLOAD]
            failed = w["failed"]
            slo = w["slo"]["seconds_in_violation"]
            print(f"| {label} | {w['goodput_per_s']:.0f} | {w['succeeded'] / w['offered']:.1%} "
                  f"| {w['amplification']:.2f} | {failed['timeout']:,} | {failed['rejected']:,} "
                  f"| {failed['circuit_open']:,} | {slo:g} | {recovered_at(report)} | {wall:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
