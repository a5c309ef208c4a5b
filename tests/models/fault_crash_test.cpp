// Crashes and the balancer's health check, on small cases computed by hand
// (docs/model.md, "Services and instances" and "Faults"; configs/README.md, "Faults"). Arrivals are
// deterministic (rate r: at 1/r, 2/r, ...) and work is deterministic, so every
// count below is exact.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/validation/queueing_harness.hpp"

namespace surge::validation {
namespace {

json crash(const std::string& service, double at_s, int instances, double duration_s = -1) {
  json f = {{"kind", "crash"}, {"service", service}, {"at_s", at_s}, {"instances", instances}};
  if (duration_s > 0) f["duration_s"] = duration_s;
  return f;
}

// One service "api" of `instances` single-worker instances without a waiting room,
// deterministic work, round robin; arrivals every second from t = 1.
json two_instances(double work_s, double health_check_s, double duration_s) {
  json api = station(1, deterministic(work_s), 0);
  api["instances"] = 2;
  api["health_check_s"] = health_check_s;
  json doc = scenario("faults", duration_s, 0.0, {{"api", api}}, "api.e", 1.0);
  doc["workloads"]["w"]["arrivals"] = "deterministic";
  return doc;
}

std::uint64_t failed(const json& report, const std::string& outcome) {
  return report.at("workloads").at("w").at("failed").at(outcome).get<std::uint64_t>();
}

TEST_CASE("models::faults: the balancer keeps routing to a crashed instance for health_check_s",
          "[models]") {
  // Instance 0 is down on [0.5, 20.5). Round robin sends t = 1, 3, 5 to it before
  // the balancer notices at 5.5: three errors at once. Then instance 1 alone takes
  // one arrival a second with 1.5 s of work and no waiting room, so every other
  // arrival (t = 7, 9, ..., 25) is rejected until the balancer sees instance 0
  // again at 25.5 — health_check_s after it came back, not at 20.5 (which would
  // give 7 rejections). From t = 26 the two alternate and nothing fails; t = 59
  // is still in service at the end (60 s).
  json doc = two_instances(1.5, 5.0, 60.0);
  doc["faults"] = json::array({crash("api", 0.5, 1, 20.0)});
  const json report = run_replication(doc, 0);
  CHECK(report.at("workloads").at("w").at("offered") == 59);
  CHECK(failed(report, "error") == 3);
  CHECK(failed(report, "rejected") == 10);
  CHECK(report.at("workloads").at("w").at("succeeded") == 45);
  CHECK(report.at("workloads").at("w").at("in_flight") == 1);
  const json& api = report.at("services").at("api");
  CHECK(api.at("arrivals") == 59);
  CHECK(api.at("failed") == 3);
  CHECK(api.at("rejected") == 10);
  CHECK(api.at("instances").at("min") == 1.0);
  CHECK(api.at("instances").at("mean").get<double>() == Approx((2 * 60.0 - 20.0) / 60.0));
}

TEST_CASE("models::faults: with health_check_s 0 the balancer avoids a crashed instance at once",
          "[models]") {
  // Instance 1 takes t = 1..20 alone (every even t rejected); at 20.5 both are
  // routable again and nothing more fails (t = 59 is still in service at 60).
  json doc = two_instances(1.5, 0.0, 60.0);
  doc["faults"] = json::array({crash("api", 0.5, 1, 20.0)});
  const json report = run_replication(doc, 0);
  CHECK(failed(report, "error") == 0);
  CHECK(failed(report, "rejected") == 10);
  CHECK(report.at("workloads").at("w").at("succeeded") == 48);
  CHECK(report.at("workloads").at("w").at("in_flight") == 1);
}

TEST_CASE("models::faults: least_outstanding sends everything to an unnoticed down instance",
          "[models]") {
  // The down instance holds nothing, so it always has the fewest outstanding: every
  // arrival before the balancer notices (t = 1..20, noticed at 20.5) fails, where
  // round robin loses only every other one.
  json doc = two_instances(0.1, 20.0, 30.0);
  doc["services"]["api"]["balancer"] = "least_outstanding";
  doc["faults"] = json::array({crash("api", 0.5, 1)});
  CHECK(failed(run_replication(doc, 0), "error") == 20);
  doc["services"]["api"]["balancer"] = "round_robin";
  CHECK(failed(run_replication(doc, 0), "error") == 10);
}

TEST_CASE("models::faults: a crash fails the visits in service and waiting, then every newcomer",
          "[models]") {
  // One worker, 10 s of work: at 5.5 the visit of t = 1 is in service and t = 2..5
  // wait. All five fail with error at 5.5; with no instance left, t = 6 and 7 fail
  // at once.
  json doc = scenario("crash", 8.0, 0.0, {{"api", station(1, deterministic(10.0))}}, "api.e", 1.0);
  doc["workloads"]["w"]["arrivals"] = "deterministic";
  doc["faults"] = json::array({crash("api", 5.5, 1)});
  const json report = run_replication(doc, 0);
  CHECK(report.at("workloads").at("w").at("offered") == 7);
  CHECK(failed(report, "error") == 7);
  CHECK(report.at("workloads").at("w").at("in_flight") == 0);
  const json& api = report.at("services").at("api");
  CHECK(api.at("failed") == 7);
  // Responses 4.5, 3.5, 2.5, 1.5, 0.5, 0, 0; waits 0 (in service), 3.5, 2.5, 1.5, 0.5, 0, 0.
  CHECK(api.at("response_s").at("mean").get<double>() == Approx(12.5 / 7));
  CHECK(api.at("wait_s").at("mean").get<double>() == Approx(8.0 / 7));
  CHECK(api.at("instances").at("min") == 0.0);
  CHECK(api.at("instances").at("mean").get<double>() == Approx(5.5 / 8.0));
  CHECK(api.at("busy_workers").at("mean").get<double>() == Approx(4.5 / 8.0));
}

TEST_CASE("models::faults: failures at an interval's end time belong to the next interval",
          "[models]") {
  // Intervals are [start, end). The crash at 5.5 fails five requests at 5.5: they
  // finish in [5.5, 6), and nothing finishes in [5, 5.5).
  json doc = scenario("crash", 8.0, 0.0, {{"api", station(1, deterministic(10.0))}}, "api.e", 1.0);
  doc["workloads"]["w"]["arrivals"] = "deterministic";
  doc["report"] = {{"interval_s", 0.5}};
  doc["faults"] = json::array({crash("api", 5.5, 1)});
  const json report = run_replication(doc, 0);
  const json& series = report.at("timeseries").at("workloads").at("w");
  CHECK(report.at("timeseries").at("t_s").at(11) == 5.5);
  CHECK(series.at("error_ratio").at(10).is_null());
  CHECK(series.at("error_ratio").at(11) == 1.0);
  CHECK(report.at("timeseries").at("services").at("api").at("instances").at(10) == 1.0);
  CHECK(report.at("timeseries").at("services").at("api").at("instances").at(11) == 0.0);
}

TEST_CASE("models::faults: a crashed caller's call goes on downstream, its answer is dropped",
          "[models]") {
  // One request at t = 10: front (no work) calls back (5 s). Front crashes at 12:
  // the request fails with error then, while back still finishes its work at 15.
  json front = station(1, deterministic(0.0));
  front["endpoints"]["e"]["calls"] = json::array({{{"to", "back.e"}}});
  json doc = scenario("cascade", 19.0, 0.0,
                      {{"front", front}, {"back", station(1, deterministic(5.0))}}, "front.e", 0.1);
  doc["workloads"]["w"]["arrivals"] = "deterministic";
  doc["faults"] = json::array({crash("front", 12.0, 1)});
  const json report = run_replication(doc, 0);
  CHECK(failed(report, "error") == 1);
  CHECK(report.at("workloads").at("w").at("succeeded") == 0);
  CHECK(report.at("services").at("front").at("failed") == 1);
  CHECK(report.at("services").at("front").at("response_s").at("mean").get<double>() == Approx(2.0));
  CHECK(report.at("services").at("back").at("completed") == 1);
  CHECK(report.at("services").at("back").at("response_s").at("mean").get<double>() == Approx(5.0));
}

TEST_CASE("models::faults: a processor-sharing instance comes back empty", "[models]") {
  // Work 0.5 s, one visit at a time. The crash at 3.25 fails t = 3's visit; t = 4
  // arrives after the recovery at 3.75 and must run alone (0.5 s), not share the
  // core with a remnant of the crashed visit.
  json api = station(1, deterministic(0.5));
  api["discipline"] = "ps";
  api["workers"] = "unlimited";
  json doc = scenario("ps-crash", 10.0, 0.0, {{"api", api}}, "api.e", 1.0);
  doc["workloads"]["w"]["arrivals"] = "deterministic";
  doc["faults"] = json::array({crash("api", 3.25, 1, 0.5)});
  const json report = run_replication(doc, 0);
  CHECK(failed(report, "error") == 1);
  CHECK(report.at("workloads").at("w").at("succeeded") == 8);
  CHECK(report.at("workloads").at("w").at("latency_s").at("mean").get<double>() ==
        Approx(0.5).epsilon(1e-9));
}

TEST_CASE("models::faults: overlapping crashes take the instances still up and return their own",
          "[models]") {
  // 3 instances. Crash A takes 0 and 1 on [10, 20); crash B at 15 asks for 2 but
  // only instance 2 is up, and returns it at 25. Up: 3, 1, 0, 2, 3 on the five
  // 5-s pieces of [10, 30) after 10 s at 3: 60 instance-seconds over 30 s.
  json api = station(1, deterministic(0.01));
  api["instances"] = 3;
  json doc = scenario("overlap", 30.0, 0.0, {{"api", api}}, "api.e", 1.0);
  doc["faults"] = json::array({crash("api", 10.0, 2, 10.0), crash("api", 15.0, 2, 10.0)});
  const json report = run_replication(doc, 0);
  const json& instances = report.at("services").at("api").at("instances");
  CHECK(instances.at("mean").get<double>() == Approx(2.0));
  CHECK(instances.at("min") == 0.0);
  CHECK(instances.at("max") == 3.0);
  // The time series (10 s intervals) shows the same levels interval by interval.
  const json& series = report.at("timeseries").at("services").at("api").at("instances");
  REQUIRE(series.size() == 3);
  CHECK(series[0].get<double>() == Approx(3.0));
  CHECK(series[1].get<double>() == Approx((1 * 5.0 + 0 * 5.0) / 10.0));
  CHECK(series[2].get<double>() == Approx((2 * 5.0 + 3 * 5.0) / 10.0));
}

}  // namespace
}  // namespace surge::validation
