// `surge analyze` against hand-computed traffic equations, the formula sheet's
// Erlang C, and the simulator (docs/analytic.md, "Validation").
//
// Work utilization is the Utilization Law (arrivals x mean work / servers): on a
// stable scenario the simulator's `work_utilization` must agree within the 99.9%
// Student-t interval of independent replications. Each expected figure is also
// computed by hand in the test, so the analysis is checked against arithmetic, not
// against itself.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/analytic/erlang.hpp"
#include "models/analytic/screening.hpp"
#include "tests/validation/layered_ctmc.hpp"
#include "tests/validation/queueing_harness.hpp"
#include "tests/validation/theory.hpp"

namespace surge::validation {
namespace {

analytic::Analysis analyze_doc(const json& doc) {
  const scenario::LoadResult loaded = scenario::load_scenario_text(doc.dump(), {});
  for (const auto& p : loaded.problems.list()) UNSCOPED_INFO(p.where << ": " << p.reason);
  REQUIRE(loaded.scenario.has_value());
  return analytic::analyze(loaded.scenario->graph);
}

const analytic::ServiceFigures& service_of(const analytic::Analysis& a, const std::string& name) {
  for (const auto& s : a.services)
    if (s.name == name) return s;
  FAIL("no service " << name);
  return a.services.front();
}

// A caller with one endpoint "e": `work`, then `calls`.
json caller(const json& workers, const json& work, json calls) {
  return {{"instances", 1},
          {"workers", workers},
          {"endpoints", {{"e", {{"work", work}, {"calls", std::move(calls)}}}}}};
}

// The predicted work utilizations equal the hand values and fall inside the
// simulator's 99.9% interval.
void check_against_simulation(const json& doc, const std::map<std::string, double>& by_hand,
                              int replications) {
  const analytic::Analysis a = analyze_doc(doc);
  const std::vector<json> reports = run_replications(doc, replications);
  for (const auto& [name, rho] : by_hand) {
    const analytic::ServiceFigures& s = service_of(a, name);
    INFO(name);
    CHECK(s.work_utilization == Approx(rho).epsilon(1e-12));
    CHECK_FALSE(s.saturated());
    check_theory(name + " work utilization",
                 per_replication(reports, service_figure(name, "work_utilization")),
                 s.work_utilization);
  }
}

TEST_CASE("validation::analytic: an M/M/c station's utilization and Erlang C wait",
          "[validation]") {
  // lambda 2, E[S] 1, c 3: rho = 2/3; Wq from the M/M/c closed form.
  const json doc =
      scenario("mmc", 20'500.0, 500.0, {{"s", station(3, exponential(1.0))}}, "s.e", 2.0);
  check_against_simulation(doc, {{"s", 2.0 / 3.0}}, 10);
  const analytic::ServiceFigures& s = service_of(analyze_doc(doc), "s");
  CHECK(s.arrivals_per_s == Approx(2.0));
  CHECK(s.wait_s == Approx(theory::MMc{2.0, 1.0, 3}.mean_wait()).epsilon(1e-12));
  CHECK(s.saturation_multiple == Approx(1.5).epsilon(1e-9));
  CHECK(s.work_saturation_multiple == Approx(1.5).epsilon(1e-12));
}

TEST_CASE("validation::analytic: a tandem where the caller holds workers during its call",
          "[validation]") {
  // front: 2 workers, 0.2 s of work, then calls back (1 worker, 0.3 s): rate 2.
  // work: front 2 x 0.2 / 2 = 0.2, back 2 x 0.3 = 0.6. back is an M/M/1 for its
  // own figures, but front is layered: its holding time is the exact chain's
  // (at most 2 visits ever at back, so less than back's M/M/1 response 0.75 s).
  const json doc =
      scenario("tandem", 20'500.0, 500.0,
               {{"front", caller(2, exponential(0.2), json::array({{{"to", "back.e"}}}))},
                {"back", station(1, exponential(0.3))}},
               "front.e", 2.0);
  check_against_simulation(doc, {{"front", 0.2}, {"back", 0.6}}, 10);
  const analytic::Analysis a = analyze_doc(doc);
  CHECK(service_of(a, "back").wait_s == Approx(theory::MM1{2.0, 1.0 / 0.3}.mean_wait()));
  theory::LayeredModel m;
  m.lambda = 2.0;
  m.caller_workers = 2;
  m.caller_queue = 80;  // rejection ~1e-12: the open model's chain
  m.caller_rate = 1.0 / 0.2;
  m.callee_workers = 1;
  m.callee_rate = 1.0 / 0.3;
  const theory::LayeredSolution exact = theory::solve_layered(m);
  REQUIRE(exact.room_rejection < 1e-9);
  const double holding = exact.caller_busy / m.lambda;
  CHECK(holding < 0.2 + 0.3 / 0.4);
  CHECK(service_of(a, "front").layered);
  CHECK_FALSE(service_of(a, "back").layered);
  CHECK(service_of(a, "front").mean_holding_s == Approx(holding).epsilon(1e-6));
  CHECK(service_of(a, "front").holding_utilization == Approx(2.0 * holding / 2.0).epsilon(1e-6));
  CHECK(service_of(a, "front").wait_s ==
        Approx(exact.caller_queue / m.lambda).epsilon(1e-6));
  CHECK(a.workloads.at(0).response_s == Approx(exact.caller_in_system / m.lambda).epsilon(1e-6));
  CHECK(a.bottleneck.has_value());
}

TEST_CASE("validation::analytic: fan-out with probability and count sets the visit ratios",
          "[validation]") {
  // front (unlimited, no work) calls a 3 times with probability 0.5, then b twice
  // in parallel; b calls c with probability 0.4. Per request: a 1.5, b 2, c 0.8.
  const json calls = json::array({{{"to", "a.e"}, {"probability", 0.5}, {"count", 3}},
                                  {{"to", "b.e"}, {"count", 2}, {"parallel", true}}});
  const json doc = scenario(
      "fanout", 10'500.0, 500.0,
      {{"front", caller("unlimited", deterministic(0.0), calls)},
       {"a", station(2, exponential(0.4))},
       {"b", caller(2, exponential(0.35), json::array({{{"to", "c.e"}, {"probability", 0.4}}}))},
       {"c", station(1, exponential(0.5))}},
      "front.e", 1.0);
  const analytic::Analysis a = analyze_doc(doc);
  std::map<std::string, double> visits(a.workloads.at(0).visits.begin(),
                                       a.workloads.at(0).visits.end());
  CHECK(visits.at("front.e") == Approx(1.0));
  CHECK(visits.at("a.e") == Approx(1.5));
  CHECK(visits.at("b.e") == Approx(2.0));
  CHECK(visits.at("c.e") == Approx(0.8));
  // rho: a 1.5 x 0.4 / 2 = 0.3; b 2 x 0.35 / 2 = 0.35; c 0.8 x 0.5 = 0.4.
  check_against_simulation(doc, {{"a", 0.3}, {"b", 0.35}, {"c", 0.4}}, 10);
  CHECK(std::isinf(service_of(a, "front").work_saturation_multiple));
  CHECK(a.bottleneck.has_value());
  CHECK(a.services[*a.bottleneck].name != "front");
}

TEST_CASE("validation::analytic: a scenario the simulator shows saturated is flagged",
          "[validation]") {
  SECTION("its own work overloads a station") {
    // lambda 1.2 into one worker of 1 s: rho 1.2; saturates at 1/1.2 of the rate.
    const json doc =
        scenario("over", 2'100.0, 100.0, {{"s", station(1, exponential(1.0))}}, "s.e", 1.2);
    const analytic::ServiceFigures& s = service_of(analyze_doc(doc), "s");
    CHECK(s.saturated());
    CHECK(std::isinf(s.wait_s));
    CHECK(s.saturation_multiple == Approx(1.0 / 1.2).epsilon(1e-9));
    const json report = run_replication(doc, 0);
    CHECK(report.at("services").at("s").at("work_utilization").get<double>() > 0.99);
  }
  SECTION("workers held on calls overload a caller whose own work is light") {
    // front: 2 workers, 0.01 s of work, then db (4 workers, 0.5 s) at rate 5.
    // db is stable (rho 0.625) but a front worker is held ~0.53 s: 5 x 0.53 > 2.
    const json doc =
        scenario("held", 2'100.0, 100.0,
                 {{"front", caller(2, exponential(0.01), json::array({{{"to", "db.e"}}}))},
                  {"db", station(4, exponential(0.5))}},
                 "front.e", 5.0);
    const analytic::Analysis a = analyze_doc(doc);
    const analytic::ServiceFigures& front = service_of(a, "front");
    CHECK(front.work_utilization == Approx(0.025));
    CHECK(front.saturated());
    CHECK_FALSE(service_of(a, "db").saturated());
    CHECK(a.services[*a.bottleneck].name == "front");
    const json report = run_replication(doc, 0);
    CHECK(report.at("services").at("front").at("utilization").get<double>() > 0.99);
  }
}

// The formula sheet's Erlang C, with its factorials, for small c.
double erlang_c_closed_form(int c, double a) {
  double sum = 0.0, term = 1.0;  // a^k / k!
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const double top = term * c / (c - a);  // a^c / c! * c / (c - a)
  return top / (sum + top);
}

TEST_CASE("validation::analytic: Erlang C and the M/M/c wait match the closed form",
          "[validation]") {
  for (const int c : {1, 2, 3, 5, 10, 40}) {
    for (const double rho : {0.05, 0.3, 0.7, 0.95, 0.999}) {
      const double a = rho * c;
      INFO("c = " << c << ", a = " << a);
      const double closed = erlang_c_closed_form(c, a);
      CHECK(analytic::erlang_c(static_cast<std::uint64_t>(c), a) == Approx(closed).epsilon(1e-12));
      // Wq = C / (c mu - lambda) with mu = 2 (holding 0.5 s), lambda = a mu.
      CHECK(analytic::mmc_mean_wait(static_cast<std::uint64_t>(c), 2.0 * a, 0.5) ==
            Approx(closed / (2.0 * c - 2.0 * a)).epsilon(1e-12));
    }
  }
  CHECK(analytic::mmc_mean_wait(1, 0.5, 1.0) == Approx(1.0));  // M/M/1: rho / (mu - lambda)
  CHECK(analytic::erlang_c(3, 3.0) == 1.0);
  CHECK(std::isinf(analytic::mmc_mean_wait(3, 3.0, 1.0)));
  // A huge pool lightly loaded: no wait, and the recursion stops early.
  CHECK(analytic::erlang_c(4'000'000'000ULL, 10.0) == 0.0);
}

}  // namespace
}  // namespace surge::validation
