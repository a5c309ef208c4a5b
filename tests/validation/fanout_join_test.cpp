// Fan-out and join against order statistics (docs/validation.md, "Calls"):
// an entry endpoint with no work of its own and unlimited workers calls a service
// with unlimited workers and exponential(mu) work. Nothing queues, so the entry's
// response is the time its calls take:
//   - a parallel group of k calls joins on the last answer: the maximum of k
//     i.i.d. exponentials, E = (1 + 1/2 + ... + 1/k)/mu;
//   - k sequential calls: the sum, E = k/mu;
//   - a maximal run of consecutive parallel calls is one group; a sequential call
//     between runs splits them (docs/model.md, "Endpoints and calls"; engine_calls.cpp, proceed()).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/validation/replications.hpp"

namespace surge::replications {
namespace {

using nlohmann::json;

constexpr double kMu = 1.0;
constexpr int kReplications = 10;

// E[max of k i.i.d. exponential(mu)] = H_k / mu.
double expected_max(int k) {
  double h = 0.0;
  for (int i = 1; i <= k; ++i) h += 1.0 / i;
  return h / kMu;
}

json call(int count, bool parallel) {
  return {{"to", "back.e"}, {"count", count}, {"parallel", parallel}};
}

std::string fan_out(const json& calls) {
  const json doc = {
      {"name", "fan-out"},
      {"seed", 17},
      {"duration_s", 10000.0},
      {"warmup_s", 100.0},
      {"services",
       {{"front",
         {{"instances", 1},
          {"workers", "unlimited"},
          {"endpoints",
           {{"e", {{"work", {{"dist", "deterministic"}, {"value_s", 0.0}}}, {"calls", calls}}}}}}},
        {"back",
         {{"instances", 1},
          {"workers", "unlimited"},
          {"endpoints", {{"e", {{"work", {{"dist", "exponential"}, {"mean_s", 1.0 / kMu}}}}}}}}}}},
      {"workloads",
       {{"w", {{"kind", "open"}, {"entry", "front.e"}, {"rate", {{"constant", 5.0}}}}}}}};
  return doc.dump();
}

const std::vector<std::string> kFigures = {
    "/services/front/response_s/mean", "/workloads/w/latency_s/mean",
    "/services/back/response_s/mean", "/services/front/arrivals", "/services/back/arrivals"};

void check_join(const std::string& what, const json& calls, double expected, int visits_per_call) {
  const auto figures = collect_each(fan_out(calls), kReplications, kFigures);
  check_contains(what + ": entry mean response", figures[0], expected);
  check_contains(what + ": workload mean latency", figures[1], expected);
  check_contains(what + ": callee mean response", figures[2], 1.0 / kMu);
  // The entry has no work, so every call leaves at its caller's arrival time and is
  // counted after the warmup exactly when its caller is: the counts are exact.
  if (visits_per_call > 0) {
    for (int r = 0; r < kReplications; ++r) {
      const auto i = static_cast<std::size_t>(r);
      CHECK(figures[4][i] == visits_per_call * figures[3][i]);
    }
  }
}

TEST_CASE("validation::fanout: a parallel call with count 3 joins on the slowest copy",
          "[validation]") {
  check_join("count 3, parallel", json::array({call(3, true)}), expected_max(3), 3);
}

TEST_CASE("validation::fanout: three consecutive parallel calls are one group", "[validation]") {
  check_join("3 parallel calls", json::array({call(1, true), call(1, true), call(1, true)}),
             expected_max(3), 3);
}

TEST_CASE("validation::fanout: sequential copies add up", "[validation]") {
  check_join("count 3, sequential", json::array({call(3, false)}), 3.0 / kMu, 0);
}

TEST_CASE("validation::fanout: a sequential call splits parallel runs into separate groups",
          "[validation]") {
  // {2 parallel} then 1 sequential then {1 + 1 parallel}: H_2 + 1 + H_2.
  check_join("mixed groups",
             json::array({call(2, true), call(1, false), call(1, true), call(1, true)}),
             expected_max(2) + 1.0 / kMu + expected_max(2), 0);
}

}  // namespace
}  // namespace surge::replications
