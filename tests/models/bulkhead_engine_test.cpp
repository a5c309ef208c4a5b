// Bulkheads (`bulkheads`, docs/model.md "Bulkheads") in the engine: a workload's
// reserved workers serve it at once whatever another workload does, on a case
// computed by hand, and the isolation they buy at a shared gateway.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/validation/queueing_harness.hpp"

namespace surge::validation {
namespace {

// Workloads a (10 a second) and b (one every 2 s) into gw.e: one instance of two
// workers, 1 s of deterministic work, unlimited waiting room. a alone would need
// ten workers.
json flood(bool reserve_for_b) {
  json doc = scenario("bulkheads", 30.0, 0.0, {{"gw", station(2, deterministic(1.0))}}, "gw.e",
                      10.0);
  doc["workloads"]["a"] = doc["workloads"]["w"];
  doc["workloads"]["a"]["arrivals"] = "deterministic";
  doc["workloads"]["b"] = {{"kind", "open"},
                           {"entry", "gw.e"},
                           {"rate", {{"constant", 0.5}}},
                           {"arrivals", "deterministic"}};
  doc["workloads"].erase("w");
  if (reserve_for_b) doc["services"]["gw"]["bulkheads"] = {{"b", 1}};
  return doc;
}

}  // namespace

TEST_CASE("models::bulkheads: a workload's reserved worker serves it at once under another "
          "workload's flood",
          "[models]") {
  SECTION("with one worker reserved for b, every b request takes exactly its work") {
    // b arrives every 2 s and works 1 s, so its reserved worker is always free when
    // it comes; a has the one shared worker only.
    const json report = run_replication(flood(true), 0);
    const json& b = report.at("workloads").at("b");
    CHECK(b.at("offered") == 14);  // 2, 4, ..., 28 (the one at 30 is past the end)
    CHECK(b.at("succeeded") == 14);
    CHECK(b.at("latency_s").at("mean").get<double>() == Approx(1.0).epsilon(1e-12));
    CHECK(b.at("latency_s").at("p99").get<double>() == Approx(1.0).epsilon(0.01));
    // a never got b's worker: one a at a time, back to back from 0.1, so 29 done.
    CHECK(report.at("workloads").at("a").at("succeeded") == 29);
    const json& gw = report.at("services").at("gw");
    CHECK(gw.at("busy_workers").at("max") == 2);
  }
  SECTION("without bulkheads b queues behind a's backlog") {
    const json report = run_replication(flood(false), 0);
    const json& b = report.at("workloads").at("b");
    // The backlog grows by 8 a second against two workers: b's first request (at 2)
    // already waits for the ~17 a ahead of it.
    CHECK(b.at("succeeded").get<int>() < 14);
    CHECK(b.at("latency_s").at("mean").get<double>() > 5.0);
  }
}

TEST_CASE("models::bulkheads: a flooding workload cannot starve one with reserved workers at a "
          "shared gateway",
          "[models]") {
  // web (200/s) and api (1/s, Poisson) share gw: 4 workers, exponential work of mean
  // 50 ms, unlimited waiting room, clients give up after 1 s. web alone offers 10
  // workers' worth. With one worker reserved for api, api sees an M/M/1 at rho 0.05
  // (or better: it may also use a shared worker, never free here): P(response > 1 s)
  // = e^(-(20 - 1) x 1) ~ 6e-9, so over ~600 requests a failure has probability
  // ~4e-6. Without the reservation api waits behind web's backlog, which grows by
  // 120 visits a second: every api request after the first second or so times out.
  json doc = scenario("isolation", 600.0, 0.0, {{"gw", station(4, exponential(0.05))}}, "gw.e",
                      200.0);
  doc["workloads"]["web"] = doc["workloads"]["w"];
  doc["workloads"]["web"]["client"] = {{"timeout_s", 1.0}};
  doc["workloads"]["api"] = {{"kind", "open"},
                             {"entry", "gw.e"},
                             {"rate", {{"constant", 1.0}}},
                             {"client", {{"timeout_s", 1.0}}}};
  doc["workloads"].erase("w");
  const auto ratio = [](const json& report) {
    const json& api = report.at("workloads").at("api");
    return api.at("succeeded").get<double>() / api.at("offered").get<double>();
  };
  SECTION("with bulkheads") {
    doc["services"]["gw"]["bulkheads"] = {{"api", 1}};
    const json report = run_replication(doc, 0);
    CHECK(report.at("workloads").at("api").at("offered").get<int>() > 500);
    CHECK(ratio(report) >= 0.999);
  }
  SECTION("without bulkheads") {
    const json report = run_replication(doc, 0);
    CHECK(ratio(report) < 0.05);
  }
}

}  // namespace surge::validation
