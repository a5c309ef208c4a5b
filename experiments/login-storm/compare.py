#!/usr/bin/env python3
"""Runs configs/login-storm.json as shipped (bulkheads on the gateway) and with the
variants configs/README.md documents, and prints one Markdown table row per variant.

Usage: python3 experiments/login-storm/compare.py [--surge PATH] [--seed N]

Variant (a) removes the gateway's bulkheads: --set cannot delete a key, so it replaces
the whole gateway object with the file's own minus "bulkheads" (exactly what the
README's command does). (b) is (a) plus "discipline": "priority" on the gateway and
priority 0 (the highest) for the API.

Columns, read from each report (docs/report.md):
- API success: workloads.api succeeded / offered over the whole run, and over the
  storm window [60 s, 80 s) from the time series (requests that ended in it:
  goodput_per_s and error_ratio per 5 s interval);
- API rejected, timeout: workloads.api.failed.*;
- web error ratio [60, 65): the first interval after the flush;
- web success in the storm window, as for the API;
- unauthenticated, abandoned: workloads.web.failed.* (the users the flush caught, the
  users who gave up after 3 failed attempts);
- login attempts failed at the gateway: services.gateway.endpoints.login failed
  (rejected + timeout ...), and web retries: attempts - offered;
- wall s: the wall time of that one run.
Python standard library only."""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "configs" / "login-storm.json"
STORM = (60.0, 80.0)
FIRST = (60.0, 65.0)


def gateway_without_bulkheads():
    gateway = json.loads(SCENARIO.read_text())["services"]["gateway"]
    del gateway["bulkheads"]
    return json.dumps(gateway, separators=(",", ":"))


def variants():
    no_bulkheads = f"/services/gateway={gateway_without_bulkheads()}"
    return [
        ("as shipped: bulkheads {api: 20} on the gateway", []),
        ("(a) no bulkheads", [no_bulkheads]),
        ("(b) no bulkheads, priority discipline, API priority 0",
         [no_bulkheads, "/services/gateway/discipline=priority", "/workloads/api/priority=0"]),
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


def ended(report, workload, window):
    """(succeeded, failed) among the requests that ended in the window."""
    series = report["timeseries"]
    width = series["interval_s"]
    w = series["workloads"][workload]
    ok = bad = 0.0
    for i, t in enumerate(series["t_s"]):
        if window[0] <= t < window[1]:
            good = w["goodput_per_s"][i] * width
            ratio = w["error_ratio"][i]
            if ratio is None:
                continue
            if ratio >= 1.0:
                raise SystemExit(f"{workload}: nothing succeeded in the interval at {t} s; "
                                 "failed count cannot be recovered from the series")
            ok += good
            bad += good * ratio / (1.0 - ratio)
    return ok, bad


def ratio(pair):
    ok, bad = pair
    return ok / (ok + bad) if ok + bad > 0 else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--surge", default=str(ROOT / "build" / "sim" / "cli" / "surge"),
                        help="the surge binary (default: build/sim/cli/surge)")
    parser.add_argument("--seed", type=int, default=None, help="override the scenario's seed")
    args = parser.parse_args()
    if not pathlib.Path(args.surge).is_file():
        sys.exit(f"no surge binary at {args.surge}: build it (cmake --build build --target surge)"
                 " or pass --surge PATH")

    print("| variant | API success (run) | API success [60, 80) | API rejected | API timeout "
          "| web error ratio [60, 65) | web success [60, 80) | web unauthenticated "
          "| web abandoned | gateway.login failed | web retries | wall s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for i, (label, overrides) in enumerate(variants()):
            report, wall = run(args.surge, overrides, args.seed, pathlib.Path(tmp) / f"{i}.json")
            api, web = report["workloads"]["api"], report["workloads"]["web"]
            login_failed = sum(report["services"]["gateway"]["endpoints"]["login"]["failed"].values())
            first = ended(report, "web", FIRST)
            print(f"| {label} | {api['succeeded'] / api['offered']:.4%} "
                  f"| {ratio(ended(report, 'api', STORM)):.4%} "
                  f"| {api['failed']['rejected']:,} | {api['failed']['timeout']:,} "
                  f"| {1.0 - ratio(first):.3f} | {ratio(ended(report, 'web', STORM)):.1%} "
                  f"| {web['failed']['unauthenticated']:,} | {web['failed']['abandoned']:,} "
                  f"| {login_failed:,} | {web['attempts'] - web['offered']:,} | {wall:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
