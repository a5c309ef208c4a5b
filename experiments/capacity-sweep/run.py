#!/usr/bin/env python3
"""Runs the login-storm capacity sweep (configs/sweeps/login-storm-capacity.json) with
`surge sweep` and prints one Markdown table row per point: its parameters and the means of
what it measured, each with the half-width of its 95% confidence interval.

Usage: python3 experiments/capacity-sweep/run.py [--surge PATH] [-j N] [--out DIR]
                                                 [--results results.json]

--results formats a results file a previous run wrote instead of running the sweep.

The sweep reports each metric per replication ("values"), so the ratios below are
computed per replication and then summarized: mean and Student-t 95% interval over the
replications, the same summary `surge sweep` gives its own metrics. The script checks that
its interval of a raw metric matches the sweep's ci95 and says so on stderr when not.

Columns:
- users/s: the web users' arrival rate, the surge size (the flush at 60 s sends every
  user in their script back to login); in script at 60 s: the time-average of those users
  over [55 s, 60 s), i.e. how many the flush catches;
- idp, auth: instances; retry s: the mean of the users' exponential delay before trying a
  failed step again (client.on_failure.retry_after_s);
- web success: workloads.web succeeded / offered over the run (the flush's
  `unauthenticated` chats fail whatever the capacity, so this stays below 1);
- unauth.: workloads.web.failed.unauthenticated; abandoned: users.abandoned / users.arrived
  (users who gave up after 3 failed attempts in a row);
- logins rejected: services.gateway.endpoints.login failed.rejected / arrivals (attempts
  turned away by a full gateway waiting room);
- web p99: workloads.web.latency_s.p99 (a request's latency includes the users' waits
  before their retries);
- API success: workloads.api succeeded / offered; auth, idp util: services.*.utilization;
- SLO pass: the fraction of replications meeting every SLO of the scenario.
A second table gives paired changes of the abandoned share between neighbouring points
(replication r of both ran on the same random numbers), beside the half-width an unpaired
comparison of the two means would have.
Python standard library only."""
import argparse
import json
import math
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
SWEEP = ROOT / "configs" / "sweeps" / "login-storm-capacity.json"

AUTH = "/services/auth/instances"
IDP = "/services/idp/instances"
RETRY = "/workloads/web/client/on_failure/retry_after_s/mean_s"
RATE = "/workloads/web/users/rate/constant"

# Two-sided 95% Student-t quantiles t(0.975, df) for df = 1 ... 30.
T975 = [12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004,
        2.262157, 2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905,
        2.109816, 2.100922, 2.093024, 2.085963, 2.079614, 2.073873, 2.068658, 2.063899,
        2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272]


def t975(df):
    if df <= len(T975):
        return T975[df - 1]
    # Cornish-Fisher expansion around the normal quantile: within 1e-4 beyond df = 30.
    z = 1.959964
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


def summarize(values):
    """Mean and half-width of the 95% interval; (None, None) without values."""
    xs = [v for v in values if v is not None]
    if not xs:
        return None, None
    mean = sum(xs) / len(xs)
    if len(xs) < 2:
        return mean, None
    var = sum((x - mean) ** 2 for x in xs) / (len(xs) - 1)
    return mean, t975(len(xs) - 1) * math.sqrt(var / len(xs))


def ratio_values(point, num, den):
    a = point["metrics"][num]["values"]
    b = point["metrics"][den]["values"]
    return [x / y if x is not None and y else None for x, y in zip(a, b)]


def check_intervals(results):
    """Our interval of each raw metric against the sweep's own ci95: a cross-check of
    `surge sweep`, not of the model."""
    bad = 0
    for point in results["points"]:
        for name, m in point["metrics"].items():
            mean, half = summarize(m["values"])
            if m["ci95"] is None or half is None:
                continue
            lo, hi = m["ci95"]
            tol = 1e-3 * max(half, 1e-12) + 1e-9 * abs(mean)
            if abs((lo + hi) / 2 - m["mean"]) > tol or abs((hi - lo) / 2 - half) > tol \
                    or abs(m["mean"] - mean) > tol:
                bad += 1
                print(f"point {point['index']} {name}: sweep mean {m['mean']} ci95 {m['ci95']},"
                      f" recomputed {mean} ± {half}", file=sys.stderr)
    if bad:
        print(f"{bad} intervals disagree with the sweep's", file=sys.stderr)
    return bad


def fmt(pair, scale=1.0, digits=1):
    mean, half = pair
    if mean is None:
        return "n/a"
    shown = mean * scale
    if abs(shown) < 0.5 * 10 ** -digits:
        shown = 0.0  # no "-0.0"
    text = f"{shown:,.{digits}f}"
    return text if half is None else f"{text} ± {half * scale:,.{digits}f}"


def row(point):
    p = point["parameters"]
    m = point["metrics"]
    raw = lambda name: summarize(m[name]["values"])  # noqa: E731
    slo = point["slo_pass_ratio"]
    return [
        f"{p[RATE]}", fmt(raw("users_at_flush"), digits=0), f"{p[IDP]}", f"{p[AUTH]}",
        f"{p[RETRY]}",
        fmt(summarize(ratio_values(point, "web_succeeded", "web_offered")), 100, 2),
        fmt(raw("web_unauthenticated"), digits=0),
        fmt(summarize(ratio_values(point, "users_abandoned", "users_arrived")), 100, 1),
        fmt(summarize(ratio_values(point, "logins_rejected", "logins")), 100, 1),
        fmt(raw("web_p99"), digits=2),
        fmt(summarize(ratio_values(point, "api_succeeded", "api_offered")), 100, 3),
        fmt(raw("auth_util"), digits=2), fmt(raw("idp_util"), digits=2),
        "n/a" if slo is None else f"{slo:.2f}",
    ]


HEADER = ["users/s", "in script at 60 s", "idp", "auth", "retry s", "web success %", "unauth.",
          "abandoned % of users", "logins rejected %", "web p99 s", "API success %",
          "auth util", "idp util", "SLO pass"]


def table(results):
    points = sorted(results["points"], key=lambda q: (
        q["parameters"][RATE], q["parameters"][IDP], q["parameters"][AUTH],
        q["parameters"][RETRY]))
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(row(q)) + " |" for q in points]
    return "\n".join(lines)


def paired(a, b, num, den):
    """The change of num/den from point a to point b, per replication (the same random
    numbers in both), and for comparison the half-width an unpaired comparison would have."""
    ra, rb = ratio_values(a, num, den), ratio_values(b, num, den)
    mean, half = summarize([y - x for x, y in zip(ra, rb)])
    ha, hb = summarize(ra)[1], summarize(rb)[1]
    unpaired = None if ha is None or hb is None else math.hypot(ha, hb)
    return (mean, half), unpaired


def effects(results):
    """Paired changes of the share of users who abandoned, with auth at 2 instances: one
    more idp step at each retry delay, and a longer retry delay at each idp size."""
    at = {(q["parameters"][RATE], q["parameters"][IDP], q["parameters"][AUTH],
           q["parameters"][RETRY]): q for q in results["points"]}
    rates = sorted({k[0] for k in at})
    idps = sorted({k[1] for k in at})
    retries = sorted({k[3] for k in at})
    auth = 2 if any(k[2] == 2 for k in at) else sorted({k[2] for k in at})[0]
    header = ["users/s", "held fixed", "change", "Δ abandoned % of users (paired)",
              "unpaired ± would be"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]

    def line(rate, fixed, change, a, b):
        pair, unpaired = paired(a, b, "users_abandoned", "users_arrived")
        lines.append(f"| {rate} | {fixed} | {change} | {fmt(pair, 100, 1)} | "
                     + ("n/a" if unpaired is None else f"± {unpaired * 100:.1f}") + " |")

    for rate in rates:
        for retry in retries:
            for lo, hi in zip(idps, idps[1:]):
                line(rate, f"retry {retry} s", f"idp {lo} → {hi}",
                     at[(rate, lo, auth, retry)], at[(rate, hi, auth, retry)])
        for idp in idps:
            for lo, hi in zip(retries, retries[1:]):
                line(rate, f"idp {idp}", f"retry {lo} → {hi} s",
                     at[(rate, idp, auth, lo)], at[(rate, idp, auth, hi)])
    return f"Paired effects, auth = {auth}:\n\n" + "\n".join(lines)


def run_sweep(surge, jobs, out_dir):
    out = pathlib.Path(out_dir) / "results.json"
    cmd = [surge, "sweep", str(SWEEP), "-j", str(jobs), "-o", str(out), "-q"]
    start = time.monotonic()
    subprocess.run(cmd, check=True)
    wall = time.monotonic() - start
    return json.loads(out.read_text()), wall


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--surge", default=str(ROOT / "build" / "sim" / "cli" / "surge"))
    parser.add_argument("-j", type=int, default=2, help="points run at once (surge sweep -j)")
    parser.add_argument("--out", help="directory for results.json/.csv (default: a temporary one)")
    parser.add_argument("--results", help="format this results.json instead of running the sweep")
    args = parser.parse_args()

    if args.results:
        results, wall = json.loads(pathlib.Path(args.results).read_text()), None
    elif args.out:
        pathlib.Path(args.out).mkdir(parents=True, exist_ok=True)
        results, wall = run_sweep(args.surge, args.j, args.out)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            results, wall = run_sweep(args.surge, args.j, tmp)

    s = results["sweep"]
    print(f"{s['points']} points × {s['replications']} replications (common random numbers),"
          f" sweep sha256 {s['sha256'][:12]}"
          + ("" if wall is None else f"; wall time {wall:.0f} s with -j {args.j}") + "\n")
    print(table(results))
    print()
    print(effects(results))
    return 1 if check_intervals(results) else 0


if __name__ == "__main__":
    sys.exit(main())
