// The formulas of theory.hpp and the chain of layered_ctmc.hpp against values
// worked out by hand and against each other, before any of them judges the
// simulator. Exact arithmetic up to rounding: these checks are deterministic, so
// their tolerances are floating-point ones, not statistical.
#include <Eigen/Dense>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "tests/validation/layered_ctmc.hpp"
#include "tests/validation/theory.hpp"

namespace surge::theory {
namespace {

using Catch::Matchers::WithinRel;

constexpr double kRel = 1e-12;

TEST_CASE("validation::theory: Erlang B and C by hand", "[validation]") {
  // B(1, 1) = 1 * 1 / (1 + 1) = 1/2; B(2, 1) = 1 * (1/2) / (2 + 1/2) = 1/5.
  CHECK_THAT(erlang_b(1, 1.0), WithinRel(0.5, kRel));
  CHECK_THAT(erlang_b(2, 1.0), WithinRel(0.2, kRel));
  CHECK(erlang_b(0, 3.0) == 1.0);
  // C(2, 1): a^c/c! c/(c - a) = 1/2 * 2 = 1; sum_{k<2} a^k/k! = 2; C = 1/3.
  CHECK_THAT(erlang_c(2, 1.0), WithinRel(1.0 / 3.0, kRel));
  // C(1, a) = a: an M/M/1 arrival waits with probability rho.
  CHECK_THAT(erlang_c(1, 0.7), WithinRel(0.7, kRel));
  // C(4, 3.2) from the defining sum, term by term.
  const double a = 3.2;
  double sum = 0.0, term = 1.0;
  for (int k = 0; k < 4; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const double top = term * 4.0 / (4.0 - a);  // term = a^4/4! here
  CHECK_THAT(erlang_c(4, a), WithinRel(top / (sum + top), kRel));
}

TEST_CASE("validation::theory: M/M/c with one server is M/M/1", "[validation]") {
  for (double lambda : {0.5, 0.9}) {
    const MM1 one{lambda, 1.0};
    const MMc c1{lambda, 1.0, 1};
    CHECK_THAT(c1.mean_response(), WithinRel(one.mean_response(), kRel));
    CHECK_THAT(c1.mean_wait(), WithinRel(one.mean_wait(), kRel));
    CHECK_THAT(c1.mean_in_system(), WithinRel(one.mean_in_system(), kRel));
  }
  // rho 0.5: W = 1/(1 - 0.5) = 2, Wq = 1, L = 1.
  CHECK_THAT((MM1{0.5, 1.0}.mean_response()), WithinRel(2.0, kRel));
  CHECK_THAT((MM1{0.5, 1.0}.mean_wait()), WithinRel(1.0, kRel));
  CHECK_THAT((MM1{0.5, 1.0}.mean_in_system()), WithinRel(1.0, kRel));
}

TEST_CASE("validation::theory: M/M/c/K limits and hand cases", "[validation]") {
  // K = c: the loss system, Erlang B.
  for (int c : {1, 2, 5}) {
    const MMcK loss{2.0, 1.0, c, 0};
    CHECK_THAT(loss.blocking(), WithinRel(erlang_b(c, 2.0), kRel));
  }
  // c = 1, K = 2, a = 1: p = (1, 1, 1)/3; blocking 1/3, L = 1, throughput 2/3.
  const MMcK small{1.0, 1.0, 1, 1};
  CHECK_THAT(small.blocking(), WithinRel(1.0 / 3.0, kRel));
  CHECK_THAT(small.mean_in_system(), WithinRel(1.0, kRel));
  CHECK_THAT(small.throughput(), WithinRel(2.0 / 3.0, kRel));
  CHECK_THAT(small.p_wait(), WithinRel(1.0 / 3.0, kRel));
  // A long waiting room at rho 0.8 approaches M/M/c (the tail beyond 2000 is ~0.8^2000).
  const MMcK deep{3.2, 1.0, 4, 2000};
  const MMc open{3.2, 1.0, 4};
  CHECK_THAT(deep.mean_in_system(), WithinRel(open.mean_in_system(), 1e-9));
  CHECK_THAT(deep.p_wait(), WithinRel(open.p_wait(), 1e-9));
  CHECK_THAT(deep.mean_queue(), WithinRel(open.mean_queue(), 1e-9));
}

TEST_CASE("validation::theory: Pollaczek-Khinchine special cases", "[validation]") {
  // cv 1 is M/M/1.
  CHECK_THAT((MG1{0.9, 1.0, 1.0}.mean_wait()), WithinRel(MM1{0.9, 1.0}.mean_wait(), kRel));
  // M/D/1: Wq = rho / (2 mu (1 - rho)); rho 0.5, mu 1: 0.5.
  CHECK_THAT((MG1{0.5, 1.0, 0.0}.mean_wait()), WithinRel(0.5, kRel));
}

TEST_CASE("validation::theory: Jackson traffic equations", "[validation]") {
  // One station with feedback p: lambda = gamma / (1 - p).
  Eigen::VectorXd gamma(1);
  gamma << 2.0;
  Eigen::MatrixXd p(1, 1);
  p << 0.75;
  CHECK_THAT(jackson_traffic(gamma, p)(0), WithinRel(8.0, kRel));
  // 0 -> 1 always, 1 -> 2 with 0.6, then out; 0 -> 2 never directly.
  Eigen::VectorXd g3(3);
  g3 << 1.0, 0.0, 0.0;
  Eigen::MatrixXd p3 = Eigen::MatrixXd::Zero(3, 3);
  p3(0, 1) = 1.0;
  p3(1, 2) = 0.6;
  const Eigen::VectorXd l3 = jackson_traffic(g3, p3);
  CHECK_THAT(l3(0), WithinRel(1.0, kRel));
  CHECK_THAT(l3(1), WithinRel(1.0, kRel));
  CHECK_THAT(l3(2), WithinRel(0.6, kRel));
  // A tandem's E[T] is the sum of its stations' W.
  const std::vector<int> c = {1, 2, 1};
  const std::vector<double> mu = {2.0, 1.0, 4.0};
  Eigen::MatrixXd tandem = Eigen::MatrixXd::Zero(3, 3);
  tandem(0, 1) = 1.0;
  tandem(1, 2) = 1.0;
  const double sum = MMc{1.0, 2.0, 1}.mean_response() + MMc{1.0, 1.0, 2}.mean_response() +
                     MMc{1.0, 4.0, 1}.mean_response();
  CHECK_THAT(jackson_mean_response(g3, tandem, c, mu), WithinRel(sum, kRel));
}

// Checks the invariants every solved chain must satisfy.
void check_chain(const LayeredModel& m, const LayeredSolution& s) {
  REQUIRE(s.pi.size() == static_cast<Eigen::Index>(s.states.size()));
  // Rounding scales with the largest rate in Q.
  const double scale = s.generator.cwiseAbs().maxCoeff();
  CHECK(s.residual < 1e-12 * scale);
  CHECK_THAT(s.pi.sum(), WithinRel(1.0, kRel));
  CHECK(s.pi.minCoeff() > 0.0);  // irreducible
  for (Eigen::Index i = 0; i < s.generator.rows(); ++i)
    CHECK(std::abs(s.generator.row(i).sum()) < 1e-12 * scale);
  // Flow conservation: admitted = answered ok + failed by the callee.
  CHECK_THAT(m.lambda * (1.0 - s.room_rejection),
             WithinRel(s.completed_per_s + s.call_rejection_per_s, 1e-10));
  // The callee's completions equal the caller's ok answers.
  CHECK_THAT(s.callee_busy * m.callee_rate, WithinRel(s.completed_per_s, 1e-10));
}

TEST_CASE("validation::layered_ctmc: no waiting anywhere is Erlang B (insensitivity)",
          "[validation]") {
  // With no caller waiting room and a callee that never queues, each caller worker
  // is held for work + call ~ exp(mu1) + exp(mu2): an M/G/c/c loss system whose
  // blocking is Erlang B at a = lambda (1/mu1 + 1/mu2), whatever the holding law.
  for (int c : {1, 2, 3}) {
    LayeredModel m;
    m.lambda = 1.3;
    m.caller_workers = c;
    m.caller_queue = 0;
    m.caller_rate = 2.0;
    m.callee_workers = c;  // one callee worker per caller worker: no waiting
    m.callee_rate = 0.8;
    const LayeredSolution s = solve_layered(m);
    check_chain(m, s);
    const double a = m.lambda * (1.0 / m.caller_rate + 1.0 / m.callee_rate);
    CHECK_THAT(s.room_rejection, WithinRel(erlang_b(c, a), 1e-10));
    // Little: E[busy caller workers] = admitted rate x mean holding time.
    CHECK_THAT(s.caller_busy, WithinRel(m.lambda * (1.0 - erlang_b(c, a)) *
                                            (1.0 / m.caller_rate + 1.0 / m.callee_rate),
                                        1e-10));
  }
}

TEST_CASE("validation::layered_ctmc: an instant callee leaves the caller M/M/c/K", "[validation]") {
  LayeredModel m;
  m.lambda = 1.8;
  m.caller_workers = 2;
  m.caller_queue = 2;
  m.caller_rate = 1.0;
  m.callee_workers = 1;
  m.callee_rate = 1e9;  // calls take ~1 ns: the caller alone remains
  const LayeredSolution s = solve_layered(m);
  check_chain(m, s);
  const MMcK alone{1.8, 1.0, 2, 2};
  // Deviation O(lambda / callee_rate) ~ 1e-9.
  CHECK_THAT(s.room_rejection, WithinRel(alone.blocking(), 1e-6));
  CHECK_THAT(s.caller_in_system, WithinRel(alone.mean_in_system(), 1e-6));
  CHECK_THAT(s.caller_waited, WithinRel(alone.p_wait(), 1e-6));
}

TEST_CASE("validation::layered_ctmc: a callee that turns calls away", "[validation]") {
  // Three caller workers, one callee worker and no callee waiting room: calls find
  // the callee busy and fail the caller's visit.
  const LayeredModel m = rejecting_callee_model();
  const LayeredSolution s = solve_layered(m);
  check_chain(m, s);
  CHECK(s.call_rejection_per_s > 0.1);
  // States: b in {0, 1}; for b = 0: a = 0..3, with n in {0, 1} when a = 3 (5 states);
  // for b = 1: a = 0..2, with n in {0, 1} when a = 2 (4 states).
  CHECK(s.states.size() == 9);
}

}  // namespace
}  // namespace surge::theory
