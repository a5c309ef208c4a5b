// Retries under overload (docs/validation.md, "Retries and metastable failure").
//
// One FIFO service of c = 50 workers with exponential work of mean 0.1 s: capacity
// c mu = 500 requests/s. Clients time out after 1 s and retry at once, k = 3 attempts
// in all. Once the waiting room holds more than ~1 s of work, every attempt times
// out, yet its work is not cancelled: each user request then brings k attempts' work,
// lambda k / mu worker-seconds per second. That overloaded state sustains itself iff
// lambda k > c mu, i.e. above the threshold arrival rate
//   lambda* = c mu / k = 500 / 3 ~ 166.7 requests/s,
// and drains (at rate c mu - lambda k) below it. A 30-second surge to 150% of
// capacity puts the service in that state; what happens after depends on which side
// of lambda* the steady load lies. The figures are read from the report's time series.
#include <catch2/catch.hpp>
#include <cstddef>
#include <string>
#include <vector>

#include "tests/validation/queueing_harness.hpp"

namespace surge::validation {
namespace {

constexpr double kWorkers = 50.0;
constexpr double kMeanWork = 0.1;
constexpr double kCapacity = kWorkers / kMeanWork;  // 500/s
constexpr double kAttempts = 3.0;
constexpr double kThreshold = kCapacity / kAttempts;  // lambda*
constexpr double kSurgeStart = 60.0;
constexpr double kSurgeEnd = 90.0;
constexpr double kInterval = 10.0;

// Steady load `rate`, the surge to 150% of capacity, and the client's retry policy.
json storm(double rate, const json& retry, double duration_s) {
  json doc = scenario("retry-storm", duration_s, 0.0,
                      {{"s", station(static_cast<int>(kWorkers), exponential(kMeanWork))}}, "s.e",
                      rate);
  const double surge = 1.5 * kCapacity;
  doc["workloads"]["w"]["rate"] = {
      {"piecewise_linear",
       {{0.0, rate}, {kSurgeStart, rate}, {kSurgeStart + 1e-3, surge}, {kSurgeEnd, surge},
        {kSurgeEnd + 1e-3, rate}}}};
  doc["workloads"]["w"]["client"] = {{"timeout_s", 1.0}, {"retry", retry}};
  doc["report"] = {{"interval_s", kInterval}};
  return doc;
}

const json kRetryAtOnce = {{"max_attempts", 3}};

// Goodput / offered in each interval whose start lies in [from_s, to_s).
std::vector<double> goodput_ratios(const json& report, double from_s, double to_s) {
  const json& series = report.at("timeseries").at("workloads").at("w");
  const json& t = report.at("timeseries").at("t_s");
  std::vector<double> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const double start = t[i].get<double>();
    if (start < from_s || start >= to_s) continue;
    const double offered = series.at("offered_per_s")[i].get<double>();
    REQUIRE(offered > 0.0);
    out.push_back(series.at("goodput_per_s")[i].get<double>() / offered);
  }
  REQUIRE(!out.empty());
  return out;
}

void check_all_below(const std::vector<double>& ratios, double bound) {
  for (std::size_t i = 0; i < ratios.size(); ++i) {
    INFO("interval " << i << ": goodput / offered = " << ratios[i]);
    CHECK(ratios[i] < bound);
  }
}

void check_all_above(const std::vector<double>& ratios, double bound) {
  for (std::size_t i = 0; i < ratios.size(); ++i) {
    INFO("interval " << i << ": goodput / offered = " << ratios[i]);
    CHECK(ratios[i] > bound);
  }
}

}  // namespace

TEST_CASE("validation::retry storm: immediate retries keep an 80% loaded service down after "
          "the surge (metastable failure)",
          "[validation]") {
  const double rate = 0.8 * kCapacity;
  REQUIRE(rate > kThreshold);
  const json report = run_replication(storm(rate, kRetryAtOnce, kSurgeEnd + 660.0), 0);
  // Healthy before the surge: at 80% load an M/M/50 response almost never exceeds 1 s.
  check_all_above(goodput_ratios(report, 10.0, kSurgeStart), 0.95);
  // Down for at least ten minutes after the surge ended, with the demand back at 80%.
  check_all_below(goodput_ratios(report, kSurgeEnd + 10.0, kSurgeEnd + 600.0), 0.20);
  // Every attempt is made: amplification near k, well above what the offered load needs.
  CHECK(report.at("workloads").at("w").at("amplification").get<double>() > 2.5);
}

TEST_CASE("validation::retry storm: just above the threshold rate the overload sustains "
          "itself, well below it the service recovers",
          "[validation]") {
  SECTION("1.2 lambda*: lambda k exceeds capacity, the backlog never drains") {
    const json report = run_replication(storm(1.2 * kThreshold, kRetryAtOnce, 750.0), 0);
    check_all_above(goodput_ratios(report, 10.0, kSurgeStart), 0.95);
    check_all_below(goodput_ratios(report, kSurgeEnd + 10.0, kSurgeEnd + 600.0), 0.20);
  }
  SECTION("0.5 lambda*: the backlog drains at c mu - lambda k and goodput returns") {
    // Surge backlog ~ (1.5 c mu k E[S] - c) 30 s = 5,250 worker-seconds, drained at
    // (1 - 0.5) c = 25 workers: ~210 s; judged from 300 s after the surge on.
    const json report = run_replication(storm(0.5 * kThreshold, kRetryAtOnce, 750.0), 0);
    check_all_above(goodput_ratios(report, kSurgeEnd + 300.0, 750.0), 0.95);
  }
}

TEST_CASE("validation::retry storm: exponential backoff with full jitter and a 0.1 retry "
          "budget recover within five minutes of the surge",
          "[validation]") {
  const json cure = {{"max_attempts", 3}, {"backoff", "exponential"}, {"base_s", 0.5},
                     {"jitter", "full"}, {"budget_ratio", 0.1}};
  const json report = run_replication(storm(0.8 * kCapacity, cure, kSurgeEnd + 600.0), 0);
  check_all_above(goodput_ratios(report, kSurgeEnd + 300.0, kSurgeEnd + 600.0), 0.95);
  // The budget: retries <= 0.1 x successes, so attempts <= 1.1 x offered.
  CHECK(report.at("workloads").at("w").at("amplification").get<double>() <= 1.1);
}

TEST_CASE("validation::retry budget: amplification stays within 1 + ratio however the "
          "callee fails",
          "[validation]") {
  // One worker, no waiting room, four times its capacity: most attempts are rejected,
  // and at most 1/s succeed against 4/s offered. The budget admits a retry at t only
  // while retries in (t - W, t] stay <= ratio x successes there; cutting the run into
  // windows of length W, the retries of one lie within two windows' successes, so
  // retries <= 2 ratio successes over the run, and with successes <= offered / 4,
  // attempts / offered <= 1 + ratio / 2 <= 1 + ratio.
  json doc = scenario("budget", 2000.0, 0.0, {{"s", station(1, exponential(1.0), 0)}}, "s.e", 4.0);
  SECTION("without a budget, 100 immediate attempts multiply the load") {
    doc["workloads"]["w"]["client"] = {{"retry", {{"max_attempts", 100}}}};
    const json report = run_replication(doc, 0);
    CHECK(report.at("workloads").at("w").at("amplification").get<double>() > 2.0);
  }
  for (const double ratio : {0.1, 0.5}) {
    SECTION("budget_ratio " + std::to_string(ratio)) {
      doc["workloads"]["w"]["client"] = {
          {"retry", {{"max_attempts", 100}, {"budget_ratio", ratio}}}};
      const json report = run_replication(doc, 0);
      const json& w = report.at("workloads").at("w");
      const double retries = w.at("attempts").get<double>() - w.at("offered").get<double>();
      INFO("retries " << retries << ", successes " << w.at("succeeded"));
      CHECK(retries <= 2.0 * ratio * w.at("succeeded").get<double>());
      CHECK(w.at("succeeded").get<double>() <= 0.25 * w.at("offered").get<double>());
      CHECK(w.at("amplification").get<double>() <= 1.0 + ratio);
      CHECK(retries > 0.5 * ratio * w.at("succeeded").get<double>());  // the budget is used
    }
  }
}

}  // namespace surge::validation
