// The exact continuous-time Markov chain of a two-layer model with workers held
// during a synchronous call (docs/validation.md, "Networks"): layered queueing has no
// product form, so the validation tests build the chain and solve pi Q = 0 with
// Eigen (Kleinrock, Queueing Systems vol. 1, ch. 3; the layered model as in
// Woodside et al., "The Stochastic Rendezvous Network Model", IEEE TC 1995).
//
// The model, as surge simulates it (docs/model.md):
//   - Poisson arrivals at rate lambda to a caller with one instance of
//     `caller_workers` workers and a FIFO waiting room of `caller_queue` visits;
//     a newcomer that finds every worker busy and the room full is turned away.
//   - A caller visit takes a worker, works exp(caller_rate), then calls the callee
//     synchronously and keeps its worker until the answer.
//   - The callee has one instance of `callee_workers` workers and a waiting room of
//     `callee_queue` visits (kUnlimitedQueue: never full), work exp(callee_rate).
//     A call the callee turns away fails the caller's visit at once ("the callee's
//     reason travels up"), which frees the caller's worker.
//   - A freed caller worker takes the oldest waiting visit at once.
// The callee only ever holds visits of caller workers, so the chain is finite.
//
// State (n, a, b): n visits in the caller's waiting room, a caller workers doing
// their own work, b caller workers blocked on a call (= visits at the callee).
// Invariants: a + b <= caller_workers; n > 0 only when a + b = caller_workers;
// b <= callee_workers + callee_queue.
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <vector>

namespace surge::theory {

inline constexpr int kUnlimitedQueue = -1;

struct LayeredModel {
  double lambda = 1.0;
  int caller_workers = 1;
  int caller_queue = 0;      // finite: it bounds the chain
  double caller_rate = 1.0;  // 1 / mean own work of the caller
  int callee_workers = 1;
  int callee_queue = kUnlimitedQueue;
  double callee_rate = 1.0;  // 1 / mean work of the callee
};

// Three caller workers with a room of one, one callee worker and no callee room:
// a call that finds the callee busy is turned away and fails the caller's visit.
// Shared by the chain's own check and the simulator's comparison with it.
inline LayeredModel rejecting_callee_model() {
  LayeredModel m;
  m.lambda = 2.0;
  m.caller_workers = 3;
  m.caller_queue = 1;
  m.caller_rate = 2.0;
  m.callee_workers = 1;
  m.callee_queue = 0;
  m.callee_rate = 1.5;
  return m;
}

struct LayeredState {
  int n = 0;  // waiting at the caller
  int a = 0;  // caller workers in their own work
  int b = 0;  // caller workers blocked on the callee (visits at the callee)
};

// Long-run figures, named after the report keys they predict.
struct LayeredSolution {
  std::vector<LayeredState> states;
  Eigen::MatrixXd generator;  // Q, rows sum to 0
  Eigen::VectorXd pi;         // stationary distribution
  double residual = 0.0;      // max |pi Q|, a check of the solve

  double completed_per_s = 0.0;        // caller visits answered ok per second
  double room_rejection = 0.0;         // P(an arrival finds the caller full), by PASTA
  double call_rejection_per_s = 0.0;   // caller visits failed by the callee's full room
  double caller_in_system = 0.0;       // E[n + a + b]
  double caller_queue = 0.0;           // E[n]
  double caller_busy = 0.0;            // E[a + b]
  double caller_working = 0.0;         // E[a]
  double caller_waited = 0.0;          // P(an arrival is admitted and waits)
  double callee_arrivals_per_s = 0.0;  // calls made, admitted or not
  double callee_in_system = 0.0;       // E[b]
  double callee_busy = 0.0;            // E[min(b, callee_workers)]
};

namespace detail {

inline int callee_limit(const LayeredModel& m) {
  // The callee never holds more than one visit per caller worker.
  if (m.callee_queue == kUnlimitedQueue) return m.caller_workers;
  return std::min(m.caller_workers, m.callee_workers + m.callee_queue);
}

}  // namespace detail

// Builds Q and solves pi Q = 0 with sum pi = 1 (one balance equation replaced by
// the normalisation, which makes the system regular for an irreducible chain).
// REQUIRES: lambda, caller_rate, callee_rate > 0; caller_workers, callee_workers >= 1;
// caller_queue >= 0; callee_queue >= 0 or kUnlimitedQueue.
[[nodiscard]] inline LayeredSolution solve_layered(const LayeredModel& m) {
  LayeredSolution out;
  const int c1 = m.caller_workers;
  const int c2 = m.callee_workers;
  const int b_max = detail::callee_limit(m);
  std::map<std::tuple<int, int, int>, Eigen::Index> index;
  for (int b = 0; b <= b_max; ++b) {
    for (int a = 0; a + b <= c1; ++a) {
      const int n_max = a + b == c1 ? m.caller_queue : 0;
      for (int n = 0; n <= n_max; ++n) {
        index[{n, a, b}] = static_cast<Eigen::Index>(out.states.size());
        out.states.push_back({n, a, b});
      }
    }
  }
  const auto size = static_cast<Eigen::Index>(out.states.size());
  Eigen::MatrixXd& q = out.generator;
  q = Eigen::MatrixXd::Zero(size, size);
  const auto add = [&](Eigen::Index from, int n, int a, int b, double rate) {
    const Eigen::Index to = index.at({n, a, b});
    q(from, to) += rate;
    q(from, from) -= rate;
  };
  // A caller worker frees up: it takes the oldest waiting visit (a + 1) if any.
  const auto freed = [](int n, int a) {
    return n > 0 ? std::make_pair(n - 1, a + 1) : std::make_pair(0, a);
  };
  for (Eigen::Index i = 0; i < size; ++i) {
    const auto [n, a, b] = out.states[static_cast<std::size_t>(i)];
    if (a + b < c1) {
      add(i, n, a + 1, b, m.lambda);
    } else if (n < m.caller_queue) {
      add(i, n + 1, a, b, m.lambda);
    }  // else turned away: no change of state
    if (a > 0) {
      const double rate = a * m.caller_rate;
      if (b < b_max || m.callee_queue == kUnlimitedQueue) {
        add(i, n, a - 1, b + 1, rate);  // the call is admitted
      } else {
        const auto [n2, a2] = freed(n, a - 1);  // rejected: the caller's visit fails
        add(i, n2, a2, b, rate);
      }
    }
    if (b > 0) {
      const auto [n2, a2] = freed(n, a);  // the callee answers ok
      add(i, n2, a2, b - 1, std::min(b, c2) * m.callee_rate);
    }
  }

  Eigen::MatrixXd system = q.transpose();
  system.row(size - 1).setOnes();
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(size);
  rhs(size - 1) = 1.0;
  out.pi = system.fullPivLu().solve(rhs);
  out.residual = (out.pi.transpose() * q).cwiseAbs().maxCoeff();

  for (Eigen::Index i = 0; i < size; ++i) {
    const auto [n, a, b] = out.states[static_cast<std::size_t>(i)];
    const double p = out.pi(i);
    const bool full = a + b == c1;
    out.completed_per_s += p * std::min(b, c2) * m.callee_rate;
    if (full && n == m.caller_queue) out.room_rejection += p;
    if (full && n < m.caller_queue) out.caller_waited += p;
    if (m.callee_queue != kUnlimitedQueue && b == b_max && b_max < c1)
      out.call_rejection_per_s += p * a * m.caller_rate;
    out.caller_in_system += p * (n + a + b);
    out.caller_queue += p * n;
    out.caller_busy += p * (a + b);
    out.caller_working += p * a;
    out.callee_arrivals_per_s += p * a * m.caller_rate;
    out.callee_in_system += p * b;
    out.callee_busy += p * std::min(b, c2);
  }
  return out;
}

}  // namespace surge::theory
