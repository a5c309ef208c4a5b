// Slow, error, partition and random-crash faults on small cases computed by hand
// or against theory (docs/model.md, "Faults"; configs/README.md, "Faults").
// Arrivals and work are deterministic wherever a count is checked exactly.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "models/faults/random_crash.hpp"
#include "models/mesh/random_keys.hpp"
#include "sim/kernel/time.hpp"
#include "tests/validation/queueing_harness.hpp"

namespace surge::validation {
namespace {

const json& workload(const json& report, const std::string& name = "w") {
  return report.at("workloads").at(name);
}

std::uint64_t count(const json& report, const std::string& outcome,
                    const std::string& name = "w") {
  const json& failed = workload(report, name).at("failed");
  return failed.contains(outcome) ? failed.at(outcome).get<std::uint64_t>() : 0;
}

// offered = succeeded + Σ failed + in_flight, for every workload.
void check_conservation(const json& report) {
  for (const auto& item : report.at("workloads").items()) {
    const json& w = item.value();
    std::uint64_t failed = 0;
    for (const auto& f : w.at("failed").items()) failed += f.value().get<std::uint64_t>();
    INFO(item.key());
    CHECK(w.at("offered").get<std::uint64_t>() ==
          w.at("succeeded").get<std::uint64_t>() + failed + w.at("in_flight").get<std::uint64_t>());
  }
}

// "api" (deterministic work `api_s`, unlimited workers) calls "db" (deterministic
// `db_s`); arrivals at t = 1, 2, ... into api.e.
json api_and_db(double api_s, double db_s, double duration_s) {
  json api = station(1, deterministic(api_s));
  api["workers"] = "unlimited";
  api["endpoints"]["e"]["calls"] = json::array({{{"to", "db.e"}}});
  json db = station(1, deterministic(db_s));
  db["workers"] = "unlimited";
  json doc = scenario("faults", duration_s, 0.0, {{"api", api}, {"db", db}}, "api.e", 1.0);
  doc["workloads"]["w"]["arrivals"] = "deterministic";
  return doc;
}

double response_mean(const json& report, const std::string& service) {
  return report.at("services").at(service).at("response_s").at("mean").get<double>();
}

TEST_CASE("models::faults: a slow fault multiplies the work of visits that start inside it",
          "[models]") {
  // api work 1 s, db 0.5 s. Visits starting in [10.5, 20.5) (t = 11..20) work 3 s
  // at api; the second fault (factor 2 on [15.5, 17.5)) multiplies t = 16, 17 to
  // 6 s. db is not slowed (its visit for t = 11 starts at 14, inside the window).
  // t = 1..28 finish by 29.5 < 30; t = 29 is still working at the end.
  json doc = api_and_db(1.0, 0.5, 30.0);
  doc["faults"] = json::parse(R"([
    {"kind": "slow", "service": "api", "at_s": 10.5, "duration_s": 10, "factor": 3},
    {"kind": "slow", "service": "api", "at_s": 15.5, "duration_s": 2, "factor": 2}])");
  const json report = run_replication(doc, 0);
  CHECK(workload(report).at("succeeded") == 28);
  CHECK(workload(report).at("in_flight") == 1);
  // Responses at api: 8 × 3.5 + 2 × 6.5 + 18 × 1.5 = 68 over 28 departures.
  CHECK(response_mean(report, "api") == Approx(68.0 / 28));
  CHECK(response_mean(report, "db") == Approx(0.5));
  check_conservation(report);

  SECTION("without a service it slows every service") {
    doc["faults"] = json::parse(
        R"([{"kind": "slow", "at_s": 10.5, "duration_s": 10, "factor": 3}])");
    const json all = run_replication(doc, 0);
    // api: t = 11..20 work 3 s. db visits start at t + 1 (t + 3 inside) and are
    // slowed when that is in the window: t = 10 (db at 11) and t = 11..17 (db at
    // 14..20); t = 18..20 reach db at 21..23, after it. api responses: t = 10:
    // 1 + 1.5; t = 11..17: 3 + 1.5; t = 18..20: 3 + 0.5; the 17 others 1 + 0.5.
    CHECK(response_mean(all, "api") == Approx((2.5 + 7 * 4.5 + 3 * 3.5 + 17 * 1.5) / 28));
    CHECK(response_mean(all, "db") == Approx((8 * 1.5 + 20 * 0.5) / 28));
    check_conservation(all);
  }
}

TEST_CASE("models::faults: an error fault fails visits whose work ends inside it", "[models]") {
  // Probability 1 on [10.005, 20.005): work of 0.01 s ends at t + 0.01, inside
  // for t = 10..19 — exactly ten errors, counted after their work.
  json doc = scenario("error", 30.0, 0.0, {{"api", station(1, deterministic(0.01))}}, "api.e", 1.0);
  doc["workloads"]["w"]["arrivals"] = "deterministic";
  const json clean = run_replication(doc, 0);
  doc["faults"] = json::parse(
      R"([{"kind": "error", "service": "api", "at_s": 10.005, "duration_s": 10, "probability": 1}])");
  const json report = run_replication(doc, 0);
  CHECK(workload(report).at("offered") == 29);
  CHECK(count(report, "error") == 10);
  CHECK(workload(report).at("succeeded") == 19);
  CHECK(report.at("services").at("api").at("failed") == 10);
  // The failed visits spent their work: the busy time is the clean run's.
  CHECK(report.at("services").at("api").at("work_utilization").get<double>() ==
        clean.at("services").at("api").at("work_utilization").get<double>());
  CHECK(response_mean(report, "api") == Approx(0.01));
  check_conservation(report);
}

TEST_CASE("models::faults: the failed fraction of an error fault is its probability",
          "[models]") {
  // 100 arrivals a second for 1000 s: about 10^5 visits, each failing with 0.3.
  // The failed fraction must lie in the 99.9% binomial interval, p ± 3.29·√(p(1−p)/n).
  json doc = scenario("error", 1000.0, 0.0, {{"api", station(4, deterministic(0.001))}}, "api.e",
                      100.0);
  doc["workloads"]["w"]["arrivals"] = "deterministic";
  doc["faults"] = json::parse(R"([{"kind": "error", "at_s": 0, "probability": 0.3}])");
  const json report = run_replication(doc, 0);
  const auto n = workload(report).at("offered").get<double>();
  REQUIRE(n > 99000);
  const double p = 0.3;
  const double fraction = static_cast<double>(count(report, "error")) / n;
  CHECK(std::abs(fraction - p) <= 3.29 * std::sqrt(p * (1 - p) / n));
  check_conservation(report);

  // Common random numbers: a second error fault later in the list draws its own
  // numbers and leaves the first one's failures in place (only adds to them).
  doc["faults"].push_back({{"kind", "error"}, {"at_s", 0}, {"probability", 0.0}});
  CHECK(count(run_replication(doc, 0), "error") == count(report, "error"));
}

// Workload "w" into gw.e and "v" into adm.e; both call db.e at once (no work of
// their own); db works 0.1 s. Arrivals at t = 1, 2, ..., 29 in a 30 s run.
json two_callers() {
  json caller = station(1, deterministic(0.0));
  caller["workers"] = "unlimited";
  caller["endpoints"]["e"]["calls"] = json::array({{{"to", "db.e"}}});
  json db = station(1, deterministic(0.1));
  db["workers"] = "unlimited";
  json doc = scenario("partition", 30.0, 0.0, {{"gw", caller}, {"adm", caller}, {"db", db}},
                      "gw.e", 1.0);
  doc["workloads"]["w"]["arrivals"] = "deterministic";
  doc["workloads"]["v"] = doc["workloads"]["w"];
  doc["workloads"]["v"]["entry"] = "adm.e";
  return doc;
}

TEST_CASE("models::faults: a partition fails the calls from one service to another inside it",
          "[models]") {
  // gw's calls at t = 11..20 fall in [10.5, 20.5): they fail at once with error
  // and never reach db; adm's calls to db go through.
  json doc = two_callers();
  doc["faults"] = json::parse(
      R"([{"kind": "partition", "from": "gw", "to": "db", "at_s": 10.5, "duration_s": 10}])");
  const json report = run_replication(doc, 0);
  CHECK(count(report, "error", "w") == 10);
  CHECK(workload(report, "w").at("succeeded") == 19);
  CHECK(workload(report, "v").at("succeeded") == 29);
  CHECK(count(report, "error", "v") == 0);
  CHECK(report.at("services").at("db").at("arrivals") == 19 + 29);
  CHECK(report.at("services").at("db").at("failed") == 0);
  CHECK(report.at("services").at("gw").at("failed") == 10);
  check_conservation(report);

  SECTION("the reverse direction cuts nothing unless bidirectional") {
    doc["faults"] = json::parse(
        R"([{"kind": "partition", "from": "db", "to": "gw", "at_s": 10.5, "duration_s": 10}])");
    CHECK(count(run_replication(doc, 0), "error", "w") == 0);
    doc["faults"][0]["bidirectional"] = true;
    const json both = run_replication(doc, 0);
    CHECK(count(both, "error", "w") == 10);
    CHECK(workload(both, "v").at("succeeded") == 29);
    check_conservation(both);
  }
}

// "api": `instances` single-worker instances, a trickle of arrivals, random
// crashes with the given mtbf_s and mttr_s.
json random_crashes(int instances, double mtbf_s, double mttr_s, double duration_s) {
  json api = station(1, deterministic(0.001));
  api["instances"] = instances;
  json doc = scenario("random", duration_s, 0.0, {{"api", api}}, "api.e", 0.01);
  doc["faults"] = json::array(
      {{{"kind", "crash"}, {"service", "api"}, {"mtbf_s", mtbf_s}, {"mttr_s", mttr_s}}});
  return doc;
}

double mean_instances(const json& report, const std::string& service = "api") {
  return report.at("services").at(service).at("instances").at("mean").get<double>();
}

TEST_CASE("models::faults: random crashes keep an instance down mttr/(mtbf+mttr) of the time",
          "[models]") {
  // 50 instances, mtbf 90 s, mttr 10 s, 10^5 s: about N = 50,000 up/down cycles.
  // Renewal-reward CLT for the down fraction p = 0.1 over cycles C = U + D:
  // Var(p̂) ≈ Var(D − pC) / (N·E[C]²) = ((1−p)²·mttr² + p²·mtbf²) / (N·E[C]²).
  const int n = 50;
  const double mtbf = 90, mttr = 10, duration = 1e5;
  const json report = run_replication(random_crashes(n, mtbf, mttr, duration), 0);
  const double p = mttr / (mtbf + mttr);
  const double cycles = n * duration / (mtbf + mttr);
  const double sd = std::sqrt(((1 - p) * (1 - p) * mttr * mttr + p * p * mtbf * mtbf) /
                              (cycles * (mtbf + mttr) * (mtbf + mttr)));
  const double down = 1.0 - mean_instances(report) / n;
  CHECK(std::abs(down - p) <= 3.29 * sd);
  check_conservation(report);
}

TEST_CASE("models::faults: random crash times follow their own keys, whatever else is added",
          "[models]") {
  // The down time of each instance, replayed by hand from the documented keys
  // (seed, replication, service name, instance, cycle), rounded to nanoseconds as
  // the engine's clock is, and clipped at the end of the run.
  const int n = 3;
  const double duration = 5000;
  json doc = random_crashes(n, 400, 50, duration);
  const json alone = run_replication(doc, 0);
  faults::FaultSpec spec;
  spec.service_name = "api";
  spec.mtbf_s = 400;
  spec.mttr_s = 50;
  const std::uint64_t run = mesh::run_key(7, 0);
  const SimTime horizon = from_seconds(duration);
  SimTime down_total = 0;
  int crashes = 0;
  for (int i = 0; i < n; ++i) {
    SimTime t = 0;
    for (std::uint32_t cycle = 0;; ++cycle) {
      t += from_seconds(faults::random_crash_period_s(spec, run, i, cycle, false));
      if (t >= horizon) break;
      ++crashes;
      const SimTime up = t + from_seconds(faults::random_crash_period_s(spec, run, i, cycle, true));
      down_total += std::min(up, horizon) - t;
      t = up;
      if (t >= horizon) break;
    }
  }
  REQUIRE(crashes > 10);  // the case exercises many cycles
  CHECK(mean_instances(alone) ==
        Approx(n - to_seconds(down_total) / duration).epsilon(1e-12));

  // Another service with random crashes of its own, listed first: api's failure
  // times, and so its whole report, stay identical.
  json other = station(1, deterministic(0.001));
  other["instances"] = 2;
  doc["services"]["other"] = other;
  const json first = {{"kind", "crash"}, {"service", "other"}, {"mtbf_s", 100}, {"mttr_s", 30}};
  doc["faults"] = json::array({first, doc["faults"][0]});
  const json both = run_replication(doc, 0);
  CHECK(both.at("services").at("api") == alone.at("services").at("api"));
  CHECK(mean_instances(both, "other") < 2.0);  // other's crashes did happen
  check_conservation(both);
}

}  // namespace
}  // namespace surge::validation
