// The native engine's network latencies (docs/model.md, "Network") against times
// worked out by hand: one user request, deterministic work, so every visit's response
// time is exact up to the nanosecond rounding of each latency.
//
// The zones below: x {a} 1 ms, y {b} 2 ms, z {c} 0.5 ms; links x-y 40 ms, y-z 10 ms,
// x-z 100 ms. Routes (source zone's link + links + destination zone's link):
//   a -> b: 1 + 40 + 2 = 43 ms;  b -> c: 2 + 10 + 0.5 = 12.5 ms;
//   a -> c: 1 + min(100, 40 + 10) + 0.5 = 51.5 ms (through y).
#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/mesh/simulation.hpp"
#include "sim/scenario/report_writer.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace surge::mesh {
namespace {

using nlohmann::json;

constexpr double kExact = 1e-8;  // seconds: a few latencies each rounded to 1 ns

json work(double s) { return {{"dist", "deterministic"}, {"value_s", s}}; }

json service(double work_s, json calls = json::array()) {
  json endpoint = {{"work", work(work_s)}};
  if (!calls.empty()) endpoint["calls"] = std::move(calls);
  return {{"workers", "unlimited"}, {"endpoints", {{"e", endpoint}}}};
}

json network() {
  return json::parse(R"({
    "zones": {"x": {"services": ["a"], "latency_s": 0.001},
              "y": {"services": ["b"], "latency_s": 0.002},
              "z": {"services": ["c"], "latency_s": 0.0005}},
    "links": [{"between": ["x", "y"], "latency_s": 0.04},
              {"between": ["z", "y"], "latency_s": 0.01},
              {"between": ["x", "z"], "latency_s": 0.1}]})");
}

// a.e -> b.e -> c.e, then a.e -> c.e; one request at t = 1 s (rate 1/s,
// deterministic arrivals, 1.5 s run).
json chain(const json& a_call_to_b) {
  return {{"name", "network"},
          {"seed", 5},
          {"duration_s", 1.5},
          {"services",
           {{"a", service(0.003, json::array({a_call_to_b, {{"to", "c.e"}}}))},
            {"b", service(0.005, json::array({{{"to", "c.e"}}}))},
            {"c", service(0.007)}}},
          {"workloads",
           {{"w",
             {{"entry", "a.e"}, {"rate", {{"constant", 1}}}, {"arrivals", "deterministic"}}}}},
          {"network", network()}};
}

// Response times of the departures at each service (services a, b, c: 0, 1, 2), and
// the outcomes of a's.
class Departures final : public RunObserver {
 public:
  void on_departure(std::uint32_t, std::uint64_t, EndpointRef at, double, double seconds,
                    Outcome outcome) override {
    response_s[at.service].push_back(seconds);
    outcomes[at.service].push_back(outcome);
  }
  std::map<std::uint32_t, std::vector<double>> response_s;
  std::map<std::uint32_t, std::vector<Outcome>> outcomes;
};

struct Run {
  json report;
  Departures departures;
};

std::unique_ptr<Run> run(const json& doc) {
  auto loaded = scenario::load_scenario_text(doc.dump(), {});
  INFO(doc.dump());
  REQUIRE(loaded.problems.empty());
  auto out = std::make_unique<Run>();
  Simulation simulation(loaded.scenario->graph);
  simulation.set_observer(&out->departures);
  const RunResult result = simulation.run();
  out->report = scenario::make_report(*loaded.scenario, result);
  return out;
}

}  // namespace

TEST_CASE("models::network: each call pays its route's latency out and back, exactly",
          "[models]") {
  const auto r = run(chain({{"to", "b.e"}}));
  const auto& at = r->departures.response_s;
  // c: its own work, twice (once for b, once for a); b: work + 2 x 12.5 ms + c.
  REQUIRE(at.at(2).size() == 2);
  CHECK(at.at(2)[0] == Approx(0.007).margin(kExact));
  CHECK(at.at(2)[1] == Approx(0.007).margin(kExact));
  REQUIRE(at.at(1).size() == 1);
  const double b = 0.005 + 2 * 0.0125 + 0.007;
  CHECK(at.at(1)[0] == Approx(b).margin(kExact));
  // a: work + (2 x 43 ms + b) + (2 x 51.5 ms + c); the client reaches a with no latency.
  const double a = 0.003 + (2 * 0.043 + b) + (2 * 0.0515 + 0.007);
  REQUIRE(at.at(0).size() == 1);
  CHECK(at.at(0)[0] == Approx(a).margin(kExact));
  const json& w = r->report.at("workloads").at("w");
  CHECK(w.at("succeeded") == 1);
  CHECK(w.at("latency_s").at("mean").get<double>() == Approx(a).margin(kExact));
}

TEST_CASE("models::network: inside one zone a message crosses the zone's link once; a "
          "service in no zone talks to every other with no latency",
          "[models]") {
  json doc = chain({{"to", "b.e"}});
  // b joins a in zone x; c leaves the network.
  doc["network"] = json::parse(R"({"zones": {"x": {"services": ["a", "b"], "latency_s": 0.001}}})");
  const auto r = run(doc);
  const double b = 0.005 + 0.007;                      // b -> c: c is in no zone
  const double a = 0.003 + (2 * 0.001 + b) + 0.007;    // a -> b inside x; a -> c free
  CHECK(r->departures.response_s.at(1).at(0) == Approx(b).margin(kExact));
  CHECK(r->departures.response_s.at(0).at(0) == Approx(a).margin(kExact));
}

TEST_CASE("models::network: a call's timeout runs from the sending and covers both "
          "crossings",
          "[models]") {
  // a's call to b is sent at 1.003. Its answer would reach a at 1.003 + 0.043 +
  // 0.037 + 0.043 = 1.126 (a round trip of 0.123 s).
  const double round_trip = 2 * 0.043 + (0.005 + 2 * 0.0125 + 0.007);
  SECTION("a timeout longer than the round trip lets the answer through") {
    const auto r = run(chain({{"to", "b.e"}, {"timeout_s", round_trip + 0.001}}));
    CHECK(r->report.at("workloads").at("w").at("succeeded") == 1);
  }
  SECTION("the answer is late: the caller times out at the deadline, while the answer "
          "crosses back") {
    const auto r = run(chain({{"to", "b.e"}, {"timeout_s", 0.1}}));
    const json& w = r->report.at("workloads").at("w");
    CHECK(w.at("failed").at("timeout") == 1);
    CHECK(r->departures.outcomes.at(0).at(0) == Outcome::kTimeout);
    CHECK(r->departures.response_s.at(0).at(0) == Approx(0.003 + 0.1).margin(kExact));
    CHECK(r->departures.outcomes.at(1).at(0) == Outcome::kOk);  // b finished its work
  }
  SECTION("the deadline comes before the request even arrives: the callee still serves it") {
    const auto r = run(chain({{"to", "b.e"}, {"timeout_s", 0.03}}));
    CHECK(r->report.at("workloads").at("w").at("failed").at("timeout") == 1);
    CHECK(r->departures.response_s.at(0).at(0) == Approx(0.003 + 0.03).margin(kExact));
    // b got the request at 1.046 anyway and served it: the callee's work is never
    // cancelled (its answer is dropped).
    CHECK(r->report.at("services").at("b").at("arrivals") == 1);
    CHECK(r->departures.outcomes.at(1).at(0) == Outcome::kOk);
  }
}

TEST_CASE("models::network: zones of zero latency change nothing", "[models]") {
  json none = chain({{"to", "b.e"}});
  none.erase("network");
  json zero = chain({{"to", "b.e"}});
  zero["network"] = json::parse(R"({"zones": {"x": {"services": ["a", "b", "c"]}}})");
  json a = run(none)->report, b = run(zero)->report;
  for (json* report : {&a, &b}) {
    report->at("run").erase("wall_s");
    report->at("run").erase("events_per_s");
    report->at("scenario").erase("sha256");
  }
  CHECK(a == b);
}

TEST_CASE("models::network: a partition still fails a call at once", "[models]") {
  json doc = chain({{"to", "b.e"}});
  doc["faults"] = json::parse(
      R"([{"kind": "partition", "from": "a", "to": "b", "at_s": 0, "duration_s": 10}])");
  const auto r = run(doc);
  CHECK(r->report.at("workloads").at("w").at("failed").at("error") == 1);
  // a fails right after its work: no latency is paid for a refused connection.
  CHECK(r->departures.response_s.at(0).at(0) == Approx(0.003).margin(kExact));
  CHECK(r->report.at("services").at("b").at("arrivals") == 0);
}

}  // namespace surge::mesh
