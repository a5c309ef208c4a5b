// The SimGrid engine against the native one (docs/simgrid.md, "Cross-check"): on the
// same network-free graph both run one semantics on the same draws, so every visit
// leaves at the same instant with the same outcome, and the report figures agree.
#include "tests/simgrid/engine_runs.hpp"

namespace {

using namespace surge;
using namespace surge::test_simgrid;

json exp_work(double mean_s) { return {{"dist", "exponential"}, {"mean_s", mean_s}}; }

json service(int workers, double mean_s, json calls = json::array()) {
  return {{"workers", workers}, {"endpoints", {{"x", {{"work", exp_work(mean_s)}, {"calls", calls}}}}}};
}

json scenario_doc(json services, double rate, json client = json::object()) {
  json workload = {{"kind", "open"}, {"entry", "front.x"}, {"rate", {{"constant", rate}}}};
  if (!client.empty()) workload["client"] = client;
  return {{"name", "cross-check"}, {"seed", 7}, {"duration_s", 300},
          {"services", std::move(services)}, {"workloads", {{"users", workload}}}};
}

std::uint64_t failed(const json& report, const char* outcome) {
  return report.at("workloads").at("users").at("failed").at(outcome).get<std::uint64_t>();
}

}  // namespace

TEST_CASE("simgrid::cross_check: an M/M/1 station, visit by visit", "[simgrid]") {
  const json report = cross_check(scenario_doc({{"front", service(1, 0.08)}}, 10.0));
  // rho = 0.8: a busy station, so waiting rooms matter.
  CHECK(report.at("services").at("front").at("utilization").get<double>() > 0.7);
}

TEST_CASE("simgrid::cross_check: a tandem of three stations, one with a full waiting room",
          "[simgrid]") {
  json front = {{"workers", "unlimited"},
                {"endpoints",
                 {{"x",
                   {{"work", {{"dist", "deterministic"}, {"value_s", 0.0}}},
                    {"calls", {{{"to", "a.x"}}, {{"to", "b.x"}}, {{"to", "c.x"}}}}}}}}};
  json a = service(1, 0.05);
  a["instances"] = 2;
  a["balancer"] = "random";
  json b = service(1, 0.07);
  b["queue_capacity"] = 2;
  const json report =
      cross_check(scenario_doc({{"front", front}, {"a", a}, {"b", b}, {"c", service(1, 0.04)}}, 10.0));
  CHECK(report.at("services").at("b").at("rejected").get<std::uint64_t>() > 10);
}

TEST_CASE("simgrid::cross_check: a layered chain holds the caller's worker", "[simgrid]") {
  json front = service(2, 0.05, json::array({{{"to", "callee.x"}}}));
  front["queue_capacity"] = 20;
  cross_check(scenario_doc({{"front", front}, {"callee", service(1, 0.08)}}, 9.0));
}

TEST_CASE("simgrid::cross_check: call and client timeouts leave the callee working",
          "[simgrid]") {
  json front = service(2, 0.05, json::array({{{"to", "callee.x"}, {"timeout_s", 0.4}}}));
  const json report = cross_check(scenario_doc({{"front", front}, {"callee", service(1, 0.09)}},
                                               10.0, {{"timeout_s", 0.6}}));
  CHECK(failed(report, "timeout") > 50);
}

TEST_CASE("simgrid::cross_check: a crash fails queued and working visits", "[simgrid]") {
  json front = service(4, 0.02, json::array({{{"to", "callee.x"}}}));
  json callee = service(1, 0.1);
  callee["instances"] = 2;
  callee["health_check_s"] = 3;
  json doc = scenario_doc({{"front", front}, {"callee", callee}}, 12.0);
  doc["faults"] = {{{"kind", "crash"}, {"at_s", 100}, {"duration_s", 60}, {"service", "callee"},
                    {"instances", 1}}};
  const json report = cross_check(doc);
  CHECK(failed(report, "error") > 5);
}

namespace {

// An unlimited zero-work front calling a callee of three single-worker instances behind
// `balancer`, at rho = 10 x 0.25 / 3 = 0.83 per instance. The native engine's figures
// with a load-blind balancer are the baseline each load-aware case must beat.
json three_instances(const std::string& balancer) {
  json front = {{"workers", "unlimited"},
                {"endpoints",
                 {{"x",
                   {{"work", {{"dist", "deterministic"}, {"value_s", 0.0}}},
                    {"calls", {{{"to", "callee.x"}}}}}}}}};
  json callee = service(1, 0.25);
  callee["instances"] = 3;
  callee["balancer"] = balancer;
  return scenario_doc({{"front", front}, {"callee", callee}}, 10.0);
}

// Instance 0 crashes for 30 s and the balancer notices 2 s late.
json with_crash(json doc) {
  doc["services"]["callee"]["health_check_s"] = 2;
  doc["faults"] = {{{"kind", "crash"}, {"at_s", 120}, {"duration_s", 30}, {"service", "callee"}}};
  return doc;
}

double callee_queue(const json& report) {
  return report.at("services").at("callee").at("queue_length").at("mean").get<double>();
}

json native_report(const json& doc) { return run_native(load(doc)).report; }

}  // namespace

TEST_CASE("simgrid::cross_check: least_outstanding over three instances, and its black hole",
          "[simgrid]") {
  const json blind = native_report(with_crash(three_instances("round_robin")));
  const json report = cross_check(with_crash(three_instances("least_outstanding")));
  // Joining the shortest queue waits far less than round robin at this load (measured:
  // 8.7 against 15.7 waiting visits on average, crash included).
  CHECK(callee_queue(report) < 0.7 * callee_queue(blind));
  // Until the balancer notices, the empty crashed instance looks least loaded and draws
  // every visit (about 2 s x 10/s), where round robin sends it one in three (and the
  // balancer is told the crashed instance's load dropped to zero).
  CHECK(failed(report, "error") > 15);
  CHECK(failed(report, "error") > 2 * failed(blind, "error"));
}

TEST_CASE("simgrid::cross_check: power_of_two_choices over three instances", "[simgrid]") {
  const json blind = native_report(three_instances("random"));
  const json report = cross_check(three_instances("power_of_two_choices"));
  // Two choices wait far less than one random choice (three M/M/1 queues, about
  // 3 x rho^2 / (1 - rho) = 10 waiting; measured 4.6 against 11.9).
  CHECK(callee_queue(report) < 0.7 * callee_queue(blind));
}

TEST_CASE("simgrid::cross_check: slow, error and partition faults at different times",
          "[simgrid]") {
  json front = service(4, 0.02, json::array({{{"to", "a.x"}}, {{"to", "b.x"}}}));
  json a = service(2, 0.05);
  json doc = scenario_doc({{"front", front}, {"a", a}, {"b", service(1, 0.05)}}, 10.0);
  doc["faults"] = {
      {{"kind", "slow"}, {"at_s", 40}, {"duration_s", 60}, {"service", "a"}, {"factor", 3}},
      {{"kind", "error"}, {"at_s", 120}, {"duration_s", 60}, {"service", "b"},
       {"probability", 0.25}},
      {{"kind", "partition"}, {"at_s", 200}, {"duration_s", 30}, {"from", "front"}, {"to", "b"}}};
  const json report = cross_check(doc);
  const json& services = report.at("services");
  // slow: a's utilization is 10 x 0.05 / 2 = 0.25, and 0.75 for 60 s of the 300: 0.35.
  CHECK(services.at("a").at("utilization").get<double>() > 0.31);
  // error: about 0.25 x 10/s x 60 s = 150 of b's visits fail (b fails nothing else).
  CHECK(services.at("b").at("failed").get<std::uint64_t>() > 100);
  // partition: about 300 calls to b never arrive and fail their callers.
  const auto front_arrivals = services.at("front").at("arrivals").get<std::uint64_t>();
  const auto b_arrivals = services.at("b").at("arrivals").get<std::uint64_t>();
  CHECK(front_arrivals - b_arrivals > 230);
  CHECK(failed(report, "error") > 100 + 230);
}

TEST_CASE("simgrid::coverage: features the engine lacks are refused at their pointers",
          "[simgrid]") {
  json s = service(1, 0.05);
  s["discipline"] = "ps";
  json doc = scenario_doc({{"front", s}}, 1.0);
  doc["workloads"]["users"]["client"] = {{"retry", {{"max_attempts", 3}}}};
  const auto refused = simgrid::unsupported_features(load(doc).graph);
  REQUIRE(refused.size() == 2);
  CHECK(refused[0].pointer == "/services/front/discipline");
  CHECK(refused[1].pointer == "/workloads/users/client/retry");
  CHECK(refused[0].message.find("--engine simgrid") != std::string::npos);
  CHECK(simgrid::unsupported_features(load(scenario_doc({{"front", service(1, 0.05)}}, 1.0)).graph)
            .empty());
  // The load-aware balancers and the slow, error and partition faults run; a flush
  // (which needs a session store, refused too) does not.
  json store = {{"kind", "session_store"},
                {"endpoints",
                 {{"get", {{"work", exp_work(0.001)}}}, {"put", {{"work", exp_work(0.001)}}}}}};
  json covered = three_instances("power_of_two_choices");
  covered["services"]["store"] = store;
  covered["faults"] = {
      {{"kind", "slow"}, {"at_s", 1}, {"factor", 2}},
      {{"kind", "error"}, {"at_s", 1}, {"probability", 0.5}},
      {{"kind", "partition"}, {"at_s", 1}, {"from", "front"}, {"to", "callee"}},
      {{"kind", "flush"}, {"at_s", 1}, {"service", "store"}}};
  const auto flush = simgrid::unsupported_features(load(covered).graph);
  REQUIRE(flush.size() == 2);
  CHECK(flush[0].pointer == "/services/store/kind");
  CHECK(flush[1].pointer == "/faults/3/kind");
}
