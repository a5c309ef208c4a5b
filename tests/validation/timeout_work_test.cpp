// Timeouts do not cancel work (docs/model.md, "Endpoints and calls"): a caller that
// stops waiting leaves the callee's visit running, so the callee is exactly as busy
// as without the timeout. With common random numbers the two runs see the same
// arrivals and the same work per visit, so the callee's figures are identical, not
// merely close; and both match M/M/1's utilization rho = lambda / mu.
#include <catch2/catch.hpp>
#include <string>

#include "tests/validation/queueing_harness.hpp"

namespace surge::validation {
namespace {

constexpr double kRate = 5.0;       // requests/s
constexpr double kMeanWork = 0.1;   // callee work, s: rho = 0.5
constexpr double kTimeout = 0.05;   // shorter than the mean work

// A front with unlimited workers and no work calls the callee "s.e".
json front_and_callee(const json& call) {
  json front = {{"instances", 1},
                {"workers", "unlimited"},
                {"endpoints", {{"e", {{"calls", json::array({call})}}}}}};
  return scenario("timeouts", 20'200.0, 200.0,
                  {{"front", front}, {"s", station(1, exponential(kMeanWork))}}, "front.e", kRate);
}

double callee(const json& report, const std::string& key) {
  return report.at("services").at("s").at(key).get<double>();
}

}  // namespace

TEST_CASE("validation::timeouts: a call timeout shorter than the work leaves the callee as "
          "busy as without it",
          "[validation]") {
  const json with_timeout = front_and_callee({{"to", "s.e"}, {"timeout_s", kTimeout}});
  const json without = front_and_callee({{"to", "s.e"}});
  std::vector<double> utilization;
  for (std::uint32_t r = 0; r < 10; ++r) {
    const json a = run_replication(with_timeout, r);
    const json b = run_replication(without, r);
    // Most calls time out, yet the callee did all the work.
    const double timed_out = a.at("workloads").at("w").at("failed").at("timeout").get<double>();
    CHECK(timed_out > 0.3 * a.at("workloads").at("w").at("offered").get<double>());
    CHECK(b.at("workloads").at("w").at("failed").at("timeout").get<double>() == 0.0);
    CHECK(callee(a, "work_utilization") == callee(b, "work_utilization"));
    CHECK(callee(a, "completed") == callee(b, "completed"));
    utilization.push_back(callee(a, "work_utilization"));
  }
  check_theory("callee utilization with the timeout", utilization, kRate * kMeanWork);
}

TEST_CASE("validation::timeouts: a client timeout shorter than the work leaves the service "
          "as busy as without it",
          "[validation]") {
  json with_timeout = scenario("client-timeouts", 20'200.0, 200.0,
                               {{"s", station(1, exponential(kMeanWork))}}, "s.e", kRate);
  const json without = with_timeout;
  with_timeout["workloads"]["w"]["client"] = {{"timeout_s", kTimeout}};
  for (std::uint32_t r = 0; r < 3; ++r) {
    const json a = run_replication(with_timeout, r);
    const json b = run_replication(without, r);
    CHECK(a.at("workloads").at("w").at("succeeded").get<double>() <
          0.7 * b.at("workloads").at("w").at("succeeded").get<double>());
    CHECK(callee(a, "work_utilization") == callee(b, "work_utilization"));
    CHECK(callee(a, "completed") == callee(b, "completed"));
  }
}

}  // namespace surge::validation
