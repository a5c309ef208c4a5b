// The flagship demand scenarios (configs/app-store-surge.json, configs/news-shock.json)
// run end to end (example-as-test), offer the demand their curves describe, and
// show the shapes the issue asks for: a viral climb to 20x the baseline within
// an hour; a shock on top of diurnal load.
#include <catch2/catch.hpp>
#include <string>

#include "models/demand/viral_curve.hpp"
#include "sim/scenario/run.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "tests/validation/demand_support.hpp"

namespace surge::demand {
namespace {

scenario::LoadedScenario load(const char* file) {
  auto result =
      scenario::load_scenario_file(std::string(SURGE_SOURCE_DIR) + "/configs/" + file, {});
  REQUIRE(result.problems.empty());
  return std::move(*result.scenario);
}

// Each workload with a rate curve offers Poisson(Lambda(0, duration)) requests
// (warmup_s is 0 in both scenarios, so every arrival is counted).
void check_offered(const scenario::LoadedScenario& s, const nlohmann::json& report) {
  REQUIRE(s.graph.warmup_s == 0.0);
  CHECK(report.at("run").at("status") == "completed");
  for (const auto& w : s.graph.workloads) {
    if (w.arrivals.kind != ArrivalSpec::Kind::kRate) continue;
    const double lambda = w.arrivals.rate->integral(0.0, s.graph.duration_s);
    const auto interval = testing::poisson_interval(lambda);
    const double offered = report.at("workloads").at(w.name).at("offered").get<double>();
    INFO(w.name << ": offered " << offered << ", Lambda " << lambda);
    CHECK(interval.contains(offered));
  }
}

TEST_CASE("demand::configs: app-store-surge climbs to 20x its baseline within an hour",
          "[validation]") {
  const auto s = load("app-store-surge.json");
  const auto& newcomers = s.graph.workloads.at(0);
  REQUIRE(newcomers.name == "newcomers");
  const auto& rate = *newcomers.arrivals.rate;
  // The baseline (long before the climb) is the constant 4/s; the climb starts
  // at 600 s and peaks at start + rise = 3000 s, inside the first hour (the fade
  // is faster than the end of the climb, so the mode is there).
  const double baseline = rate.rate(-1e6);
  const double peak = rate.upper_bound(0.0, s.graph.duration_s);
  CHECK(baseline == Approx(4.0).epsilon(1e-12));
  CHECK(rate.rate(600.0) - baseline < 0.01 * (peak - baseline));  // sigma(-5) = 0.7%
  CHECK(peak == Approx(rate.rate(3000.0)).epsilon(1e-12));
  CHECK(peak / baseline == Approx(20.0).epsilon(0.01));
  check_offered(s, scenario::run_to_report(s));
}

TEST_CASE("demand::configs: news-shock puts a shock on top of diurnal load", "[validation]") {
  const auto s = load("news-shock.json");
  const auto& readers = s.graph.workloads.at(1);
  REQUIRE(readers.name == "readers");
  const auto& rate = *readers.arrivals.rate;
  // Just before the shock the rate is the diurnal load; at 1800 s it jumps by 300/s.
  CHECK(rate.rate(1800.0) - rate.rate(1799.999) == Approx(300.0).epsilon(1e-3));
  check_offered(s, scenario::run_to_report(s));
}

}  // namespace
}  // namespace surge::demand
