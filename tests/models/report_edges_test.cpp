// Edges of the report: SLOs when nothing succeeds, and a run that stops before its
// warmup ends. Small deterministic cases, every figure by hand.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "models/mesh/slo.hpp"
#include "tests/validation/queueing_harness.hpp"

namespace surge::validation {
namespace {

TEST_CASE("models::slo: a latency target with no successful request is not met", "[models]") {
  json doc = scenario("slo", 10.0, 0.0, {{"api", station(1, deterministic(0.5), 0)}}, "api.e", 1.0);
  doc["workloads"]["w"]["arrivals"] = "deterministic";
  // A client timeout shorter than the work: every request times out.
  doc["workloads"]["w"]["client"] = {{"timeout_s", 0.25}};
  doc["slo"] = json::array({{{"workload", "w"}, {"p99_s", 1.0}}});
  const json report = run_replication(doc, 0);
  const json& w = report.at("workloads").at("w");
  REQUIRE(w.at("succeeded") == 0);
  REQUIRE(w.at("failed").at("timeout") == 9);
  CHECK(w.at("slo").at("met") == false);
  CHECK(w.at("slo").at("violations") == json::array({"p99_s: no successful request"}));
  // Every interval in which a request finished broke the target: with 10 s intervals
  // over a 10 s run, the one interval.
  CHECK(w.at("slo").at("seconds_in_violation").get<double>() == 10.0);
}

TEST_CASE("models::slo: violations name each broken target with its value", "[models]") {
  mesh::SloSpec slo;
  slo.p50_s = 0.1;
  slo.success_ratio = 0.9;
  mesh::LatencyRecord latency;
  latency.add(0.5);
  latency.add(0.5);
  const auto v = mesh::slo_violations(slo, 2, 4, latency);
  REQUIRE(v.size() == 2);
  CHECK(v[0] == "success_ratio: 0.5 < 0.9");
  CHECK(v[1].rfind("p50_s: 0.5", 0) == 0);
  CHECK(mesh::slo_violations(slo, 0, 0, latency).empty());  // nothing asked: nothing broken
}

TEST_CASE("models::report: a run that stops before its warmup ends has no time averages",
          "[models]") {
  json doc = scenario("early", 100.0, 50.0, {{"api", station(1, deterministic(0.5))}}, "api.e", 1.0);
  doc["workloads"]["w"]["arrivals"] = "deterministic";
  doc["limits"] = {{"max_events", 20}};  // stops near t = 10, long before the warmup ends
  const auto loaded = scenario::load_scenario_text(doc.dump(), {});
  REQUIRE(loaded.problems.empty());
  const json report = scenario::run_to_report(*loaded.scenario);
  REQUIRE(report.at("run").at("status") == "aborted");
  const json& api = report.at("services").at("api");
  CHECK(api.at("utilization").is_null());
  CHECK(api.at("work_utilization").is_null());
  CHECK(api.at("instances").at("mean").is_null());
  CHECK(api.at("busy_workers").at("mean").is_null());
  CHECK(api.at("arrivals") == 0);  // none arrived after the warmup
}

}  // namespace
}  // namespace surge::validation
