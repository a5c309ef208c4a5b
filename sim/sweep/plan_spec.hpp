// PlanSpec: what `surge plan` searches (docs/plan.md): which quantity of which
// services, within which bounds, at which cost, judged by how many replications.
//
// Built from the loaded scenario and the command's requests (service names,
// "SVC=MIN:MAX" bounds, "SVC=WEIGHT" costs), with every problem collected as a
// message that names the flag and the fix, before anything runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/scenario_loader.hpp"

namespace surge::sweep {

// Most replications per candidate, and the largest default upper bound.
inline constexpr std::uint64_t kMaxPlanReplications = 10'000;
inline constexpr std::uint32_t kMaxPlanInstances = 1'000'000;     // the scenario's own limit
inline constexpr std::uint32_t kMaxPlanWorkers = 4'294'967'294u;  // the scenario's own limit
// The default upper bound: max(kDefaultMaxFloor, kDefaultMaxFactor x the analytic start).
inline constexpr std::uint32_t kDefaultMaxFloor = 64;
inline constexpr std::uint32_t kDefaultMaxFactor = 4;

enum class PlanQuantity { kInstances, kWorkers };

struct PlanTarget {
  std::string service;
  std::size_t index = 0;  // in the graph's services
  PlanQuantity quantity = PlanQuantity::kInstances;
  std::uint32_t min = 1;
  std::optional<std::uint32_t> max;  // none: the default, set once the start is known
  double cost_weight = 1.0;          // per unit (an instance, or a worker of every instance)
};

struct PlanSpec {
  scenario::LoadedScenario base;  // after --set and --seed
  std::string base_dir;           // the scenario's referenced files resolve here
  // In search order: cost weight descending (the dearest is lowered first), then
  // the graph's order.
  std::vector<PlanTarget> targets;
  std::uint64_t replications = 5;
  double pass_ratio = 1.0;
};

// The command's requests as given.
struct PlanRequest {
  std::vector<std::string> services;         // empty: every eligible service
  std::vector<std::string> worker_services;  // plan these services' workers
  std::vector<std::string> bounds;           // "SVC=MIN:MAX", "SVC=MIN:", "SVC=:MAX"
  std::vector<std::string> costs;            // "SVC=WEIGHT"
  std::uint64_t replications = 5;
  double pass_ratio = 1.0;
};

struct PlanSpecLoad {
  std::optional<PlanSpec> spec;
  std::vector<std::string> problems;  // each a full sentence naming the flag
  std::vector<std::string> skipped;   // services left out by default, and why
};

[[nodiscard]] PlanSpecLoad make_plan_spec(scenario::LoadedScenario base, std::string base_dir,
                                          const PlanRequest& request);

[[nodiscard]] const char* quantity_name(PlanQuantity quantity);

}  // namespace surge::sweep
