#!/usr/bin/env python3
"""Runs the cross-region study (configs/cross-region.json) on the SimGrid engine: the
scenario as shipped, a sweep over the WAN link's bandwidth, a regional identity-provider
replica, and what a latency-only simulator (the native engine, message sizes set to 0)
predicts for the same surge. Prints one Markdown table row per variant and the timeline
of the shipped run.

Usage: python3 experiments/cross-region/run.py [--surge PATH] [-j N] [--out DIR] [--reuse]

--reuse formats the reports a previous run left in --out instead of running again (the
runs are deterministic: the same build gives the same reports). Each SimGrid run of the
1,200 s scenario takes 0.5-2 minutes on one core.

Columns:
- variant; link Mbit/s: the WAN link's bandwidth_bps x 8 / 10^6 (each direction);
- link util mean, peak: network.links["eu-west->us-east"].utilization after the warmup, and
  the largest 10 s interval of timeseries.network.links[...].utilization (answers flow
  from eu-west to us-east: 40 kB each, against 2 kB requests the other way);
- success: workloads.logins succeeded / offered; p99 s: of the logins that succeeded;
- logins timed out / rejected: workloads.logins failed.timeout and failed.rejected (a
  user gives up after 5 s, the gateway turns an attempt away when its room is full);
- auth failed: services.auth.failed, auth visits that failed (their call to idp timed out
  after 1.5 s: auth itself neither errs nor rejects in this scenario);
- SLO: the logins' SLO (p99 <= 1 s, success >= 99%) met, or broken with its seconds in
  violation;
- busiest CPU: the largest per-interval utilization of idp (it makes no calls, so its
  held workers are all working) beside the run's work_utilization of auth and gateway,
  whose workers mostly wait on calls; "CPU" means workers doing their own work.
Python standard library only."""
import argparse
import concurrent.futures
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "configs" / "cross-region.json"
WAN = "eu-west->us-east"
BANDWIDTH = "/network/links/0/bandwidth_bps"
CALL = "/services/auth/endpoints/login/calls/0"

VARIANTS = [
    ("as shipped (100 Mbit/s)", "simgrid", []),
    ("150 Mbit/s", "simgrid", [f"{BANDWIDTH}=1.875e7"]),
    ("200 Mbit/s", "simgrid", [f"{BANDWIDTH}=2.5e7"]),
    ("400 Mbit/s", "simgrid", [f"{BANDWIDTH}=5e7"]),
    ("regional idp replica (us-east)", "simgrid",
     ['/network/zones/us-east/services=["gateway", "auth", "idp"]',
      "/network/zones/eu-west/services=[]"]),
    ("latency-only model (native engine, bytes 0)", "native",
     [f"{CALL}/request_bytes=0", f"{CALL}/response_bytes=0"]),
]


def run(surge, out_dir, index, engine, overrides):
    report = out_dir / f"variant-{index}.json"
    command = [surge, "run", str(SCENARIO), "--engine", engine, "-q", "-o", str(report)]
    for o in overrides:
        command += ["--set", o]
    subprocess.run(command, check=True)
    return json.loads(report.read_text())


def row(name, report):
    logins = report["workloads"]["logins"]
    services = report["services"]
    links = report.get("network", {}).get("links", {})
    wan = links.get(WAN)
    series = report["timeseries"]
    if wan and wan["bandwidth_bps"]:
        mbit = f"{wan['bandwidth_bps'] * 8 / 1e6:.0f}"
        mean = f"{wan['utilization']:.2f}"
        peak = f"{max(u for u in series['network']['links'][WAN]['utilization'] if u is not None):.2f}"
    else:
        mbit, mean, peak = "—", "—", "—"
    success = logins["succeeded"] / logins["offered"]
    p99 = logins["latency_s"]["p99"]
    failed = logins["failed"]
    auth_failed = services["auth"]["failed"]
    idp_peak = max(u for u in series["services"]["idp"]["utilization"] if u is not None)
    cpu = (f"idp {idp_peak:.0%}, auth {services['auth']['work_utilization']:.1%}, "
           f"gateway {services['gateway']['work_utilization']:.1%}")
    p99_text = "—" if p99 is None else f"{p99:.3f}"
    slo = logins["slo"]
    slo_text = "met" if slo["met"] else f"broken ({slo['seconds_in_violation']:.0f} s)"
    return f"| {name} | {mbit} | {mean} | {peak} | {success:.2%} | {p99_text} | {failed['timeout']:,} / {failed['rejected']:,} | {auth_failed:,} | {slo_text} | {cpu} |"


def timeline(report):
    series = report["timeseries"]
    t = series["t_s"]
    offered = series["workloads"]["logins"]["offered_per_s"]
    goodput = series["workloads"]["logins"]["goodput_per_s"]
    link = series["network"]["links"][WAN]["utilization"]
    idp = series["services"]["idp"]["utilization"]
    lines = ["| t s | logins/s offered | succeeded/s | WAN util | idp util |",
             "|---|---|---|---|---|"]
    for i in range(0, len(t), 6):  # every minute
        lines.append(f"| {t[i]:.0f} | {offered[i]:.0f} | {goodput[i]:.0f} | {link[i]:.2f} | "
                     f"{idp[i]:.2f} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--surge", default=str(ROOT / "build" / "sim" / "cli" / "surge"))
    parser.add_argument("-j", type=int, default=2, help="variants run at once")
    parser.add_argument("--out", default=str(ROOT / "build" / "cross-region"))
    parser.add_argument("--reuse", action="store_true", help="format the reports in --out")
    args = parser.parse_args()
    out_dir = pathlib.Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    if args.reuse:
        reports = [json.loads((out_dir / f"variant-{i}.json").read_text())
                   for i in range(len(VARIANTS))]
    else:
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.j) as pool:
            futures = [pool.submit(run, args.surge, out_dir, i, engine, overrides)
                       for i, (_, engine, overrides) in enumerate(VARIANTS)]
            reports = [f.result() for f in futures]
    print("| variant | link Mbit/s | link util mean | link util peak | success | p99 s "
          "| logins timed out / rejected | auth failed | SLO | busiest CPU |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for (name, _, _), report in zip(VARIANTS, reports):
        print(row(name, report))
    print()
    print("As shipped, every minute:")
    print()
    print(timeline(reports[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
