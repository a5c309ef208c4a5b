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
}
