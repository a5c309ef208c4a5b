// The SimGrid engine against the native one (docs/simgrid.md, "Cross-check"): on the
// same network-free graph both run one semantics on the same draws, so every visit
// leaves at the same instant with the same outcome, and the report figures agree.
//
// SimGrid's engine is a process-wide singleton, so each SimGrid run happens in a
// forked child that writes what it observed to a file for the parent to compare.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>

#include "models/mesh/simulation.hpp"
#include "sim/scenario/report_writer.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/simgrid/coverage.hpp"
#include "sim/simgrid/simgrid_simulation.hpp"

namespace {

using namespace surge;
using nlohmann::json;

// (workload, call-tree key, service, endpoint) -> what the visit's departure said.
using VisitId = std::tuple<std::uint32_t, std::uint64_t, std::uint32_t, std::uint32_t>;
struct Departure {
  double wait_s = 0.0;
  double response_s = 0.0;
  int outcome = 0;
};

class Recorder final : public mesh::RunObserver {
 public:
  void on_departure(std::uint32_t workload, std::uint64_t key, mesh::EndpointRef endpoint,
                    double wait_s, double response_s, mesh::Outcome outcome) override {
    const VisitId id{workload, key, endpoint.service, endpoint.endpoint};
    duplicates += departures.count(id);
    departures[id] = Departure{wait_s, response_s, static_cast<int>(outcome)};
  }
  std::map<VisitId, Departure> departures;
  std::size_t duplicates = 0;
};

json to_json(const Recorder& r) {
  json rows = json::array();
  for (const auto& [id, d] : r.departures) {
    rows.push_back({std::get<0>(id), std::get<1>(id), std::get<2>(id), std::get<3>(id), d.wait_s,
                    d.response_s, d.outcome});
  }
  return rows;
}

Recorder from_json(const json& rows) {
  Recorder r;
  for (const json& row : rows) {
    r.departures[VisitId{row[0], row[1], row[2], row[3]}] =
        Departure{row[4].get<double>(), row[5].get<double>(), row[6].get<int>()};
  }
  return r;
}

scenario::LoadedScenario load(const json& doc) {
  auto loaded = scenario::load_scenario_text(doc.dump(), {});
  for (const auto& p : loaded.problems.list()) UNSCOPED_INFO(p.where << ": " << p.reason);
  REQUIRE(loaded.problems.empty());
  return *loaded.scenario;
}

struct Run {
  json report;
  Recorder recorder;
};

Run run_native(const scenario::LoadedScenario& s) {
  Run run;
  mesh::Simulation simulation(s.graph);
  simulation.set_observer(&run.recorder);
  run.report = scenario::make_report(s, simulation.run());
  return run;
}

// In a child process: SimGrid's engine can be made once per process.
Run run_simgrid(const scenario::LoadedScenario& s) {
  REQUIRE(simgrid::unsupported_features(s.graph).empty());
  char path[] = "/tmp/surge-simgrid-XXXXXX";
  const int fd = ::mkstemp(path);
  REQUIRE(fd >= 0);
  ::close(fd);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    Recorder recorder;
    simgrid::SimgridSimulation simulation(s.graph);
    simulation.set_observer(&recorder);
    const json report = scenario::make_report(s, simulation.run());
    std::ofstream(path) << json{{"report", report}, {"departures", to_json(recorder)}}.dump();
    std::fflush(nullptr);
    ::_exit(recorder.duplicates == 0 ? 0 : 1);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  std::ifstream in(path);
  const json got = json::parse(in);
  std::remove(path);
  return Run{got.at("report"), from_json(got.at("departures"))};
}

// Time rounding: both engines keep integer nanoseconds, SimGrid's clock is a double.
bool same_time(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(a)); }

// Compares two runs visit by visit and figure by figure; returns the native report.
json cross_check(const json& doc) {
  const scenario::LoadedScenario s = load(doc);
  const Run native = run_native(s);
  const Run sg = run_simgrid(s);
  REQUIRE(native.recorder.duplicates == 0);
  REQUIRE(native.recorder.departures.size() > 1000);
  CHECK(sg.recorder.departures.size() == native.recorder.departures.size());
  std::size_t mismatches = 0;
  for (const auto& [id, d] : native.recorder.departures) {
    const auto it = sg.recorder.departures.find(id);
    const bool same = it != sg.recorder.departures.end() && it->second.outcome == d.outcome &&
                      same_time(it->second.response_s, d.response_s) &&
                      same_time(it->second.wait_s, d.wait_s);
    if (!same && ++mismatches <= 5) {
      UNSCOPED_INFO("visit key " << std::get<1>(id) << " at service " << std::get<2>(id)
                    << ": native response " << d.response_s << " outcome " << d.outcome
                    << "; simgrid "
                    << (it == sg.recorder.departures.end()
                            ? std::string("none")
                            : std::to_string(it->second.response_s) + " outcome " +
                                  std::to_string(it->second.outcome)));
    }
  }
  CHECK(mismatches == 0);
  CHECK(sg.report.at("run").at("engine") == "simgrid");
  CHECK(native.report.at("run").at("engine") == "native");
  for (const auto& [name, w] : native.report.at("workloads").items()) {
    INFO("workload " << name);
    const json& o = sg.report.at("workloads").at(name);
    CHECK(o.at("offered") == w.at("offered"));
    CHECK(o.at("succeeded") == w.at("succeeded"));
    CHECK(o.at("failed") == w.at("failed"));
    CHECK(o.at("in_flight") == w.at("in_flight"));
    CHECK(same_time(o.at("latency_s").at("mean").get<double>(),
                    w.at("latency_s").at("mean").get<double>()));
    CHECK(o.at("latency_s").at("p99") == w.at("latency_s").at("p99"));
  }
  for (const auto& [name, v] : native.report.at("services").items()) {
    INFO("service " << name);
    const json& o = sg.report.at("services").at(name);
    for (const char* key : {"arrivals", "completed", "rejected", "failed"}) CHECK(o.at(key) == v.at(key));
    if (v.contains("utilization")) {
      CHECK_THAT(o.at("utilization").get<double>(),
                 Catch::Matchers::WithinRel(v.at("utilization").get<double>(), 1e-9));
    }
    CHECK_THAT(o.at("queue_length").at("mean").get<double>(),
               Catch::Matchers::WithinAbs(v.at("queue_length").at("mean").get<double>(), 1e-9));
  }
  return native.report;
}

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
