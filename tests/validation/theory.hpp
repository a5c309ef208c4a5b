// Exact queueing results the validation tests compare the simulator with
// (docs/validation.md, "Single stations" and "Networks").
//
// Everything here is computed from the formulas alone, independently of the
// simulator: no surge header is included but Eigen's. Notation as in docs/validation.md:
// lambda arrival rate, mu service rate (E[S] = 1/mu), c servers, a = lambda/mu the
// offered load, rho = a/c. Rates per second, times in seconds.
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace surge::theory {

// Erlang B, the blocking probability of M/G/c/c (insensitive to the work
// distribution), by the stable recursion B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)).
// REQUIRES: c >= 0, a >= 0.
[[nodiscard]] inline double erlang_b(int c, double a) {
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (static_cast<double>(k) + a * b);
  return b;
}

// Erlang C, the probability that an arrival to M/M/c waits:
// C(c, a) = [a^c/c! c/(c - a)] / [sum_{k<c} a^k/k! + a^c/c! c/(c - a)],
// computed from Erlang B through C = c B / (c - a (1 - B)) (same quantity, no
// factorials to overflow). REQUIRES: 0 <= a < c.
[[nodiscard]] inline double erlang_c(int c, double a) {
  const double b = erlang_b(c, a);
  const double cd = static_cast<double>(c);
  return cd * b / (cd - a * (1.0 - b));
}

// M/M/c with unlimited waiting room. REQUIRES: lambda < c mu.
struct MMc {
  double lambda;
  double mu;
  int c;

  [[nodiscard]] double offered() const { return lambda / mu; }
  [[nodiscard]] double rho() const { return offered() / static_cast<double>(c); }
  // P(wait) = C(c, a).
  [[nodiscard]] double p_wait() const { return erlang_c(c, offered()); }
  // Wq = C / (c mu - lambda).
  [[nodiscard]] double mean_wait() const {
    return p_wait() / (static_cast<double>(c) * mu - lambda);
  }
  // W = Wq + 1/mu.
  [[nodiscard]] double mean_response() const { return mean_wait() + 1.0 / mu; }
  // Little: Lq = lambda Wq, L = lambda W.
  [[nodiscard]] double mean_queue() const { return lambda * mean_wait(); }
  [[nodiscard]] double mean_in_system() const { return lambda * mean_response(); }
};

// M/M/1 in its textbook closed forms (a separate code path from MMc{.., 1}, so the
// two check each other): W = 1/(mu - lambda), Wq = rho/(mu - lambda),
// L = rho/(1 - rho). REQUIRES: lambda < mu.
struct MM1 {
  double lambda;
  double mu;

  [[nodiscard]] double rho() const { return lambda / mu; }
  [[nodiscard]] double mean_response() const { return 1.0 / (mu - lambda); }
  [[nodiscard]] double mean_wait() const { return rho() / (mu - lambda); }
  [[nodiscard]] double mean_in_system() const { return rho() / (1.0 - rho()); }
};

// M/M/c/K: c servers, K = c + queue_capacity visits in the system at most. Any
// load, overload included. p_n is proportional to a^n/n! for n <= c and to
// a^n/(c! c^(n-c)) for c < n <= K; built by the ratio p_n/p_(n-1) = a/min(n, c)
// so no factorial overflows.
struct MMcK {
  double lambda;
  double mu;
  int c;
  int queue_capacity;  // K - c

  [[nodiscard]] int capacity() const { return c + queue_capacity; }

  // p_0 ... p_K, summing to 1.
  [[nodiscard]] std::vector<double> distribution() const {
    const double a = lambda / mu;
    std::vector<double> p(static_cast<std::size_t>(capacity()) + 1);
    p[0] = 1.0;
    double total = 1.0;
    for (int n = 1; n <= capacity(); ++n) {
      const auto i = static_cast<std::size_t>(n);
      p[i] = p[i - 1] * a / static_cast<double>(std::min(n, c));
      total += p[i];
    }
    for (double& x : p) x /= total;
    return p;
  }
  // PASTA: an arrival sees the time-stationary distribution, so it is turned
  // away with probability p_K.
  [[nodiscard]] double blocking() const { return distribution().back(); }
  [[nodiscard]] double throughput() const { return lambda * (1.0 - blocking()); }
  // L = sum n p_n.
  [[nodiscard]] double mean_in_system() const {
    const std::vector<double> p = distribution();
    double l = 0.0;
    for (std::size_t n = 0; n < p.size(); ++n) l += static_cast<double>(n) * p[n];
    return l;
  }
  // Lq = sum (n - c)+ p_n.
  [[nodiscard]] double mean_queue() const {
    const std::vector<double> p = distribution();
    double lq = 0.0;
    for (std::size_t n = static_cast<std::size_t>(c) + 1; n < p.size(); ++n)
      lq += static_cast<double>(n - static_cast<std::size_t>(c)) * p[n];
    return lq;
  }
  // W = L / (lambda (1 - p_K)), over admitted visits.
  [[nodiscard]] double mean_response_admitted() const { return mean_in_system() / throughput(); }
  // P(an arrival is admitted and waits) = P(c <= n < K) by PASTA.
  [[nodiscard]] double p_wait() const {
    const std::vector<double> p = distribution();
    double w = 0.0;
    for (int n = c; n < capacity(); ++n) w += p[static_cast<std::size_t>(n)];
    return w;
  }
};

// M/G/1, Pollaczek–Khinchine: Wq = lambda E[S^2] / (2 (1 - rho))
// = rho E[S] (1 + cv^2) / (2 (1 - rho)). REQUIRES: rho < 1.
struct MG1 {
  double lambda;
  double mean_s;  // E[S]
  double cv;      // coefficient of variation of S

  [[nodiscard]] double rho() const { return lambda * mean_s; }
  [[nodiscard]] double mean_wait() const {
    return rho() * mean_s * (1.0 + cv * cv) / (2.0 * (1.0 - rho()));
  }
  [[nodiscard]] double mean_response() const { return mean_wait() + mean_s; }
  [[nodiscard]] double mean_in_system() const { return lambda * mean_response(); }
};

// Open Jackson network traffic equations lambda = gamma + P^T lambda, solved as
// (I - P^T) lambda = gamma. routing(i, j) is the probability that a visit leaving
// station i goes next to j (rows sum to at most 1; the rest leaves the network).
// REQUIRES: I - P^T invertible (every visit eventually leaves).
[[nodiscard]] inline Eigen::VectorXd jackson_traffic(const Eigen::VectorXd& external,
                                                     const Eigen::MatrixXd& routing) {
  const auto n = external.size();
  const Eigen::MatrixXd system = Eigen::MatrixXd::Identity(n, n) - routing.transpose();
  return system.fullPivLu().solve(external);
}

// The mean time a visit spends in an open Jackson network of M/M/c_i stations:
// E[T] = sum_i L_i / sum gamma (Little on the whole network), each station an
// independent M/M/c_i at its solved rate lambda_i.
// REQUIRES: every station stable (lambda_i < c_i mu_i).
[[nodiscard]] inline double jackson_mean_response(const Eigen::VectorXd& external,
                                                  const Eigen::MatrixXd& routing,
                                                  const std::vector<int>& servers,
                                                  const std::vector<double>& mu) {
  const Eigen::VectorXd lambda = jackson_traffic(external, routing);
  double l = 0.0;
  for (Eigen::Index i = 0; i < lambda.size(); ++i) {
    const auto k = static_cast<std::size_t>(i);
    l += MMc{lambda(i), mu[k], servers[k]}.mean_in_system();
  }
  return l / external.sum();
}

}  // namespace surge::theory
