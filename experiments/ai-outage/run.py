#!/usr/bin/env python3
"""Runs the flagship scenario configs/ai-outage.json as shipped and with the variants the
README discusses (every variant keeps the seed: common random numbers), and prints the
variant table and the as-shipped run's chain of events.

Usage: python3 experiments/ai-outage/run.py [--surge PATH] [--check-readme]

--check-readme runs everything and compares what it prints with the block of
experiments/ai-outage/README.md between the `run.py output` markers (wall times aside):
the README's numbers are the ones this script prints. Python standard library only."""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "configs" / "ai-outage.json"
README = pathlib.Path(__file__).resolve().parent / "README.md"
BEGIN, END = "<!-- run.py output: begin -->", "<!-- run.py output: end -->"

IDP_AUTOSCALE = ('/services/idp/autoscale={"metric": "utilization", "target": 0.6, '
                 '"period_s": 30, "min": 2, "max": 8, "step_up": 2, '
                 '"provision_delay_s": 60, "cooldown_s": 60}')
RETRY_BUDGET = ('/services/gateway/endpoints/login/calls/0/retry={"max_attempts": 3, '
                '"backoff": "exponential", "base_s": 0.2, "cap_s": 5, "jitter": "full", '
                '"budget_ratio": 0.1}')
VARIANTS = [
    ("as shipped", []),
    ("(a) idp autoscale 2..8", [IDP_AUTOSCALE]),
    ("(b) retry budget 0.1 on gateway -> auth.login", [RETRY_BUDGET]),
    ("(c) GPU headroom: inference starts at 12", ["/services/inference/instances=12",
                                                  "/services/inference/autoscale/min=12"]),
]
SATURATED = 0.95  # utilization at which a tier counts as saturated


def run(surge, overrides, out):
    cmd = [surge, "run", str(SCENARIO), "-q", "-o", str(out)]
    for o in overrides:
        cmd += ["--set", o]
    started = time.monotonic()
    subprocess.run(cmd, check=True)
    return json.loads(out.read_text()), time.monotonic() - started


def fmt(x, digits=1):
    return "-" if x is None else f"{x:.{digits}f}"


def variant_row(label, r):
    web, api = r["workloads"]["web"], r["workloads"]["api"]
    services = r["services"]
    ttft = services["inference"]["inference"]["ttft_s"]
    return (f"| {label} | {web['succeeded'] / web['offered']:.2%} | {fmt(web['latency_s'].get('p99'))} "
            f"| {'met' if web['slo']['met'] else 'broken'} | {web['slo']['seconds_in_violation']:.0f} "
            f"| {api['succeeded'] / api['offered']:.3%} | {fmt(api['latency_s'].get('p99'))} "
            f"| {'met' if api['slo']['met'] else 'broken'} | {services['auth']['retries']:,} "
            f"| {services['idp']['instances']['max']:.0f} | {services['inference']['instances']['max']:.0f} "
            f"| {fmt(ttft.get('p99'))} |")


def first(ts, values, predicate, after=-1.0):
    for t, v in zip(ts, values):
        if t > after and v is not None and predicate(v):
            return t
    return None


def chain_of_events(r):
    series = r["timeseries"]
    ts = series["t_s"]
    svc = series["services"]
    lines = []
    saturations = sorted((t, name) for name, s in svc.items()
                         if (t := first(ts, s["utilization"], lambda u: u >= SATURATED)) is not None)
    lines.append("Tiers in the order they saturated (utilization >= 95% in a 30 s interval):")
    for t, name in saturations:
        lines.append(f"- {t:.0f} s: {name}")
    gpu = svc["inference"]
    gpu_sat = first(ts, gpu["utilization"], lambda u: u >= SATURATED)
    if gpu_sat is not None:
        caught = next((t for t, q, n in zip(ts, gpu["queue_length"], gpu["instances"])
                       if t > gpu_sat and q is not None and q <= n), None)
        peak_q = max((q, t) for t, q in zip(ts, gpu["queue_length"]) if t < (caught or ts[-1] + 1))
        lines.append(f"GPU tier: saturated at {gpu_sat:.0f} s with "
                     f"{gpu['instances'][ts.index(gpu_sat)]:.0f} replicas; waiting sequences peaked at "
                     f"{peak_q[0]:,.0f} at {peak_q[1]:.0f} s; autoscaling caught up (at most one "
                     f"waiting sequence per replica) at {fmt(caught, 0)} s with "
                     f"{'-' if caught is None else format(gpu['instances'][ts.index(caught)], '.0f')} replicas.")
    ttft = [(v, t) for t, v in zip(ts, gpu["ttft_p99_s"]) if v is not None]
    inference = r["services"]["inference"]
    lines.append(f"Users waited for GPUs: time to first token mean {inference['inference']['ttft_s']['mean']:.2f} s, "
                 f"p99 {inference['inference']['ttft_s']['p99']:.1f} s over the run; the worst 30 s interval's "
                 f"p99 was {max(ttft)[0]:.1f} s at {max(ttft)[1]:.0f} s; {inference['rejected']:,} sequences were "
                 f"refused by max_queue; replicas ran from {inference['instances']['min']:.0f} to "
                 f"{inference['instances']['max']:.0f} ({inference['autoscale']['scale_ups']} scale-ups).")
    auth_rate = svc["auth"]["arrivals_per_s"]
    calm = sorted(v for t, v in zip(ts, auth_rate) if t < 600)[len([t for t in ts if t < 600]) // 2]
    peak = max((v, t) for t, v in zip(ts, auth_rate))
    per_request = r["workloads"]["web"]["per_request"]["auth"]
    lines.append(f"Retries: auth arrivals peaked at {peak[0]:,.0f}/s at {peak[1]:.0f} s ({peak[0] / calm:.0f}x the "
                 f"median before 600 s); gateway -> auth retries {r['services']['auth']['retries']:,}; per web "
                 f"request {per_request['visits']:.2f} auth visits, {per_request['retries']:.2f} of them retries; "
                 f"web amplification (attempts / offered) {r['workloads']['web']['amplification']:.2f}.")
    web = series["workloads"]["web"]
    dead = None
    for i in range(len(ts)):
        if all(g is not None and g == 0.0 for g in web["goodput_per_s"][i:]):
            dead = ts[i]
            break
    lines.append(f"Login path: idp saturated at {fmt(first(ts, svc['idp']['utilization'], lambda u: u >= SATURATED), 0)} s; "
                 f"web goodput is 0 from {fmt(dead, 0)} s to the end of the run "
                 f"({r['workloads']['web']['failed']['abandoned']:,} requests abandoned, "
                 f"{r['workloads']['web']['failed']['unauthenticated']:,} unauthenticated).")
    api = r["workloads"]["api"]
    lines.append(f"API: {api['succeeded'] / api['offered']:.3%} success, p99 {api['latency_s']['p99']:.1f} s, "
                 f"SLO {'met' if api['slo']['met'] else 'broken'}: its own gateway workers (bulkhead) and its "
                 f"own GPU replicas keep it out of the storm.")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--surge", default=str(ROOT / "build" / "sim" / "cli" / "surge"),
                        help="the surge binary (default: build/sim/cli/surge)")
    parser.add_argument("--check-readme", action="store_true",
                        help="compare the output with the README's block; exit 1 on a difference")
    args = parser.parse_args()
    if not pathlib.Path(args.surge).is_file():
        sys.exit(f"no surge binary at {args.surge}: build it (cmake --build build --target surge)"
                 " or pass --surge PATH")
    out = ["| variant | web success | web p99 s | web SLO | web s in violation | API success "
           "| API p99 s | API SLO | auth retries | idp instances max | GPU replicas max | GPU TTFT p99 s |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    walls = []
    with tempfile.TemporaryDirectory() as tmp:
        reports = []
        for i, (label, overrides) in enumerate(VARIANTS):
            report, wall = run(args.surge, overrides, pathlib.Path(tmp) / f"{i}.json")
            reports.append(report)
            out.append(variant_row(label, report))
            walls.append(f"{label}: {wall:.1f} s")
    out.append("")
    out.append("As shipped, the chain of events:")
    out += chain_of_events(reports[0])
    print("\n".join(out))
    print("\nwall time per run: " + "; ".join(walls))
    if args.check_readme:
        text = README.read_text()
        block = text[text.index(BEGIN) + len(BEGIN):text.index(END)].strip().strip("`").strip()
        if block != "\n".join(out).strip():
            print("README block differs from the output above: update it", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
