#!/usr/bin/env python3
"""Writes the seed corpora of the scenario and override fuzz targets from what the
repository already holds: every scenario in configs/, every inline scenario of
the test suites (a raw string R"(...)" that parses as a JSON object with
"services" or "workloads"), and every inline fragment of one (a rate curve, a
distribution, a fault) placed into a small scenario and into a --set argument.
Rewrites fuzz/corpus/scenario/ and fuzz/corpus/override/."""
import hashlib
import json
import pathlib
import re

root = pathlib.Path(__file__).resolve().parents[2]
out = root / "fuzz" / "corpus" / "scenario"
overrides = root / "fuzz" / "corpus" / "override"
for folder in (out, overrides):
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("seed-*"):
        old.unlink()
for old in out.glob("*.json"):
    old.unlink()

BASE = {
    "name": "seed", "duration_s": 30,
    "services": {"api": {"instances": 2, "workers": 4, "endpoints": {
        "get": {"work": {"dist": "exponential", "mean_s": 0.01}}}}},
    "workloads": {"web": {"entry": "api.get", "rate": {"constant": 50}}},
}


def placed(fragment):
    """A scenario holding `fragment` where it fits, and the --set that puts it there."""
    doc = json.loads(json.dumps(BASE))
    if "kind" in fragment and ("service" in fragment or "workload" in fragment):
        doc["faults"] = [fragment]
        return doc, "/faults=" + json.dumps([fragment])
    if "dist" in fragment:
        doc["services"]["api"]["endpoints"]["get"]["work"] = fragment
        return doc, "/services/api/endpoints/get/work=" + json.dumps(fragment)
    doc["workloads"]["web"]["rate"] = fragment
    return doc, "/workloads/web/rate=" + json.dumps(fragment)


seeds = {}
for config in sorted((root / "configs").glob("*.json")):
    seeds[config.stem] = config.read_text()
raw = re.compile(r'R"\((.*?)\)"', re.S)
for source in sorted((root / "tests").rglob("*.cpp")):
    for text in raw.findall(source.read_text()):
        try:
            doc = json.loads(text)
        except ValueError:
            continue
        if not isinstance(doc, dict):
            continue
        digest = hashlib.sha256(text.encode()).hexdigest()[:12]
        if "services" in doc or "workloads" in doc:
            seeds[f"{source.stem}-{digest}"] = text
        else:
            scenario, assignment = placed(doc)
            seeds[f"{source.stem}-{digest}"] = json.dumps(scenario, indent=1)
            (overrides / f"seed-{source.stem}-{digest}").write_text(assignment)
for name, text in sorted(seeds.items()):
    (out / f"{name}.json").write_text(text)
print(f"{len(seeds)} seeds in {out.relative_to(root)}")
