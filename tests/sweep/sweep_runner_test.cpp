// run_sweep in process: what a point's entry says about SLOs and aborted runs.
#include "sim/sweep/sweep_runner.hpp"

#include <catch2/catch.hpp>

#include "sim/sweep/sweep_spec.hpp"

namespace {

nlohmann::json run(const std::string& text, unsigned threads = 1) {
  const auto load = surge::sweep::load_sweep_text(text, "");
  std::string problems;
  for (const auto& p : load.problems.list()) problems += p.where + ": " + p.reason + "\n";
  INFO(problems);
  REQUIRE(load.spec);
  surge::sweep::SweepOptions options;
  options.threads = threads;
  const auto outcome = surge::sweep::run_sweep(*load.spec, options);
  INFO(outcome.error);
  REQUIRE(outcome.results);
  return *outcome.results;
}

// The top-level object is left open: each test closes it.
const char* const kBase = R"({"name": "mm1", "seed": 3, "duration_s": 10,
  "limits": {"max_events": 100000000},
  "services": {"s": {"instances": 1, "workers": 1,
                     "endpoints": {"e": {"work": {"dist": "exponential", "mean_s": 0.01}}}}},
  "workloads": {"w": {"entry": "s.e", "rate": {"constant": 50}}})";

}  // namespace

TEST_CASE("sweep::runner: runs a limit stopped are counted, and no SLO gives a null ratio",
          "[sweep]") {
  const auto results = run(std::string(R"({"base": )") + kBase + R"(},
      "parameters": {"/limits/max_events": [300, 100000000]}, "replications": 3,
      "metrics": {"offered": "/workloads/w/offered"}})");
  const auto& points = results["points"];
  REQUIRE(points.size() == 2);
  CHECK(points[0]["aborted_replications"] == 3);
  CHECK(points[1]["aborted_replications"] == 0);
  CHECK(points[0]["slo_pass_ratio"].is_null());
  // Stopped early, the aborted runs offered fewer requests than the ~500 of 10 s at 50/s.
  CHECK(points[0]["metrics"]["offered"]["mean"].get<double>() <
        points[1]["metrics"]["offered"]["mean"].get<double>());
  CHECK(results["sweep"]["design"] == "grid");
  CHECK(results["sweep"]["parameters"] == nlohmann::json::array({"/limits/max_events"}));
}

TEST_CASE("sweep::runner: the SLO pass ratio counts replications meeting every SLO", "[sweep]") {
  // p99 of an M/M/1 sojourn (exponential, mean 1/(mu - lambda)) is ln(100)/(mu - lambda):
  // 0.077 s at lambda = 40, mu = 100. A bound of 1 s is met by every replication, one of
  // 1 ms by none.
  // kBase leaves the top-level object open for keys like this one.
  const std::string base = std::string(kBase) + R"(, "slo": [{"workload": "w", "p99_s": 1.0}]})";
  const auto results = run(std::string(R"({"base": )") + base + R"(,
      "parameters": {"/slo/0/p99_s": [1.0, 0.001]}, "replications": 4})",
                           2);
  CHECK(results["points"][0]["slo_pass_ratio"] == 1.0);
  CHECK(results["points"][1]["slo_pass_ratio"] == 0.0);
  CHECK(results["points"][0]["metrics"].empty());
}

TEST_CASE("sweep::runner: one replication gives a mean and no interval", "[sweep]") {
  const auto results = run(std::string(R"({"base": )") + kBase + R"(}, "parameters": {},
      "metrics": {"offered": "/workloads/w/offered"}})");
  const auto& offered = results["points"][0]["metrics"]["offered"];
  CHECK(offered["values"].size() == 1);
  CHECK(offered["mean"] == offered["values"][0]);
  CHECK(offered["ci95"].is_null());
}
