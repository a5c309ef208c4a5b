// Load shedding (`shed`, docs/model.md "Load shedding") in the engine, on cases
// computed by hand with deterministic arrivals and work, plus Codel's wait bound on
// an overloaded M/D/1 checked visit by visit.
#include <catch2/catch.hpp>
#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "models/mesh/simulation.hpp"
#include "sim/scenario/report_writer.hpp"
#include "tests/validation/queueing_harness.hpp"

namespace surge::validation {
namespace {

// One request at t = 4 (rate 0.25, deterministic; the next would be at 8) fans out
// five parallel copies to back.e: one worker, 1 s of work, target 0.1 s.
json burst(double interval_s) {
  json front = {{"instances", 1},
                {"workers", "unlimited"},
                {"endpoints",
                 {{"e", {{"calls", json::array({{{"to", "back.e"}, {"count", 5},
                                                 {"parallel", true}}})}}}}}};
  json back = station(1, deterministic(1.0));
  back["shed"] = {{"target_s", 0.1}, {"interval_s", interval_s}};
  json doc = scenario("shed-burst", 7.9, 0.0, {{"back", back}, {"front", front}}, "front.e", 0.25);
  doc["workloads"]["w"]["arrivals"] = "deterministic";
  return doc;
}

std::uint64_t count(const json& service, const std::string& key) {
  return service.at(key).get<std::uint64_t>();
}

}  // namespace

TEST_CASE("models::shed: a freed worker drops exactly the visits that waited past Codel's limit",
          "[models]") {
  // Copies v1..v5 arrive at 4.0; v1 starts, v2..v5 wait (the room was empty until
  // 4.0: last good moment 4.0). At 5, v2 has waited 1 s; 5 - 4 <= interval, so the
  // limit is max(target, interval) >= 1 and v2 is served (1 s > target: the queue
  // stays "bad"). At 6 the queue has been bad for 2 s.
  SECTION("interval 1.5: overloaded at 6, the limit is target, v3..v5 are shed at once") {
    const json report = run_replication(burst(1.5), 0);
    const json& back = report.at("services").at("back");
    CHECK(count(back, "arrivals") == 5);
    CHECK(count(back, "completed") == 2);
    CHECK(count(back, "failed") == 3);
    CHECK(count(back, "rejected") == 0);
    CHECK(count(back, "in_flight") == 0);
    CHECK(back.at("endpoints").at("e").at("failed").at("shed") == 3);
    // Waiting 4 on [4, 5), 3 on [5, 6), then none: every shed visit left the room.
    CHECK(back.at("queue_length").at("mean").get<double>() == Approx(7.0 / 7.9).epsilon(1e-12));
    CHECK(back.at("queue_length").at("max") == 4);
    // The shed visits did no work: the worker was busy on [4, 6) only.
    CHECK(back.at("utilization").get<double>() == Approx(2.0 / 7.9).epsilon(1e-12));
    // The parallel join fails with the first shed copy; the client sees `shed`.
    CHECK(report.at("workloads").at("w").at("failed").at("shed") == 1);
  }
  SECTION("discipline ps (one admitted visit at a time on one core): the same") {
    json doc = burst(1.5);
    doc["services"]["back"]["discipline"] = "ps";
    const json back = run_replication(doc, 0).at("services").at("back");
    CHECK(count(back, "completed") == 2);
    CHECK(back.at("endpoints").at("e").at("failed").at("shed") == 3);
    CHECK(back.at("queue_length").at("mean").get<double>() == Approx(7.0 / 7.9).epsilon(1e-12));
  }
  SECTION("interval 2: at 6, 6 - 4 is not more than the interval and v3 waited exactly the "
          "limit, so it is served; at 7 v4 and v5 are shed") {
    const json back = run_replication(burst(2.0), 0).at("services").at("back");
    CHECK(count(back, "completed") == 3);
    CHECK(count(back, "failed") == 2);
    CHECK(back.at("endpoints").at("e").at("failed").at("shed") == 2);
    CHECK(count(back, "in_flight") == 0);
  }
  SECTION("interval 3: v4 is served at 7 (waited 3 = limit); v5 still waits at the end") {
    const json back = run_replication(burst(3.0), 0).at("services").at("back");
    CHECK(count(back, "completed") == 3);
    CHECK(count(back, "failed") == 0);
    CHECK(count(back, "in_flight") == 2);
  }
}

TEST_CASE("models::shed: adaptive LIFO serves the newest visit while the queue is overloaded",
          "[models]") {
  // Arrivals every 0.1 s from 0.1 (36 by 3.65), one worker, 1.0333 s of work (no
  // completion coincides with an arrival); target 0.1, interval 0.5. v1 runs on
  // [0.1, 1.1333); v2 (0.2) finds the room empty (good moment 0.2), v3..v11 join it.
  // At 1.1333 the queue has been bad 0.9333 > 0.5 s: overloaded, the limit is 0.1.
  json doc = scenario("shed-lifo", 3.65, 0.0, {{"s", station(1, deterministic(1.0333))}}, "s.e",
                      10.0);
  doc["workloads"]["w"]["arrivals"] = "deterministic";
  doc["services"]["s"]["shed"] = {{"target_s", 0.1}, {"interval_s", 0.5}};
  SECTION("fifo: the oldest are taken first and shed, up to one that waited <= 0.1") {
    // At 1.1333: v2..v10 shed, v11 (waited 0.0333) served, good again at 1.1333.
    // At 2.1666: bad for 1.0333 s: v12..v20 shed, v21 (0.0666) served. At 3.2:
    // v22..v30 shed, v31 (0.0999) served. v1, v11, v21 completed; v31..v36 remain.
    const json s = run_replication(doc, 0).at("services").at("s");
    CHECK(count(s, "arrivals") == 36);
    CHECK(count(s, "completed") == 3);
    CHECK(s.at("endpoints").at("e").at("failed").at("shed") == 27);
    CHECK(count(s, "in_flight") == 6);
  }
  SECTION("adaptive lifo: the newest is taken first, and the older ones are left waiting") {
    // The same three are served (each the newest at its dequeue, having waited <= 0.1),
    // but nothing older is examined, so nothing is shed yet.
    doc["services"]["s"]["shed"]["adaptive_lifo"] = true;
    const json s = run_replication(doc, 0).at("services").at("s");
    CHECK(count(s, "arrivals") == 36);
    CHECK(count(s, "completed") == 3);
    CHECK(s.at("endpoints").at("e").at("failed").at("shed") == 0);
    CHECK(count(s, "in_flight") == 33);
    // At the end v31 works; v2..v10, v12..v20, v22..v30 and v32..v36 still wait.
    CHECK(s.at("queue_length").at("max") == 32);
  }
}

namespace {

// Every departure's wait, split by whether it was shed.
class WaitRecorder final : public mesh::RunObserver {
 public:
  void on_departure(std::uint32_t, std::uint64_t, mesh::EndpointRef, double wait_s, double,
                    mesh::Outcome outcome) override {
    if (outcome == mesh::Outcome::kShed) {
      ++shed;
      min_shed_wait = std::min(min_shed_wait, wait_s);
    } else {
      ++served;
      max_served_wait = std::max(max_served_wait, wait_s);
    }
  }
  std::uint64_t shed = 0, served = 0;
  double min_shed_wait = 1e300, max_served_wait = 0.0;
};

}  // namespace

TEST_CASE("models::shed: on an overloaded M/D/1 no served visit waited more than "
          "max(target, interval), and no shed visit waited target or less",
          "[models]") {
  // Codel's guarantee, visit by visit: a dequeued visit is shed iff it waited more
  // than the limit, which is target while overloaded and max(target, interval)
  // otherwise. rho = 1.2: without shedding the wait would grow without bound.
  json doc = scenario("shed-md1", 2000.0, 0.0, {{"s", station(1, deterministic(1.0))}}, "s.e", 1.2);
  const double target = 0.5, interval = 2.0;
  doc["services"]["s"]["shed"] = {{"target_s", target}, {"interval_s", interval}};
  const auto loaded = scenario::load_scenario_text(doc.dump(), {});
  REQUIRE(loaded.problems.empty());
  mesh::Simulation simulation(loaded.scenario->graph);
  WaitRecorder recorder;
  simulation.set_observer(&recorder);
  const json report = scenario::make_report(*loaded.scenario, simulation.run());
  // ~2400 arrivals, at most 2000 served: shedding must have happened (at least the
  // excess 400 over the run, less what is left waiting at the end: at most a few).
  CHECK(recorder.shed > 300);
  CHECK(recorder.served > 1000);
  CHECK(recorder.max_served_wait <= std::max(target, interval) + 1e-9);
  CHECK(recorder.min_shed_wait > target);
  CHECK(report.at("services").at("s").at("endpoints").at("e").at("failed").at("shed") ==
        recorder.shed);
}

}  // namespace surge::validation
