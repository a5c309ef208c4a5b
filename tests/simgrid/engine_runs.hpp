// Runs a loaded scenario on either engine and records every visit's departure through
// the RunObserver (tests/simgrid: cross-check and network validation).
//
// SimGrid's engine is a process-wide singleton, so each SimGrid run happens in a
// forked child that writes what it observed to a file for the parent to read.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>
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

namespace surge::test_simgrid {

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

inline json to_json(const Recorder& r) {
  json rows = json::array();
  for (const auto& [id, d] : r.departures) {
    rows.push_back({std::get<0>(id), std::get<1>(id), std::get<2>(id), std::get<3>(id), d.wait_s,
                    d.response_s, d.outcome});
  }
  return rows;
}

inline Recorder from_json(const json& rows) {
  Recorder r;
  for (const json& row : rows) {
    r.departures[VisitId{row[0], row[1], row[2], row[3]}] =
        Departure{row[4].get<double>(), row[5].get<double>(), row[6].get<int>()};
  }
  return r;
}

// native_engine false: what only the SimGrid engine runs (bytes over a finite
// bandwidth) is accepted.
inline scenario::LoadedScenario load(const json& doc, bool native_engine = true) {
  scenario::LoadOptions options;
  options.native_engine = native_engine;
  auto loaded = scenario::load_scenario_text(doc.dump(), options);
  for (const auto& p : loaded.problems.list()) UNSCOPED_INFO(p.where << ": " << p.reason);
  REQUIRE(loaded.problems.empty());
  return *loaded.scenario;
}

struct Run {
  json report;
  Recorder recorder;
};

inline Run run_native(const scenario::LoadedScenario& s) {
  Run run;
  mesh::Simulation simulation(s.graph);
  simulation.set_observer(&run.recorder);
  run.report = scenario::make_report(s, simulation.run());
  return run;
}

// In a child process: SimGrid's engine can be made once per process.
inline Run run_simgrid(const scenario::LoadedScenario& s) {
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
inline bool same_time(double a, double b) {
  return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(a));
}

// Compares two runs visit by visit and figure by figure; returns the native report.
inline json cross_check(const json& doc) {
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

}  // namespace surge::test_simgrid
