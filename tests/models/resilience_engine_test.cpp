// The engine's circuit breakers, rate limits and call retries on small cases computed
// by hand (docs/model.md, "Endpoints and calls" and "Services and instances";
// docs/resilience.md). Arrivals are deterministic (rate r: at 1/r, 2/r, ...) and work
// is deterministic, so every time and count below is exact, except where the
// breaker's window buckets (window_s / 100) make a time known to one bucket.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/validation/queueing_harness.hpp"

namespace surge::validation {
namespace {

std::uint64_t failed(const json& report, const std::string& outcome) {
  return report.at("workloads").at("w").at("failed").at(outcome).get<std::uint64_t>();
}

// A front with unlimited workers and no work calls back.e (2 instances, unlimited
// workers, 10 ms of work) with `call`'s options; 100 arrivals a second.
json front_and_back(const json& call, double duration_s) {
  json front = {{"instances", 1},
                {"workers", "unlimited"},
                {"endpoints", {{"e", {{"calls", json::array({call})}}}}}};
  json back = station(1, deterministic(0.01));
  back["workers"] = "unlimited";
  back["instances"] = 2;
  json doc = scenario("protection", duration_s, 0.0, {{"front", front}, {"back", back}},
                      "front.e", 100.0);
  doc["workloads"]["w"]["arrivals"] = "deterministic";
  return doc;
}

}  // namespace

TEST_CASE("models::circuit breaker: opens at the failure ratio, fails fast, probes half-open "
          "and closes after the dependency recovers",
          "[models]") {
  // Every back instance is down on [100, 132.5): calls fail at once with error.
  // Closed, the window (10 s) holds ~100 results a second; it opens when failures
  // reach half of the calls in it, i.e. when the errors since 100 equal the successes
  // still in the window: at 105, to one bucket (0.1 s). Open 5 s, then half-open: the
  // arrival at that very instant is the probe; it fails at once while back is down,
  // re-opening the breaker at the same instant. The first half-open after 132.5
  // (o1 + 30) lets a probe through, which succeeds 10 ms later and closes it.
  json doc = front_and_back({{"to", "back.e"},
                             {"circuit_breaker",
                              {{"failure_ratio", 0.5}, {"window_s", 10}, {"min_calls", 20},
                               {"open_s", 5}, {"half_open_probes", 1}}}},
                            150.0);
  doc["faults"] = json::array(
      {{{"kind", "crash"}, {"service", "back"}, {"at_s", 100}, {"instances", 2},
        {"duration_s", 32.5}}});
  const json report = run_replication(doc, 0);
  const json& breaker =
      report.at("services").at("front").at("endpoints").at("e").at("circuit_breakers").at(0);
  const json& history = breaker.at("history");
  REQUIRE(history.size() == 13);
  const double o1 = history[0][0].get<double>();
  CHECK(history[0][1] == "open");
  CHECK(o1 >= 104.9);
  CHECK(o1 <= 105.1);
  CHECK(std::abs(o1 * 100.0 - std::round(o1 * 100.0)) < 1e-6);  // at an arrival
  for (int k = 1; k <= 5; ++k) {
    INFO("cycle " << k);
    CHECK(history[2 * k - 1][0].get<double>() == Approx(o1 + 5.0 * k).margin(1e-9));
    CHECK(history[2 * k - 1][1] == "half_open");
    CHECK(history[2 * k][0].get<double>() == Approx(o1 + 5.0 * k).margin(1e-9));
    CHECK(history[2 * k][1] == "open");
  }
  CHECK(history[11][0].get<double>() == Approx(o1 + 30.0).margin(1e-9));
  CHECK(history[11][1] == "half_open");
  CHECK(history[12][0].get<double>() == Approx(o1 + 30.01).margin(1e-9));
  CHECK(history[12][1] == "closed");
  CHECK(breaker.at("opened") == 6);
  CHECK(breaker.at("state_changes") == 13);
  CHECK(breaker.at("open_s").get<double>() == Approx(30.0).margin(1e-9));
  CHECK(breaker.at("state") == "closed");
  // The series of open breakers integrates to the 30 s open, all between 100 and 140.
  const json& series = report.at("timeseries").at("services").at("front").at("breakers_open");
  double open_s = 0.0;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const double start = 10.0 * static_cast<double>(i);
    if (start < 100.0 || start >= 140.0) CHECK(series[i].get<double>() == 0.0);
    open_s += 10.0 * series[i].get<double>();
  }
  CHECK(open_s == Approx(30.0).margin(1e-9));
  CHECK(series[11].get<double>() == 1.0);
  CHECK(series[12].get<double>() == 1.0);
  // Fail fast: the 499 arrivals strictly inside each of the six open periods never
  // reach back; the one at the start of each period was the failing call or probe.
  CHECK(failed(report, "circuit_open") == 6 * 499);
  CHECK(report.at("services").at("front").at("endpoints").at("e").at("failed").at(
            "circuit_open") == 6 * 499);
  // Arrivals at 0.01, ..., 149.99: 14,999 calls, of which the open breaker stopped 2,994.
  CHECK(report.at("services").at("back").at("arrivals").get<std::uint64_t>() ==
        14'999 - 6 * 499);
}

TEST_CASE("models::rate limit: a token bucket admits exactly burst + rate x t under a flood",
          "[models]") {
  // 100 arrivals a second against 10 tokens a second and a burst of 5. The bucket is
  // full (and gains nothing) until the first arrival at 0.01; from then on every token
  // is taken as it falls due, so by the last arrival (t = 10.00) the bucket has
  // admitted floor(5 + 10 x (10.00 - 0.01)) = 104 of the 1,000 arrivals (the last at
  // 9.91, when the 104th token fell due).
  json doc = front_and_back({{"to", "back.e"}}, 10.005);
  doc["services"]["back"]["rate_limit"] = {{"rate_per_s", 10}, {"burst", 5}};
  SECTION("one bucket for the service") {
    const json report = run_replication(doc, 0);
    CHECK(report.at("workloads").at("w").at("offered") == 1000);
    CHECK(report.at("workloads").at("w").at("succeeded") == 104);
    CHECK(failed(report, "rate_limited") == 896);
    CHECK(report.at("services").at("back").at("endpoints").at("e").at("failed").at(
              "rate_limited") == 896);
  }
  SECTION("one bucket per workload") {
    doc["services"]["back"]["rate_limit"]["per_workload"] = true;
    doc["workloads"]["v"] = doc["workloads"]["w"];
    const json report = run_replication(doc, 0);
    for (const char* w : {"v", "w"}) {
      CHECK(report.at("workloads").at(w).at("failed").at("rate_limited") == 896);
    }
  }
  SECTION("shared by two workloads") {
    doc["workloads"]["v"] = doc["workloads"]["w"];
    const json report = run_replication(doc, 0);
    CHECK(report.at("workloads").at("v").at("failed").at("rate_limited").get<int>() +
              report.at("workloads").at("w").at("failed").at("rate_limited").get<int>() ==
          2000 - 104);
  }
}

TEST_CASE("models::call retry: the caller's worker stays held through the backoff and a "
          "retry is a visit of its own",
          "[models]") {
  // A front with one worker and no waiting room calls back, whose only instance is
  // down on [0.5, 1.25): a try then fails at once with error. Arrivals every second
  // from t = 1. The call may be tried 4 times with a constant 0.2 s backoff: the
  // arrival at 1 tries at 1 (down), 1.2 (down), 1.4 (up: 10 ms of work) and answers at
  // 1.41, its worker held throughout.
  json front = station(1, deterministic(0.0), 0);
  front["endpoints"]["e"]["calls"] = json::array(
      {{{"to", "back.e"},
        {"retry", {{"max_attempts", 4}, {"backoff", "constant"}, {"base_s", 0.2}}}}});
  json doc = scenario("call-retry", 3.5, 0.0, {{"front", front}, {"back", station(1, deterministic(0.01))}},
                      "front.e", 1.0);
  doc["workloads"]["w"]["arrivals"] = "deterministic";
  doc["faults"] = json::array({{{"kind", "crash"}, {"service", "back"}, {"at_s", 0.5},
                                {"instances", 1}, {"duration_s", 0.75}}});
  const json report = run_replication(doc, 0);
  const json& w = report.at("workloads").at("w");
  CHECK(w.at("offered") == 3);
  CHECK(w.at("succeeded") == 3);
  CHECK(w.at("attempts") == 3);  // call retries are not client attempts
  // Latencies: 0.41 (t = 1), 0.01 and 0.01 (t = 2, 3).
  CHECK(w.at("latency_s").at("mean").get<double>() == Approx((0.41 + 0.01 + 0.01) / 3.0));
  const json& back = report.at("services").at("back");
  CHECK(back.at("arrivals") == 5);
  CHECK(back.at("retries") == 2);
  CHECK(back.at("endpoints").at("e").at("failed").at("error") == 2);
  // Per offered request: 5 visits and 2 retries at back over 3 requests.
  const json& per_request = w.at("per_request").at("back");
  CHECK(per_request.at("visits").get<double>() == Approx(5.0 / 3.0));
  CHECK(per_request.at("retries").get<double>() == Approx(2.0 / 3.0));
  CHECK(w.at("per_request").at("front").at("visits").get<double>() == Approx(1.0));
  // The front's one worker was held for 0.41 s of the first request.
  CHECK(report.at("services").at("front").at("busy_workers").at("mean").get<double>() ==
        Approx((0.41 + 0.01 + 0.01) / 3.5));
}

}  // namespace surge::validation
