// `surge analyze` on layered models (a caller whose workers are held during a
// synchronous call) against the exact Markov chain of layered_ctmc.hpp, beside the
// classic layered-queueing approximation (docs/analytic.md, "Layered services").
//
// The classic reading is the method of layers (Rolia and Sevcik, IEEE TSE 1995; the
// same decomposition as SRVN, Woodside et al. 1995), written here from its papers:
// the callee is a closed submodel whose customers are the caller's c1 workers, each
// thinking for Z = c1 / lambda - R2 between calls (solved exactly by convolution),
// and the caller an M/M/c1 queue whose service time is its own work plus the callee
// response R2, iterated to a fixed point. The test asserts that surge's estimate
// is within 5% of the exact value where the classic one is 7-18% off, on each model.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "models/analytic/erlang.hpp"
#include "models/analytic/screening.hpp"
#include "tests/validation/layered_ctmc.hpp"
#include "tests/validation/queueing_harness.hpp"

namespace surge::validation {
namespace {

// The throughput of k customers in a closed network of a delay station (demand z)
// and an m-server station (demand d), for k = 0..n: X(k) = G(k-1) / G(k), with G the
// normalizing constants by convolution (scaled by the larger demand against overflow).
std::vector<double> closed_throughput(int n, double z, double d, int m) {
  const double scale = std::max(z, d);
  std::vector<double> delay(n + 1, 1.0), queue(n + 1, 1.0), g(n + 1, 0.0), x(n + 1, 0.0);
  for (int j = 1; j <= n; ++j) {
    delay[j] = delay[j - 1] * z / scale / j;
    queue[j] = queue[j - 1] * d / scale / std::min(j, m);
  }
  for (int k = 0; k <= n; ++k)
    for (int j = 0; j <= k; ++j) g[k] += delay[j] * queue[k - j];
  for (int k = 1; k <= n; ++k) x[k] = g[k - 1] / g[k] / scale;
  return x;
}

// The method of layers' end-to-end response for the model.
double classic_layered_response(const theory::LayeredModel& m) {
  const double own = 1.0 / m.caller_rate, call = 1.0 / m.callee_rate;
  const int c1 = m.caller_workers;
  double r2 = call;
  for (int i = 0; i < 10'000; ++i) {
    const double think = c1 / m.lambda - r2;
    REQUIRE(think > 0.0);
    const double x = closed_throughput(c1, think, call, m.callee_workers)[c1];
    const double next = c1 / x - think;
    const bool settled = std::abs(next - r2) < 1e-13 * r2;
    r2 = 0.5 * (r2 + next);  // damped: the plain iteration can oscillate
    if (settled) break;
  }
  const double holding = own + r2;
  return analytic::mmc_mean_wait(static_cast<std::uint64_t>(c1), m.lambda, holding) + holding;
}

// The exact mean response: Little's law on the chain, with a caller room so large
// that fewer than 1e-7 of arrivals are turned away.
double exact_response(theory::LayeredModel m, double load) {
  m.caller_queue = static_cast<int>(std::ceil(std::log(1e-7) / std::log(load))) + 5;
  const theory::LayeredSolution s = theory::solve_layered(m);
  REQUIRE(s.room_rejection < 1e-7);
  return s.caller_in_system / (m.lambda * (1.0 - s.room_rejection));
}

double surge_response(const theory::LayeredModel& m) {
  const json api = {
      {"instances", 1},
      {"workers", m.caller_workers},
      {"endpoints",
       {{"e", {{"work", exponential(1.0 / m.caller_rate)}, {"calls", {{{"to", "db.e"}}}}}}}}};
  const json doc =
      scenario("layered", 1'100.0, 100.0,
               {{"api", api}, {"db", station(m.callee_workers, exponential(1.0 / m.callee_rate))}},
               "api.e", m.lambda);
  const scenario::LoadResult loaded = scenario::load_scenario_text(doc.dump(), {});
  REQUIRE(loaded.scenario.has_value());
  const analytic::Analysis a = analytic::analyze(loaded.scenario->graph);
  CHECK(a.services.at(0).layered);
  return a.workloads.at(0).response_s;
}

struct Case {
  int caller_workers;
  double caller_rate;
  int callee_workers;
  double lambda;
  double load;  // lambda over the caller's saturation throughput (docs/analytic.md)
};

TEST_CASE("validation::analytic: layered estimate within 5% of the exact chain, classic 7-18% off",
          "[validation]") {
  // The callee's rate is 1 throughout; the docs' table lists these models and errors.
  const std::vector<Case> cases = {
      {1, 4.0, 1, 0.72, 0.9}, {2, 1.0, 2, 0.7, 0.7},  {3, 2.0, 2, 1.39, 0.8},
      {4, 1.0, 2, 1.53, 0.9}, {4, 1.0, 3, 1.76, 0.9}, {6, 2.0, 3, 1.76, 0.6},
      {6, 1.0, 1, 0.5, 0.5},  {8, 2.0, 4, 2.76, 0.7}, {8, 4.0, 2, 1.0, 0.5},
  };
  for (const Case& c : cases) {
    theory::LayeredModel m;
    m.lambda = c.lambda;
    m.caller_workers = c.caller_workers;
    m.caller_rate = c.caller_rate;
    m.callee_workers = c.callee_workers;
    m.callee_rate = 1.0;
    const double exact = exact_response(m, c.load);
    const double ours = surge_response(m);
    const double classic = classic_layered_response(m);
    INFO("c1 " << c.caller_workers << ", mu1 " << c.caller_rate << ", c2 " << c.callee_workers
               << ", lambda " << c.lambda << ": exact " << exact << ", surge " << ours
               << ", classic " << classic);
    CHECK(std::abs(ours / exact - 1.0) < 0.05);
    // Stronger: for one caller over its own callee the chain surge solves is the exact
    // one (the reference turns away up to 1e-7 of arrivals, hence not 1e-9).
    CHECK(std::abs(ours / exact - 1.0) < 1e-6);
    const double classic_error = std::abs(classic / exact - 1.0);
    CHECK(classic_error >= 0.07);
    CHECK(classic_error <= 0.18);
    WARN("c1=" << c.caller_workers << " mu1=" << c.caller_rate << " c2=" << c.callee_workers
               << " lambda=" << c.lambda << " exact=" << exact << " surge=" << ours
               << " classic=" << classic << " (" << 100.0 * (classic / exact - 1.0) << "%)");
  }
}

}  // namespace
}  // namespace surge::validation
