#include "models/analytic/layered_estimate.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace surge::analytic {
namespace {

using Matrix = Eigen::MatrixXd;
using Vector = Eigen::VectorXd;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int kMaxReductions = 64;  // logarithmic reduction doubles the levels covered per step

// Phase b of a level (b visits at the callee) and the rates that move it.
struct Rates {
  double lambda, own_rate, call_rate, servers;
  [[nodiscard]] double callee(int b) const { return std::min<double>(b, servers) * call_rate; }
};

// Level N < c has phases b = 0..N (N - b visits in their own work); levels N >= c
// have b = 0..c. Local: own work ends (b -> b + 1) and the diagonal; up: an arrival
// (same b); down: the callee answers (b -> b - 1, a freed worker takes a waiting
// visit into its own work).
Matrix local(const Rates& r, int level, int c) {
  const int busy = std::min(level, c);
  Matrix m = Matrix::Zero(busy + 1, busy + 1);
  for (int b = 0; b <= busy; ++b) {
    const double own = (busy - b) * r.own_rate;
    if (b < busy) m(b, b + 1) = own;
    m(b, b) = -(r.lambda + own + r.callee(b));
  }
  return m;
}

Matrix up(const Rates& r, int level, int c) {
  const int from = std::min(level, c) + 1, to = std::min(level + 1, c) + 1;
  Matrix m = Matrix::Zero(from, to);
  for (int b = 0; b < from; ++b) m(b, b) = r.lambda;
  return m;
}

Matrix down(const Rates& r, int level, int c) {
  const int from = std::min(level, c) + 1, to = std::min(level - 1, c) + 1;
  Matrix m = Matrix::Zero(from, to);
  for (int b = 1; b < from; ++b) m(b, b - 1) = r.callee(b);
  return m;
}

// The throughput of c visits cycling own work -> callee: a birth-death chain in b.
double capacity(const Rates& r, int c) {
  std::vector<double> p(static_cast<std::size_t>(c) + 1, 1.0);
  double total = 1.0, served = 0.0;
  for (int b = 1; b <= c; ++b) {
    const auto i = static_cast<std::size_t>(b);
    p[i] = p[i - 1] * (c - b + 1) * r.own_rate / r.callee(b);
    total += p[i];
    served += p[i] * r.callee(b);
  }
  return served / total;
}

// R, the minimal solution of A0 + R A1 + R^2 A2 = 0, through G (A2 + A1 G + A0 G^2 = 0)
// by logarithmic reduction; quadratic convergence, so loads near 1 cost few steps.
Matrix rate_matrix(const Matrix& a0, const Matrix& a1, const Matrix& a2) {
  const auto n = a1.rows();
  const Eigen::PartialPivLU<Matrix> minus_a1(-a1);
  Matrix b0 = minus_a1.solve(a0), b2 = minus_a1.solve(a2);
  Matrix g = b2, t = b0;
  const Matrix identity = Matrix::Identity(n, n);
  for (int step = 0; step < kMaxReductions; ++step) {
    const Eigen::PartialPivLU<Matrix> lu(identity - (b0 * b2 + b2 * b0));
    const Matrix next_b0 = lu.solve(b0 * b0), next_b2 = lu.solve(b2 * b2);
    g += t * next_b2;
    t = t * next_b0;
    b0 = next_b0;
    b2 = next_b2;
    // G is stochastic at the end (the levels above c are positive recurrent); the
    // terms added shrink doubly exponentially, until they no longer count.
    if ((Vector::Ones(n) - g.rowwise().sum()).cwiseAbs().maxCoeff() < 1e-14 ||
        t.cwiseAbs().maxCoeff() < 1e-300)
      break;
  }
  return a0 * (-a1 - a0 * g).inverse();
}

}  // namespace

LayeredEstimate estimate_layered(const LayeredInput& in) {
  const int c = static_cast<int>(in.workers);
  // A visit that calls at once would make the own-work phase instantaneous; a
  // millionth of the call time changes the answer by about as much.
  const double own_s = std::max(in.own_s, 1e-6 * in.call_s);
  const Rates r{in.lambda, 1.0 / own_s, 1.0 / in.call_s, in.callee_servers};
  LayeredEstimate out;
  out.capacity_per_s = capacity(r, c);
  if (in.lambda <= 0.0) {
    out.holding_s = out.response_s = own_s + in.call_s;
    return out;
  }
  if (in.lambda >= out.capacity_per_s) {
    out.saturated = true;
    out.response_s = out.wait_s = kInf;
    out.holding_s = c / out.capacity_per_s;  // lambda x holding / c = lambda / capacity
    out.p_wait = 1.0;
    return out;
  }
  const Matrix a0 = up(r, c, c), a1 = local(r, c, c), a2 = down(r, c + 1, c);
  const Matrix rm = rate_matrix(a0, a1, a2);

  // Linear level reduction: pi_N = pi_{N-1} S_N for N = c, c-1, ..., 1, with
  // S_c = U_{c-1} (-(A1 + R A2))^-1 and S_N = U_{N-1} (-(L_N + S_{N+1} D_{N+1}))^-1.
  std::vector<Matrix> s(static_cast<std::size_t>(c) + 1);
  Matrix below = a1 + rm * a2;  // level c's balance with everything above folded in
  for (int level = c; level >= 1; --level) {
    s[static_cast<std::size_t>(level)] = up(r, level - 1, c) * (-below).inverse();
    if (level > 1)
      below = local(r, level - 1, c) + s[static_cast<std::size_t>(level)] * down(r, level, c);
  }
  std::vector<Vector> pi(static_cast<std::size_t>(c) + 1);
  pi[0] = Vector::Ones(1);
  for (int level = 1; level <= c; ++level) {
    const auto i = static_cast<std::size_t>(level);
    pi[i] = (pi[i - 1].transpose() * s[i]).transpose();
  }
  // Levels >= c: sum_j pi_c R^j = pi_c (I - R)^-1, and sum_j j pi_c R^j = pi_c R (I - R)^-2.
  const Matrix tail = (Matrix::Identity(c + 1, c + 1) - rm).inverse();
  const Vector ones = Vector::Ones(c + 1);
  const double at_c_or_more = pi[static_cast<std::size_t>(c)].dot(tail * ones);
  const double queued = pi[static_cast<std::size_t>(c)].dot(rm * tail * tail * ones);
  double total = at_c_or_more, busy = c * at_c_or_more;
  for (int level = 0; level < c; ++level) {
    const double p = pi[static_cast<std::size_t>(level)].sum();
    total += p;
    busy += level * p;
  }
  out.p_wait = at_c_or_more / total;
  out.holding_s = busy / total / in.lambda;  // Little's law on the busy workers
  out.wait_s = queued / total / in.lambda;   // and on the waiting visits
  out.response_s = out.holding_s + out.wait_s;
  if (!std::isfinite(out.response_s) || out.wait_s < 0.0) {
    // Rounding this close to the capacity: read as saturated, the safe side.
    out.saturated = true;
    out.response_s = out.wait_s = kInf;
    out.holding_s = c / out.capacity_per_s;
    out.p_wait = 1.0;
  }
  return out;
}

}  // namespace surge::analytic
