// Services calling services, against exact network results (docs/validation.md,
// "Networks"): an open Jackson network expressed as synchronous calls from an
// unlimited-worker caller, and a layered chain whose caller holds its limited
// workers during calls, solved as a CTMC (layered_ctmc.hpp).
//
// Same judgement as the single stations: independent replications, the 99.9%
// Student-t interval of their means must contain the exact value.
#include <Eigen/Dense>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/validation/layered_ctmc.hpp"
#include "tests/validation/queueing_harness.hpp"
#include "tests/validation/theory.hpp"

namespace surge::validation {
namespace {

const json& service(const json& report, const std::string& name) {
  return report.at("services").at(name);
}
double figure(const json& report, const std::string& name, const std::string& key) {
  return service(report, name).at(key).get<double>();
}

// A caller with one endpoint "e": `work`, then the given calls in order.
json caller(const json& workers, const json& work, json calls, int queue_capacity = -1) {
  json s = {{"instances", 1},
            {"workers", workers},
            {"endpoints", {{"e", {{"work", work}, {"calls", std::move(calls)}}}}}};
  if (queue_capacity >= 0) s["queue_capacity"] = queue_capacity;
  return s;
}

TEST_CASE("validation::jackson: synchronous calls from an unlimited caller form a Jackson network",
          "[validation]") {
  // front (unlimited workers, no work) calls a, then b with probability 0.6, then
  // c. With no work and no waiting at the front, a visit's route is a -> (b with
  // 0.6) -> c -> out: an open feed-forward Jackson network of M/M/c stations, and
  // the front's response is the visit's time in that network.
  const double gamma = 1.5;
  const std::vector<int> servers = {1, 2, 1};
  const std::vector<double> mu = {2.0, 1.0, 2.5};
  Eigen::VectorXd external(3);
  external << gamma, 0.0, 0.0;
  Eigen::MatrixXd routing = Eigen::MatrixXd::Zero(3, 3);
  routing(0, 1) = 0.6;  // a -> b
  routing(0, 2) = 0.4;  // a -> c, skipping b
  routing(1, 2) = 1.0;  // b -> c
  const Eigen::VectorXd lambda = theory::jackson_traffic(external, routing);
  const double network_response = theory::jackson_mean_response(external, routing, servers, mu);

  const json calls =
      json::array({{{"to", "a.e"}}, {{"to", "b.e"}, {"probability", 0.6}}, {{"to", "c.e"}}});
  const json doc = scenario("jackson", 20'500.0, 500.0,
                            {{"front", caller("unlimited", deterministic(0.0), calls)},
                             {"a", station(servers[0], exponential(1.0 / mu[0]))},
                             {"b", station(servers[1], exponential(1.0 / mu[1]))},
                             {"c", station(servers[2], exponential(1.0 / mu[2]))}},
                            "front.e", gamma);
  const std::vector<json> reports = run_replications(doc, 20);

  check_theory("front response = E[T] of the network",
               per_replication(reports, service_mean("front", "response_s")), network_response);
  check_theory(
      "workload latency",
      per_replication(reports,
                      [](const json& r) {
                        return r.at("workloads").at("w").at("latency_s").at("mean").get<double>();
                      }),
      network_response);
  const std::vector<std::string> names = {"a", "b", "c"};
  for (std::size_t i = 0; i < names.size(); ++i) {
    const theory::MMc station_theory{lambda(static_cast<Eigen::Index>(i)), mu[i], servers[i]};
    const std::string& name = names[i];
    check_theory(name + " response", per_replication(reports, service_mean(name, "response_s")),
                 station_theory.mean_response());
    check_theory(name + " work utilization",
                 per_replication(reports, service_figure(name, "work_utilization")),
                 station_theory.rho());
  }
}

// The simulated counterparts of a LayeredSolution, for caller "api" and callee "db".
// Returns the reports for further checks.
std::vector<json> check_layered(const theory::LayeredModel& m, double duration_s, double warmup_s,
                                int replications) {
  const theory::LayeredSolution s = theory::solve_layered(m);
  REQUIRE(s.residual < 1e-12);
  const json db = m.callee_queue == theory::kUnlimitedQueue
                      ? station(m.callee_workers, exponential(1.0 / m.callee_rate))
                      : station(m.callee_workers, exponential(1.0 / m.callee_rate), m.callee_queue);
  const json doc = scenario("layered", duration_s, warmup_s,
                            {{"api", caller(m.caller_workers, exponential(1.0 / m.caller_rate),
                                            json::array({{{"to", "db.e"}}}), m.caller_queue)},
                             {"db", db}},
                            "api.e", m.lambda);
  const double span = measured_span_s(doc);
  const std::vector<json> reports = run_replications(doc, replications);

  check_theory(
      "throughput (api completed per s)",
      per_replication(reports, [&](const json& r) { return figure(r, "api", "completed") / span; }),
      s.completed_per_s);
  check_theory("goodput",
               per_replication(reports,
                               [](const json& r) {
                                 return r.at("workloads").at("w").at("goodput_per_s").get<double>();
                               }),
               s.completed_per_s);
  // Every failure of a user request here is a rejection, by api's room or by db's.
  check_theory("share of requests rejected",
               per_replication(reports,
                               [](const json& r) {
                                 const json& w = r.at("workloads").at("w");
                                 return w.at("failed").at("rejected").get<double>() /
                                        w.at("offered").get<double>();
                               }),
               s.room_rejection + s.call_rejection_per_s / m.lambda);
  // Little on api, turned-away visits included with response 0: W = E[N] / lambda.
  check_theory("api mean response (Little on the CTMC)",
               per_replication(reports, service_mean("api", "response_s")),
               s.caller_in_system / m.lambda);
  check_theory("api in system", per_replication(reports, service_mean("api", "in_system")),
               s.caller_in_system);
  check_theory("api utilization (workers held, calls included)",
               per_replication(reports, service_figure("api", "utilization")),
               s.caller_busy / m.caller_workers);
  check_theory("api work utilization",
               per_replication(reports, service_figure("api", "work_utilization")),
               s.caller_working / m.caller_workers);
  check_theory("api waited ratio", per_replication(reports, service_figure("api", "waited_ratio")),
               s.caller_waited);
  check_theory("db utilization", per_replication(reports, service_figure("db", "utilization")),
               s.callee_busy / m.callee_workers);
  check_theory(
      "db arrivals per s",
      per_replication(reports, [&](const json& r) { return figure(r, "db", "arrivals") / span; }),
      s.callee_arrivals_per_s);
  check_theory("db in system", per_replication(reports, service_mean("db", "in_system")),
               s.callee_in_system);
  return reports;
}

TEST_CASE("validation::layered: workers held during calls match the exact CTMC", "[validation]") {
  // api: 2 workers, room of 2, work exp(mean 0.25 s); db: 1 worker, work exp(mean
  // 0.5 s), unlimited room (it never holds more than api's 2 workers). db alone
  // would run at rho 0.8 if nothing were turned away; api's workers spend most of
  // their time blocked on db, so api turns away about 15% of the requests.
  theory::LayeredModel m;
  m.lambda = 1.6;
  m.caller_workers = 2;
  m.caller_queue = 2;
  m.caller_rate = 4.0;
  m.callee_workers = 1;
  m.callee_rate = 2.0;
  check_layered(m, 10'200.0, 200.0, 20);
}

TEST_CASE("validation::layered: a callee's rejections fail the caller, matching the CTMC",
          "[validation]") {
  const theory::LayeredModel m = theory::rejecting_callee_model();
  const theory::LayeredSolution s = theory::solve_layered(m);
  const std::vector<json> reports = check_layered(m, 10'200.0, 200.0, 20);
  check_theory("db turned away",
               per_replication(reports,
                               [](const json& r) {
                                 return figure(r, "db", "rejected") / figure(r, "db", "arrivals");
                               }),
               s.call_rejection_per_s / s.callee_arrivals_per_s);
}

// The report's contract for a service (results.hpp, docs/report.md):
// `rejected` counts visits its own full waiting room turned away, `failed` every
// other failed departure. A caller whose call the callee turned away fails with
// the callee's reason (it travels up to the client as `rejected`), but the caller
// itself turned nobody away, so at the caller it is `failed`; otherwise a
// planner cannot tell an overloaded service from one whose dependency is.
TEST_CASE(
    "validation::layered: a visit failed by its callee's full room is failed, not "
    "rejected, at the caller",
    "[validation]") {
  const theory::LayeredModel m = theory::rejecting_callee_model();
  const theory::LayeredSolution s = theory::solve_layered(m);
  const json doc = scenario(
      "layered", 10'200.0, 200.0,
      {{"api", caller(m.caller_workers, exponential(1.0 / m.caller_rate),
                      json::array({{{"to", "db.e"}}}), m.caller_queue)},
       {"db", station(m.callee_workers, exponential(1.0 / m.callee_rate), m.callee_queue)}},
      "api.e", m.lambda);
  const std::vector<json> reports = run_replications(doc, 20);
  check_theory("api rejected (its own room full)",
               per_replication(reports,
                               [](const json& r) {
                                 return figure(r, "api", "rejected") / figure(r, "api", "arrivals");
                               }),
               s.room_rejection);
  check_theory("api failed (db turned the call away)",
               per_replication(reports,
                               [](const json& r) {
                                 return figure(r, "api", "failed") / figure(r, "api", "arrivals");
                               }),
               s.call_rejection_per_s / m.lambda);
}

}  // namespace
}  // namespace surge::validation
