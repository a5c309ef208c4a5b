// The report's time series: intervals are [start, end) and stop where the run did.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "sim/scenario/run.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "tests/validation/queueing_harness.hpp"

namespace surge::validation {
namespace {

TEST_CASE("models::time_series: an aborted run's series ends where the run stopped", "[models]") {
  // Arrivals at 10, 20, ... with no work; the event limit of 1 stops the run after
  // the arrival at 10, before the one at 20. One-second intervals: [0, 1) .. [9, 10),
  // none past the simulated 10 s.
  json doc = scenario("abort", 100.0, 0.0, {{"api", station(1, deterministic(0.0))}}, "api.e", 0.1);
  doc["workloads"]["w"]["arrivals"] = "deterministic";
  doc["report"] = {{"interval_s", 1.0}};
  doc["limits"] = {{"max_events", 1}};
  const scenario::LoadResult loaded = scenario::load_scenario_text(doc.dump(), {});
  REQUIRE(loaded.scenario.has_value());
  const json report = scenario::run_to_report(*loaded.scenario);
  REQUIRE(report.at("run").at("status") == "aborted");
  CHECK(report.at("run").at("simulated_s") == 10.0);
  const json& t = report.at("timeseries").at("t_s");
  REQUIRE(t.size() == 10);
  CHECK(t.back() == 9.0);
  CHECK(report.at("timeseries").at("workloads").at("w").at("offered_per_s").size() == 10);
}

}  // namespace
}  // namespace surge::validation
