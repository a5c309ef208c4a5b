// The checker can fail: doctored reports, each broken in one way, are each caught
// with the message that names what broke.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "sim/scenario/run.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "tests/invariants/report_invariants.hpp"

namespace {

using nlohmann::json;
using surge::invariants::Violations;

// Arrivals stop at 10 s of 30: the run starts and ends empty, so Little's law applies.
constexpr const char* kScenario = R"({
  "duration_s": 30, "seed": 5,
  "report": {"interval_s": 5, "percentiles": [50, 90, 99]},
  "services": {
    "front": {"instances": 2, "workers": 4, "endpoints": {"get": {
      "work": {"dist": "exponential", "mean_s": 0.02},
      "calls": [{"to": "db.read", "count": 2, "parallel": true}]}}},
    "db": {"workers": 4, "queue_capacity": 3, "endpoints": {
      "read": {"work": {"dist": "lognormal", "mean_s": 0.01, "cv": 1.5}},
      "write": {"work": {"dist": "deterministic", "value_s": 0.005}}}}},
  "workloads": {"web": {"entry": "front.get",
                        "rate": {"piecewise_linear": [[10, 150], [10.001, 0]]}},
                "ops": {"entry": "db.write", "rate": {"piecewise_linear": [[10, 5], [10.001, 0]]}}}
})";

json sound_report() {
  auto loaded = surge::scenario::load_scenario_text(kScenario, {});
  REQUIRE(loaded.problems.empty());
  return surge::scenario::run_to_report(*loaded.scenario);
}

bool mentions(const Violations& violations, const std::string& part) {
  for (const auto& v : violations)
    if (v.find(part) != std::string::npos) return true;
  return false;
}

std::string all(const Violations& violations) {
  std::string out;
  for (const auto& v : violations) out += v + "\n";
  return out;
}

}  // namespace

TEST_CASE("invariants::checker: a sound report passes every check", "[invariants]") {
  const json report = sound_report();
  INFO(all(surge::invariants::check_report(report)) << all(surge::invariants::check_little(report)));
  CHECK(surge::invariants::check_report(report).empty());
  REQUIRE(surge::invariants::little_applies(report));
  CHECK(surge::invariants::check_little(report).empty());
  CHECK(surge::invariants::compare_reports(report, report, "same").empty());
  // The doctored cases below need these: traffic at both services, db rejected some.
  CHECK(report["services"]["db"]["arrivals"].get<int>() > 1000);
  CHECK(report["services"]["db"]["rejected"].get<int>() > 0);
}

TEST_CASE("invariants::checker: each doctored report is caught with its message", "[invariants]") {
  const json sound = sound_report();
  json r = sound;
  const auto caught = [&](const std::string& part) {
    const Violations v = surge::invariants::check_report(r);
    INFO("expected a message containing \"" << part << "\", got:\n" << all(v));
    CHECK(mentions(v, part));
    r = sound;
  };

  r["workloads"]["web"]["succeeded"] = r["workloads"]["web"]["succeeded"].get<int>() - 1;
  caught("/workloads/web: offered");
  r["workloads"]["web"]["failed"]["timeout"] = 3;
  caught("/workloads/web: offered");
  r["services"]["db"]["rejected"] = r["services"]["db"]["rejected"].get<int>() + 1;
  caught("/services/db: arrivals");
  r["services"]["db"]["in_flight"] = 1;
  caught("/services/db: arrivals");
  r["services"]["db"]["endpoints"]["read"]["arrivals"] =
      r["services"]["db"]["endpoints"]["read"]["arrivals"].get<int>() + 1;
  caught("/services/db: endpoints' arrivals");
  r["services"]["db"]["response_s"]["p90"] = r["services"]["db"]["response_s"]["p99"].get<double>() * 2;
  caught("/services/db/response_s: percentiles out of order: p90");
  r["workloads"]["web"]["latency_s"]["p50"] = 1e9;
  caught("/workloads/web/latency_s: percentiles out of order: p50");
  r["services"]["front"]["queue_length"]["mean"] = std::numeric_limits<double>::quiet_NaN();
  caught("/services/front/queue_length/mean: NaN");
  r["timeseries"]["workloads"]["web"]["offered_per_s"][0] = std::numeric_limits<double>::infinity();
  caught("/timeseries/workloads/web/offered_per_s/0: infinite");
  r["services"]["front"]["busy_workers"]["mean"] = -0.25;
  caught("/services/front/busy_workers/mean: negative");
  r["run"]["events"] = -3;
  caught("/run/events: negative");
  r["services"]["db"]["utilization"] = 1.5;
  caught("/services/db/utilization: 1.5 outside [0, 1]");
  r["services"]["front"]["work_utilization"] =
      r["services"]["front"]["utilization"].get<double>() * 1.01;
  caught("/services/front: work_utilization");
  r["timeseries"]["services"]["db"]["utilization"][1] = 1.2;
  caught("/timeseries/services/db/utilization/1: 1.2 > 1");
  r["timeseries"]["services"]["db"]["queue_length"].erase(0);
  caught("/timeseries/services/db/queue_length: ");
}

TEST_CASE("invariants::checker: Little's law catches a time average off by 1e-6", "[invariants]") {
  json r = sound_report();
  REQUIRE(surge::invariants::check_little(r).empty());
  r["services"]["db"]["in_system"]["mean"] = r["services"]["db"]["in_system"]["mean"].get<double>() * (1 + 1e-6);
  const Violations v = surge::invariants::check_little(r);
  INFO(all(v));
  CHECK(mentions(v, "/services/db: Little's law broken"));
  CHECK_FALSE(mentions(v, "/services/front"));
  r["services"]["db"]["in_flight"] = 1;
  CHECK_FALSE(surge::invariants::little_applies(r));
}

TEST_CASE("invariants::checker: a changed sha256 or figure between two runs is caught",
          "[invariants]") {
  const json a = sound_report();
  json b = a;
  b["run"]["wall_s"] = 123.0;  // host timings may differ
  b["run"]["events_per_s"] = 1.0;
  CHECK(surge::invariants::compare_reports(a, b, "reordered keys").empty());
  std::string sha = a["scenario"]["sha256"].get<std::string>();
  sha[0] = sha[0] == '0' ? '1' : '0';
  b["scenario"]["sha256"] = sha;
  const Violations v = surge::invariants::compare_reports(a, b, "reordered keys");
  INFO(all(v));
  REQUIRE(v.size() == 1);
  CHECK(mentions(v, "reordered keys: /scenario/sha256 differs"));
  b = a;
  b["timeseries"]["workloads"]["ops"]["offered_per_s"][0] = 0.5;
  b["services"]["db"].erase("wait_s");
  const Violations w = surge::invariants::compare_reports(a, b, "second run");
  CHECK(mentions(w, "second run: /timeseries/workloads/ops/offered_per_s/0 differs"));
  CHECK(mentions(w, "second run: /services/db/wait_s only in the first report"));
}
