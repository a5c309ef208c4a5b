// Shared pieces of the scenario tests: a valid scenario that exercises most keys,
// and helpers that load a variant of it and look for a problem by its pointer.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "sim/scenario/scenario_loader.hpp"

namespace surge::scenario::testing {

// Sorted names give the graph's indices: services auth(0) db(1) gateway(2);
// endpoints auth: check(0) login(1), db: read(0) write(1), gateway: home(0);
// workloads admin(0) browse(1).
inline constexpr std::string_view kShopScenario = R"({
  "name": "shop",
  "seed": 7,
  "duration_s": 600,
  "warmup_s": 60,
  "report": {"interval_s": 5, "percentiles": [50, 99]},
  "limits": {"max_in_flight": 1000, "max_events": 5000000},
  "services": {
    "gateway": {"instances": 2, "workers": 8, "queue_capacity": 100,
                "balancer": "least_outstanding",
                "endpoints": {
                  "home": {"work": {"dist": "exponential", "mean_s": 0.001},
                           "calls": [{"to": "auth.check", "timeout_s": 1},
                                     {"to": "db.read", "count": 3, "parallel": true,
                                      "probability": 0.5}]}}},
    "auth": {"workers": "unlimited", "discipline": "ps", "cores": 2,
             "endpoints": {
               "check": {"work": {"dist": "lognormal", "mean_s": 0.004, "cv": 1.5}},
               "login": {"calls": [{"to": "db.write"}]}}},
    "db": {"instances": 3, "queue_capacity": 0, "discipline": "priority",
           "health_check_s": 2,
           "endpoints": {
             "read": {"work": {"dist": "uniform", "min_s": 0.001, "max_s": 0.002}},
             "write": {"work": {"dist": "empirical",
                                "quantiles_s": [[0, 0.001], [0.5, 0.002], [1, 0.01]]}}}}
  },
  "workloads": {
    "browse": {"entry": "gateway.home", "rate": {"constant": 50}, "priority": 0,
               "client": {"timeout_s": 5}},
    "admin": {"kind": "open", "entry": "auth.login", "rate": {"constant": 1},
              "arrivals": "deterministic"}
  },
  "slo": [{"workload": "browse", "p99_s": 0.5, "success_ratio": 0.99}]
})";

inline nlohmann::json shop_document() { return nlohmann::json::parse(kShopScenario); }

inline LoadResult load_text(std::string_view text, LoadOptions options = {}) {
  return load_scenario_text(text, options);
}

inline LoadResult load_document(const nlohmann::json& document, LoadOptions options = {}) {
  return load_scenario_text(document.dump(), options);
}

// All problems, one per line, for failure messages.
inline std::string render(const Problems& problems) {
  std::string out;
  for (const auto& p : problems.list()) out += p.where + ": " + p.reason + "\n";
  return out;
}

inline bool has_problem(const Problems& problems, std::string_view where,
                        std::string_view reason_part = {}) {
  for (const auto& p : problems.list()) {
    if (p.where == where && p.reason.find(reason_part) != std::string::npos) return true;
  }
  return false;
}

}  // namespace surge::scenario::testing
