// Autoscaling in the native engine (docs/model.md, "Autoscaling"), on cases whose
// answer is computed by hand or bounded by the capacity deficit. Arrivals and work
// are deterministic unless stated, so times and counts are exact.
#include <catch2/catch.hpp>
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/mesh/simulation.hpp"
#include "sim/scenario/report_writer.hpp"
#include "tests/validation/queueing_harness.hpp"

namespace surge::validation {
namespace {

using mesh::InstanceState;

struct Transition {
  std::uint32_t instance;
  InstanceState state;
  double t_s;
};

// Every life-cycle step of the autoscaled instances, and every response time.
struct Recorder : mesh::RunObserver {
  std::vector<Transition> steps;
  std::vector<double> responses;
  void on_instance(std::uint32_t, std::uint32_t instance, InstanceState state,
                   double time_s) override {
    steps.push_back({instance, state, time_s});
  }
  void on_departure(std::uint32_t, std::uint64_t, mesh::EndpointRef, double, double response_s,
                    mesh::Outcome) override {
    responses.push_back(response_s);
  }
  [[nodiscard]] std::vector<Transition> of(InstanceState s) const {
    std::vector<Transition> out;
    for (const Transition& t : steps)
      if (t.state == s) out.push_back(t);
    return out;
  }
};

json run_recorded(const json& doc, Recorder& recorder) {
  const auto loaded = scenario::load_scenario_text(doc.dump(), {});
  for (const auto& p : loaded.problems.list()) UNSCOPED_INFO(p.where << ": " << p.reason);
  REQUIRE(loaded.problems.empty());
  mesh::Simulation simulation(loaded.scenario->graph);
  simulation.set_observer(&recorder);
  json report = scenario::make_report(*loaded.scenario, simulation.run());
  REQUIRE(report.at("run").at("status") == "completed");
  return report;
}

// One single-worker instance of "api" with deterministic work, under deterministic
// arrivals of the rate curve `rate`, autoscaled by `policy`.
json scaled(double work_s, const json& rate, const json& policy, double duration_s) {
  json api = station(1, deterministic(work_s));
  api["autoscale"] = policy;
  json doc = scenario("autoscale", duration_s, 0.0, {{"api", api}}, "api.e", 1.0);
  doc["workloads"]["w"]["rate"] = rate;
  doc["workloads"]["w"]["arrivals"] = "deterministic";
  return doc;
}

json step_rate(double before, double at_s, double after) {
  return {{"piecewise_linear", {{0, before}, {at_s, before}, {at_s + 0.001, after}}}};
}

void check_conservation(const json& report) {
  const json& w = report.at("workloads").at("w");
  std::uint64_t failed = 0;
  for (const auto& item : w.at("failed").items()) failed += item.value().get<std::uint64_t>();
  CHECK(w.at("offered").get<std::uint64_t>() ==
        w.at("succeeded").get<std::uint64_t>() + failed + w.at("in_flight").get<std::uint64_t>());
}

TEST_CASE("models::autoscale: a load step adds instances one period plus the provisioning "
          "delay later, never beyond max",
          "[models]") {
  // Before t = 100: one arrival a second with 0.4 s of work, load 0.4 < target 0.5:
  // desired ceil(0.8) = 1, no change. From 100: 4 a second, the one worker is busy
  // all the time. The evaluation at 120 measures load 1: ceil(1 / 0.5) = 2, one
  // instance provisioning at 120, cold at 127. At 140 the load is 1 + 13/20 = 1.65
  // (the queue keeps instance 1 busy from 127): desired 4, bounded to max 3: one more
  // at 140, cold at 147. Members are then max, so nothing more is ever added.
  const json policy = {{"metric", "utilization"}, {"target", 0.5}, {"period_s", 20},
                       {"min", 1}, {"max", 3}, {"provision_delay_s", 7}};
  Recorder rec;
  const json report = run_recorded(scaled(0.4, step_rate(1, 100, 4), policy, 300), rec);
  const auto provisioning = rec.of(InstanceState::kProvisioning);
  const auto cold = rec.of(InstanceState::kCold);
  REQUIRE(provisioning.size() == 2);
  CHECK(provisioning[0].instance == 1);
  CHECK(provisioning[0].t_s == 120.0);
  CHECK(provisioning[1].instance == 2);
  CHECK(provisioning[1].t_s == 140.0);
  REQUIRE(cold.size() == 2);
  CHECK(cold[0].t_s == 127.0);
  CHECK(cold[1].t_s == 147.0);
  const json& api = report.at("services").at("api");
  CHECK(api.at("instances").at("max") == 3.0);
  CHECK(api.at("autoscale").at("members_max") == 3);
  // Serving instances: 1 until 127, 2 until 147, then 3 to the end (300 s).
  CHECK(api.at("instances").at("mean").get<double>() ==
        Approx((127.0 + 2 * 20.0 + 3 * 153.0) / 300.0));
}

TEST_CASE("models::autoscale: no action within cooldown_s of the previous one", "[models]") {
  // The case above with cooldown_s 30: the action at 120 blocks the evaluation at
  // 140 (before 150); the one at 160 adds the third instance.
  const json policy = {{"metric", "utilization"}, {"target", 0.5}, {"period_s", 20},
                       {"min", 1}, {"max", 3}, {"provision_delay_s", 7}, {"cooldown_s", 30}};
  Recorder rec;
  (void)run_recorded(scaled(0.4, step_rate(1, 100, 4), policy, 300), rec);
  const auto provisioning = rec.of(InstanceState::kProvisioning);
  REQUIRE(provisioning.size() == 2);
  CHECK(provisioning[0].t_s == 120.0);
  CHECK(provisioning[1].t_s == 160.0);
}

TEST_CASE("models::autoscale: the queue peak grows with the provisioning delay, within the "
          "capacity-deficit bounds",
          "[models]") {
  // One instance serving 1 visit/s (1 s of work); the rate steps from 0.5 to
  // lambda = 2.5 at t = 100. The evaluation at 110 adds one instance (load 1,
  // target 0.8: desired 2), ready at 110 + d. Until then one instance serves, so the
  // waiting room holds at least (lambda - 1)(10 + d) - 3 at 110 + d (arrivals less
  // one per second served, less the one in service, less rounding). The scaler sees
  // the second instance's load only once it serves: the third is added at the first
  // evaluation after 110 + d (at most 10 s later) and serves d after that. Only from
  // then (3 > lambda) does the queue shrink, and before it grows at most lambda - 1
  // a second: peak <= (lambda - 1)(20 + 2d) + 3.
  const double lambda = 2.5;
  std::vector<double> peaks;
  for (const double d : {0.0, 20.0, 60.0}) {
    const json policy = {{"metric", "utilization"}, {"target", 0.8},        {"period_s", 10},
                         {"min", 1},                {"max", 5},             {"provision_delay_s", d}};
    Recorder rec;
    const json report = run_recorded(scaled(1.0, step_rate(0.5, 100, lambda), policy, 600), rec);
    const double peak = report.at("services").at("api").at("queue_length").at("max");
    INFO("provision_delay_s " << d << ": peak queue " << peak);
    CHECK(peak >= (lambda - 1) * (10 + d) - 3);
    CHECK(peak <= (lambda - 1) * (20 + 2 * d) + 3);
    check_conservation(report);
    peaks.push_back(peak);
  }
  CHECK(peaks[0] < peaks[1]);
  CHECK(peaks[1] < peaks[2]);
}

TEST_CASE("models::autoscale: scale-down drains instances without losing a visit, and ids "
          "are never reused",
          "[models]") {
  // Poisson arrivals at 2/s of 2 s of work (exponential) until t = 150, then 0.2/s:
  // the scaler grows to about 4-8 instances and then drains them one per period.
  // Draining instances finish what they hold: no failure at all, and every visit is
  // accounted for.
  const json policy = {{"metric", "in_flight"}, {"target", 1.0},  {"period_s", 10},
                       {"min", 1},              {"max", 8},       {"step_down", 1},
                       {"provision_delay_s", 5}};
  json api = station(1, exponential(2.0));
  api["autoscale"] = policy;
  json doc = scenario("drain", 600.0, 0.0, {{"api", api}}, "api.e", 1.0);
  doc["workloads"]["w"]["rate"] = step_rate(2.0, 150, 0.2);
  Recorder rec;
  const json report = run_recorded(doc, rec);
  check_conservation(report);
  const json& w = report.at("workloads").at("w");
  CHECK(w.at("succeeded").get<std::uint64_t>() + w.at("in_flight").get<std::uint64_t>() ==
        w.at("offered").get<std::uint64_t>());
  CHECK(report.at("services").at("api").at("failed") == 0);
  CHECK(report.at("services").at("api").at("rejected") == 0);

  // Ids: each created once, in increasing order from 1 (instance 0 is the initial one).
  const auto provisioning = rec.of(InstanceState::kProvisioning);
  REQUIRE(provisioning.size() >= 3);
  for (std::size_t k = 0; k < provisioning.size(); ++k)
    CHECK(provisioning[k].instance == k + 1);
  // Every draining instance is gone later or at once; some held visits when drained.
  const auto draining = rec.of(InstanceState::kDraining);
  const auto gone = rec.of(InstanceState::kGone);
  REQUIRE(draining.size() >= 3);
  std::map<std::uint32_t, double> gone_at;
  for (const Transition& t : gone) {
    CHECK(gone_at.count(t.instance) == 0);  // gone once
    gone_at[t.instance] = t.t_s;
  }
  bool waited = false;
  for (const Transition& t : draining) {
    REQUIRE(gone_at.count(t.instance) == 1);
    CHECK(gone_at[t.instance] >= t.t_s);
    waited = waited || gone_at[t.instance] > t.t_s;
  }
  CHECK(waited);
  CHECK(report.at("services").at("api").at("autoscale").at("scale_downs").get<int>() >= 3);
}

TEST_CASE("models::autoscale: a cold instance multiplies work by its decaying factor",
          "[models]") {
  // Arrivals every 2 s (t = 2, 4, ...) of 1 s of work. Over [0, 10] the one
  // instance is busy 4 s: load 0.4, target 0.1 wants 4, bounded to max 2: instance 1
  // is added at 10 with no delay, cold until 20 (factor 3, warm_s 10: multiplier
  // 1 + 2 (1 - age / 10)). Round robin sends t = 12 and 16 to it: ages 2 and 6,
  // multipliers 2.6 and 1.8; from t = 20 it is warm. Every other visit takes 1 s.
  const json policy = {{"metric", "utilization"}, {"target", 0.1}, {"period_s", 10},
                       {"min", 1}, {"max", 2},
                       {"cold_start", {{"factor", 3.0}, {"warm_s", 10.0}}}};
  Recorder rec;
  const json report = run_recorded(scaled(1.0, json{{"constant", 0.5}}, policy, 30), rec);
  std::vector<double> slow;
  for (double r : rec.responses) {
    if (r != Approx(1.0)) slow.push_back(r);
  }
  REQUIRE(slow.size() == 2);
  CHECK(slow[0] == Approx(2.6));
  CHECK(slow[1] == Approx(1.8));
  CHECK(rec.of(InstanceState::kCold).at(0).t_s == 10.0);
  CHECK(rec.of(InstanceState::kUp).at(0).t_s == 20.0);
  CHECK(report.at("services").at("api").at("instances").at("mean").get<double>() ==
        Approx(50.0 / 30.0));
}

}  // namespace
}  // namespace surge::validation
