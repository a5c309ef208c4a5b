// The cost of a slow health check, against an exact expectation.
//
// Setup: 4 instances with unlimited workers and exponential work (mean m), the
// `random` balancer, Poisson arrivals at rate λ from t = 0. Instance 0 crashes at
// t0 = 100 s for good; the balancer notices H = health_check_s later.
//   - At t0 the crashed instance holds the visits routed to it and still in
//     service: an M/M/∞ queue at rate λ/4, stationary long before t0 (its
//     transient decays as e^(−t/m)), so their number is Poisson with mean λm/4.
//   - During [t0, t0 + H) each arrival picks instance 0 with probability 1/4 and
//     fails at once: mean λH/4.
//   - Before t0 and after t0 + H nothing fails.
// So E[errors] = λ(m + H)/4 per replication; the errors of independent
// replications are i.i.d., and their Student-t 99.9% interval must contain it.
// With H = 0 only the visits in service fail: λm/4.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/validation/replications.hpp"

namespace surge::replications {
namespace {

using nlohmann::json;

constexpr double kLambda = 40.0;
constexpr double kMeanWork = 2.0;
constexpr int kReplications = 160;

std::string crash_scenario(double health_check_s) {
  const json doc = {
      {"name", "health-check"},
      {"seed", 23},
      {"duration_s", 200.0},
      {"services",
       {{"api",
         {{"instances", 4},
          {"workers", "unlimited"},
          {"balancer", "random"},
          {"health_check_s", health_check_s},
          {"endpoints", {{"e", {{"work", {{"dist", "exponential"}, {"mean_s", kMeanWork}}}}}}}}}}},
      {"workloads",
       {{"w", {{"kind", "open"}, {"entry", "api.e"}, {"rate", {{"constant", kLambda}}}}}}},
      {"faults", json::array({{{"kind", "crash"}, {"service", "api"}, {"at_s", 100.0}}})}};
  return doc.dump();
}

TEST_CASE(
    "validation::faults: errors from a crash are the visits in service plus a lagging balancer's",
    "[validation]") {
  const double h = 10.0;
  const auto errors = collect(crash_scenario(h), kReplications, "/workloads/w/failed/error");
  check_contains("errors with health_check_s 10", errors, kLambda * (kMeanWork + h) / 4.0);
}

TEST_CASE("validation::faults: with an instant health check only the visits in service fail",
          "[validation]") {
  const auto errors = collect(crash_scenario(0.0), kReplications, "/workloads/w/failed/error");
  check_contains("errors with health_check_s 0", errors, kLambda * kMeanWork / 4.0);
}

}  // namespace
}  // namespace surge::replications
