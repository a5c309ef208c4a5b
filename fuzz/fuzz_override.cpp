// Fuzz target: `--set POINTER=VALUE` arguments applied to a fixed valid scenario.
// The input is split at newlines into up to four assignments (a command line
// with several --set), each split by apply_override at its first '='.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/bounded_run.hpp"

namespace {

// Small but varied: two services with calls (one parallel), a fault, an SLO, two
// workloads, report and limits, so most pointers land on something.
constexpr std::string_view kScenario = R"({
  "name": "override-target", "seed": 7, "duration_s": 20, "warmup_s": 2,
  "report": {"interval_s": 5, "percentiles": [50, 99]},
  "limits": {"max_in_flight": 1000, "max_events": 100000},
  "services": {
    "gateway": {"instances": 2, "workers": 4, "balancer": "round_robin",
                "endpoints": {"login": {"work": {"dist": "exponential", "mean_s": 0.002},
                                        "calls": [{"to": "auth.check", "parallel": true},
                                                  {"to": "auth.check", "parallel": true, "count": 2}]}}},
    "auth": {"instances": 3, "workers": 2, "queue_capacity": 50, "health_check_s": 1,
             "endpoints": {"check": {"work": {"dist": "lognormal", "mean_s": 0.005, "cv": 1.5}}}}
  },
  "workloads": {
    "web": {"entry": "gateway.login", "rate": {"sum": [{"constant": 20}, {"shock": {"at_s": 5, "jump": 60, "decay": "exponential", "tau_s": 4}}]}},
    "bots": {"entry": "auth.check", "arrivals": "deterministic", "rate": {"constant": 10}}
  },
  "slo": [{"workload": "web", "p99_s": 0.5, "success_ratio": 0.99}],
  "faults": [{"kind": "crash", "service": "auth", "at_s": 8, "duration_s": 3, "instances": 1}]
})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  surge::scenario::LoadOptions options;
  std::size_t start = 0;
  while (start <= input.size() && options.overrides.size() < 4) {
    const std::size_t end = std::min(input.find('\n', start), input.size());
    options.overrides.emplace_back(input.substr(start, end - start));
    start = end + 1;
  }
  surge::scenario::LoadResult result = surge::scenario::load_scenario_text(kScenario, options);
  surge::fuzz::run_bounded(result);
  return 0;
}
