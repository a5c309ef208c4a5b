#include "sim/sweep/plan_spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "sim/scenario/did_you_mean.hpp"

namespace surge::sweep {
namespace {

using mesh::ServiceKind;
using mesh::ServiceSpec;

// A whole number in [0, max] (digits only), or nullopt.
std::optional<std::uint64_t> whole(std::string_view text, std::uint64_t max) {
  if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) {
        return c >= '0' && c <= '9';
      })) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value > max) return std::nullopt;
  return value;
}

std::uint32_t limit_of(PlanQuantity quantity) {
  return quantity == PlanQuantity::kWorkers ? kMaxPlanWorkers : kMaxPlanInstances;
}

// Why `service`'s `quantity` cannot be planned, or "".
std::string why_not_plannable(const ServiceSpec& service, PlanQuantity quantity) {
  if (service.autoscale) {
    return "has autoscale, so its instances change during the run: leave it out of "
           "--services, or plan a copy of the scenario without autoscale";
  }
  if (quantity == PlanQuantity::kWorkers) {
    if (service.kind == ServiceKind::kGpuBatch) {
      return "is a gpu_batch tier: it has no workers (max_batch is per replica); plan its "
             "instances (replicas) instead";
    }
    if (service.discipline == mesh::Discipline::kPs) {
      return "uses the ps discipline, whose capacity is its cores, not its workers; plan its "
             "instances instead";
    }
    return "";
  }
  if (service.kind != ServiceKind::kGpuBatch && service.workers == mesh::kUnlimited) {
    return "has unlimited workers, so more instances change nothing; plan a service with "
           "a worker limit";
  }
  return "";
}

}  // namespace

const char* quantity_name(PlanQuantity quantity) {
  return quantity == PlanQuantity::kWorkers ? "workers" : "instances";
}

PlanSpecLoad make_plan_spec(scenario::LoadedScenario base, std::string base_dir,
                            const PlanRequest& request) {
  PlanSpecLoad out;
  const mesh::ModelGraph& graph = base.graph;
  std::vector<std::string> names;
  for (const ServiceSpec& s : graph.services) names.push_back(s.name);
  // A service name as given, or nullopt after reporting it.
  const auto find = [&](const std::string& name, const std::string& flag) {
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      out.problems.push_back(fmt::format("{} \"{}\": the scenario has no such service{}", flag,
                                         name, scenario::did_you_mean(name, names)));
      return std::optional<std::size_t>{};
    }
    return std::optional<std::size_t>{static_cast<std::size_t>(it - names.begin())};
  };

  if (graph.slo.empty()) {
    out.problems.push_back(
        "the scenario has no SLO, so no plan can be judged: add an \"slo\" entry (configs/README.md, "
        "\"SLOs\")");
  }
  if (request.replications < 1 || request.replications > kMaxPlanReplications) {
    out.problems.push_back(fmt::format("--replications {}: expected 1 to {}",
                                       request.replications, kMaxPlanReplications));
  }
  if (!(request.pass_ratio > 0.0 && request.pass_ratio <= 1.0)) {
    out.problems.push_back(
        fmt::format("--pass-ratio {}: expected a fraction in (0, 1]", request.pass_ratio));
  }

  // Which services, and which quantity of each (a std::map: graph order by index).
  std::map<std::size_t, PlanQuantity> chosen;
  for (const std::string& name : request.services)
    if (const auto i = find(name, "--services")) chosen[*i] = PlanQuantity::kInstances;
  for (const std::string& name : request.worker_services)
    if (const auto i = find(name, "--plan-workers")) chosen[*i] = PlanQuantity::kWorkers;
  const bool named = !request.services.empty();
  if (!named) {
    for (std::size_t i = 0; i < graph.services.size(); ++i) {
      if (chosen.count(i) > 0) continue;
      const std::string why = why_not_plannable(graph.services[i], PlanQuantity::kInstances);
      if (why.empty()) {
        chosen[i] = PlanQuantity::kInstances;
      } else {
        out.skipped.push_back(fmt::format("{} {}", graph.services[i].name, why));
      }
    }
  }
  std::vector<PlanTarget> targets;
  for (const auto& [i, quantity] : chosen) {
    const std::string why = why_not_plannable(graph.services[i], quantity);
    if (!why.empty()) {
      out.problems.push_back(fmt::format("service \"{}\" {}", graph.services[i].name, why));
      continue;
    }
    PlanTarget t;
    t.service = graph.services[i].name;
    t.index = i;
    t.quantity = quantity;
    targets.push_back(t);
  }
  if (targets.empty() && out.problems.empty()) {
    out.problems.push_back(
        "no service to plan: every service has autoscale or unlimited workers; name one with "
        "--services or --plan-workers");
  }
  const auto target_of = [&](const std::string& name, const std::string& flag) -> PlanTarget* {
    const auto i = find(name, flag);
    if (!i) return nullptr;
    for (PlanTarget& t : targets)
      if (t.index == *i) return &t;
    out.problems.push_back(fmt::format("{} \"{}\": the service is not planned (add it to "
                                       "--services)",
                                       flag, name));
    return nullptr;
  };

  std::map<std::string, int> seen_bounds, seen_costs;
  for (const std::string& text : request.bounds) {
    const auto eq = text.find('=');
    const auto colon = eq == std::string::npos ? std::string::npos : text.find(':', eq);
    if (eq == std::string::npos || colon == std::string::npos) {
      out.problems.push_back(fmt::format(
          "--bounds \"{}\": expected SERVICE=MIN:MAX (either side may be empty: auth=2:, auth=:64)",
          text));
      continue;
    }
    const std::string name = text.substr(0, eq);
    if (++seen_bounds[name] == 2)
      out.problems.push_back(fmt::format("--bounds: \"{}\" is given twice", name));
    PlanTarget* t = target_of(name, "--bounds");
    if (t == nullptr) continue;
    const std::string lo = text.substr(eq + 1, colon - eq - 1);
    const std::string hi = text.substr(colon + 1);
    const std::uint32_t limit = limit_of(t->quantity);
    const auto min = lo.empty() ? std::optional<std::uint64_t>(1) : whole(lo, limit);
    const auto max = hi.empty() ? std::optional<std::uint64_t>() : whole(hi, limit);
    if (!min || *min < 1 || (!hi.empty() && !max)) {
      out.problems.push_back(fmt::format("--bounds \"{}\": MIN and MAX must be whole numbers from "
                                         "1 to {} ({})",
                                         text, limit, quantity_name(t->quantity)));
      continue;
    }
    if (max && *max < *min) {
      out.problems.push_back(fmt::format("--bounds \"{}\": MAX is below MIN", text));
      continue;
    }
    t->min = static_cast<std::uint32_t>(*min);
    if (max) t->max = static_cast<std::uint32_t>(*max);
  }
  for (const std::string& text : request.costs) {
    const auto eq = text.find('=');
    if (eq == std::string::npos) {
      out.problems.push_back(
          fmt::format("--cost \"{}\": expected SERVICE=WEIGHT (a cost per unit, e.g. auth=2.5)", text));
      continue;
    }
    const std::string name = text.substr(0, eq);
    if (++seen_costs[name] == 2)
      out.problems.push_back(fmt::format("--cost: \"{}\" is given twice", name));
    PlanTarget* t = target_of(name, "--cost");
    if (t == nullptr) continue;
    const std::string value = text.substr(eq + 1);
    double weight = 0.0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), weight);
    if (value.empty() || ec != std::errc() || end != value.data() + value.size() ||
        !std::isfinite(weight) || !(weight > 0.0)) {
      out.problems.push_back(
          fmt::format("--cost \"{}\": WEIGHT must be a positive finite number", text));
      continue;
    }
    t->cost_weight = weight;
  }
  if (!out.problems.empty()) return out;
  // The dearest first; std::stable_sort keeps the graph's order among equals.
  std::stable_sort(targets.begin(), targets.end(), [](const PlanTarget& a, const PlanTarget& b) {
    return a.cost_weight > b.cost_weight;
  });
  PlanSpec spec;
  spec.base = std::move(base);
  spec.base_dir = std::move(base_dir);
  spec.targets = std::move(targets);
  spec.replications = request.replications;
  spec.pass_ratio = request.pass_ratio;
  out.spec = std::move(spec);
  return out;
}

}  // namespace surge::sweep
