#include "sim/sweep/planner.hpp"

#include <algorithm>
#include <cmath>

#include "models/analytic/screening.hpp"

namespace surge::sweep {
namespace {

using nlohmann::json;

std::uint32_t limit_of(const PlanTarget& t) {
  return t.quantity == PlanQuantity::kWorkers ? kMaxPlanWorkers : kMaxPlanInstances;
}

std::uint32_t& quantity_in(mesh::ModelGraph& graph, const PlanTarget& t) {
  mesh::ServiceSpec& s = graph.services[t.index];
  return t.quantity == PlanQuantity::kWorkers ? s.workers : s.instances;
}

// The smallest count n with u x current / n < 1, as a 64-bit value.
std::uint64_t below_one(double utilization, std::uint32_t current) {
  const double load = utilization * static_cast<double>(current);
  if (!(load < 4e9)) return std::uint64_t{kMaxPlanWorkers};
  return static_cast<std::uint64_t>(std::floor(load)) + 1;
}

json counts_json(const PlanSpec& spec, const Candidate& counts) {
  json out = json::object();
  for (std::size_t i = 0; i < spec.targets.size(); ++i) out[spec.targets[i].service] = counts[i];
  return out;
}

json evaluation_json(const PlanSpec& spec, const Evaluation& e, const CandidateEvaluator& ev,
                     bool with_replications) {
  json out = json::object();
  out["counts"] = counts_json(spec, e.counts);
  out["passes"] = ev.passes(e);
  out["slo_pass_ratio"] = e.invalid.empty() ? json(e.pass_ratio()) : json(nullptr);
  if (!e.invalid.empty()) out["invalid"] = e.invalid;
  if (with_replications) {
    json reps = json::array();
    for (const ReplicationOutcome& r : e.replications) {
      reps.push_back({{"met", r.met},
                      {"aborted", r.aborted},
                      {"violations", r.violations},
                      {"figures", r.figures}});
    }
    out["replications"] = std::move(reps);
  } else {
    json met = json::array();
    for (const ReplicationOutcome& r : e.replications) met.push_back(r.met);
    out["met"] = std::move(met);
  }
  return out;
}

}  // namespace

double target_cost(const PlanSpec& spec, std::size_t target, std::uint32_t count) {
  const PlanTarget& t = spec.targets[target];
  double units = static_cast<double>(count);
  if (t.quantity == PlanQuantity::kWorkers)
    units *= static_cast<double>(spec.base.graph.services[t.index].instances);
  return t.cost_weight * units;
}

Candidate analytic_start(const PlanSpec& spec, std::vector<std::uint32_t>& max) {
  mesh::ModelGraph graph = spec.base.graph;
  const std::size_t n = spec.targets.size();
  Candidate x(n);
  std::vector<std::uint32_t> ceiling(n);
  for (std::size_t i = 0; i < n; ++i) {
    const PlanTarget& t = spec.targets[i];
    ceiling[i] = t.max.value_or(limit_of(t));
    x[i] = std::min(t.min, ceiling[i]);
    quantity_in(graph, t) = x[i];
  }
  // Only raises, each bounded: ends within a bounded number of rounds; the cap
  // is a guard against a slow creep of fixed-point estimates.
  for (int round = 0; round < 200; ++round) {
    const analytic::Analysis a = analytic::analyze(graph);
    bool changed = false;
    for (std::size_t i = 0; i < n; ++i) {
      const analytic::ServiceFigures& s = a.services[spec.targets[i].index];
      if (!s.servers) continue;  // unlimited: never saturated
      std::uint64_t want = x[i];
      if (std::isfinite(s.holding_utilization) && s.holding_utilization >= 1.0) {
        want = below_one(s.holding_utilization, x[i]);
      } else if (!std::isfinite(s.holding_utilization) && s.work_utilization >= 1.0) {
        want = below_one(s.work_utilization, x[i]);  // a callee is saturated too
      }
      const auto next =
          static_cast<std::uint32_t>(std::min<std::uint64_t>(want, std::uint64_t{ceiling[i]}));
      if (next > x[i]) {
        x[i] = next;
        quantity_in(graph, spec.targets[i]) = next;
        changed = true;
      }
    }
    if (!changed) break;
  }
  max.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const PlanTarget& t = spec.targets[i];
    const std::uint64_t by_default =
        std::max<std::uint64_t>(kDefaultMaxFloor, std::uint64_t{kDefaultMaxFactor} * x[i]);
    max[i] = t.max.value_or(
        static_cast<std::uint32_t>(std::min<std::uint64_t>(by_default, limit_of(t))));
  }
  return x;
}

PlanOutcome run_plan(const PlanSpec& spec, CandidateEvaluator& evaluator) {
  PlanOutcome out;
  const std::size_t n = spec.targets.size();
  out.start = analytic_start(spec, out.max);
  const auto passes = [&](const Candidate& c) {
    return evaluator.passes(*evaluator.evaluate({c}).front());
  };
  Candidate x = out.start;
  while (!passes(x)) {
    if (x == out.max) {
      out.plan = x;
      out.at_plan = evaluator.evaluate({x}).front();
      return out;
    }
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t grown = std::max<std::uint64_t>(x[i] + std::uint64_t{1},
                                                          (std::uint64_t{x[i]} * 3 + 1) / 2);
      x[i] = static_cast<std::uint32_t>(std::min<std::uint64_t>(grown, out.max[i]));
    }
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t min = spec.targets[i].min;
      if (x[i] <= min) continue;
      Candidate y = x;
      y[i] = x[i] - 1;
      if (!passes(y)) continue;
      std::uint32_t lo = min, hi = x[i] - 1;  // hi passes
      while (lo < hi) {
        y[i] = lo + (hi - lo) / 2;
        if (passes(y)) {
          hi = y[i];
        } else {
          lo = y[i] + 1;
        }
      }
      x[i] = hi;
      changed = true;
    }
  }
  out.feasible = true;
  out.plan = x;
  std::vector<Candidate> evidence{x};
  for (std::size_t i = 0; i < n; ++i) {
    if (x[i] <= spec.targets[i].min) continue;
    evidence.push_back(x);
    evidence.back()[i] = x[i] - 1;
  }
  const std::vector<const Evaluation*> judged = evaluator.evaluate(evidence);
  out.at_plan = judged.front();
  out.one_fewer.assign(n, nullptr);
  for (std::size_t i = 0, k = 1; i < n; ++i)
    if (x[i] > spec.targets[i].min) out.one_fewer[i] = judged[k++];
  return out;
}

json plan_document(const PlanSpec& spec, const PlanOutcome& outcome,
                   const CandidateEvaluator& evaluator) {
  json plan = json::object();
  json one_fewer = json::object();
  double total = 0.0;
  for (std::size_t i = 0; i < spec.targets.size(); ++i) {
    const PlanTarget& t = spec.targets[i];
    const mesh::ServiceSpec& service = spec.base.graph.services[t.index];
    json entry = json::object();
    entry["quantity"] = quantity_name(t.quantity);
    if (t.quantity == PlanQuantity::kWorkers) {
      entry["instances"] = service.instances;
      entry["workers"] = outcome.plan[i];
    } else {
      entry["instances"] = outcome.plan[i];
    }
    entry["analytic_start"] = outcome.start[i];
    entry["bounds"] = json::array({t.min, outcome.max[i]});
    entry["cost_weight"] = t.cost_weight;
    const double cost = target_cost(spec, i, outcome.plan[i]);
    entry["cost"] = cost;
    total += cost;
    const Evaluation* fewer = i < outcome.one_fewer.size() ? outcome.one_fewer[i] : nullptr;
    entry["slo_pass_ratio_one_fewer"] =
        fewer != nullptr && fewer->invalid.empty() ? json(fewer->pass_ratio()) : json(nullptr);
    plan[t.service] = std::move(entry);
    one_fewer[t.service] =
        fewer != nullptr ? evaluation_json(spec, *fewer, evaluator, true) : json(nullptr);
  }
  json candidates = json::array();
  for (const Evaluation* e : evaluator.tried())
    candidates.push_back(evaluation_json(spec, *e, evaluator, false));
  json doc = json::object();
  doc["schema_version"] = 1;
  doc["scenario"] = {{"name", spec.base.graph.name},
                     {"sha256", spec.base.sha256},
                     {"seed", spec.base.graph.seed}};
  doc["settings"] = {{"replications", spec.replications}, {"pass_ratio", spec.pass_ratio}};
  doc["status"] = outcome.feasible ? "planned" : "infeasible";
  doc["plan"] = std::move(plan);
  doc["total_cost"] = total;
  doc["slo_pass_ratio"] = outcome.at_plan != nullptr && outcome.at_plan->invalid.empty()
                              ? json(outcome.at_plan->pass_ratio())
                              : json(nullptr);
  doc["evidence"] = {
      {"plan", outcome.at_plan != nullptr ? evaluation_json(spec, *outcome.at_plan, evaluator, true)
                                          : json(nullptr)},
      {"one_fewer", std::move(one_fewer)}};
  doc["candidates"] = std::move(candidates);
  return doc;
}

}  // namespace surge::sweep
