// Sample mean and variance of every sampler against the exact moments.
//
// Tolerances at 99.9% (z = 3.29) from the sample size: the mean within
// z sqrt(var / n), the sample variance within z times its standard error, which
// needs the exact fourth central moment (stat_checks.hpp). The moments are
// computed here from each law's formulas, independently of Distribution.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "sim/kernel/distribution.hpp"
#include "sim/kernel/running_stats.hpp"
#include "tests/kernel/stat_checks.hpp"

namespace surge {
namespace {

using testing::from_raw;
using testing::kZ999;
using testing::Moments;

constexpr int kDraws = 200'000;

struct Case {
  std::string name;
  Distribution dist;
  Moments exact;
};

// E[X^j] = j! m^j.
Moments exponential_moments(double m) {
  return from_raw(m, 2 * m * m, 6 * m * m * m, 24 * m * m * m * m);
}

// E[X^j] = (b^(j+1) - a^(j+1)) / ((j+1)(b-a)) for X uniform on [a, b].
double uniform_raw(double a, double b, int j) {
  if (a == b) return std::pow(a, j);
  return (std::pow(b, j + 1) - std::pow(a, j + 1)) / ((j + 1) * (b - a));
}

Moments uniform_moments(double a, double b) {
  return from_raw(uniform_raw(a, b, 1), uniform_raw(a, b, 2), uniform_raw(a, b, 3),
                  uniform_raw(a, b, 4));
}

// E[X^j] = exp(j mu + j^2 s^2 / 2), s^2 = ln(1 + cv^2), mu = ln(mean) - s^2 / 2.
Moments lognormal_moments(double mean, double cv) {
  const double s2 = std::log(1 + cv * cv);
  const double mu = std::log(mean) - s2 / 2;
  auto raw = [&](int j) { return std::exp(j * mu + j * j * s2 / 2); };
  return from_raw(raw(1), raw(2), raw(3), raw(4));
}

// E[X^j] = theta^j k (k+1) ... (k+j-1), k = 1/cv^2, theta = mean / k.
Moments gamma_moments(double mean, double cv) {
  const double k = 1 / (cv * cv);
  const double t = mean / k;
  return from_raw(k * t, k * (k + 1) * t * t, k * (k + 1) * (k + 2) * t * t * t,
                  k * (k + 1) * (k + 2) * (k + 3) * t * t * t * t);
}

// Two balanced exponential phases: E[X^j] = j! sum p_i m_i^j.
Moments hyperexponential_moments(double mean, double cv) {
  const double c2 = cv * cv;
  const double p1 = (1 + std::sqrt((c2 - 1) / (c2 + 1))) / 2;
  const double p2 = 1 - p1;
  const double m1 = mean / (2 * p1);
  const double m2 = mean / (2 * p2);
  auto raw = [&](int j) {
    const double fact = std::tgamma(j + 1.0);
    return fact * (p1 * std::pow(m1, j) + p2 * std::pow(m2, j));
  };
  return from_raw(raw(1), raw(2), raw(3), raw(4));
}

// A mixture of uniforms on each segment of the inverse CDF, weighted by its dp.
Moments empirical_moments(const std::vector<std::pair<double, double>>& table) {
  double raw[5] = {};
  for (std::size_t i = 1; i < table.size(); ++i) {
    const double dp = table[i].first - table[i - 1].first;
    for (int j = 1; j <= 4; ++j)
      raw[j] += dp * uniform_raw(table[i - 1].second, table[i].second, j);
  }
  return from_raw(raw[1], raw[2], raw[3], raw[4]);
}

// Geometric on {1, 2, ...}, p = 1/mean: variance (1-p)/p^2, mu4 = (1-p)(p^2 - 9p + 9)/p^4.
Moments geometric_moments(double mean) {
  const double p = 1 / mean;
  Moments m;
  m.mean = mean;
  m.variance = (1 - p) / (p * p);
  m.mu4 = (1 - p) * (p * p - 9 * p + 9) / (p * p * p * p);
  return m;
}

// Poisson: variance lambda, mu4 = lambda (1 + 3 lambda).
Moments poisson_moments(double lambda) {
  Moments m;
  m.mean = lambda;
  m.variance = lambda;
  m.mu4 = lambda * (1 + 3 * lambda);
  return m;
}

std::vector<Case> all_cases() {
  const std::vector<std::pair<double, double>> smooth = {
      {0.0, 0.1}, {0.5, 0.4}, {0.9, 1.0}, {0.99, 3.0}, {1.0, 10.0}};
  // A flat segment is an atom: 30% of the draws are exactly 1.
  const std::vector<std::pair<double, double>> with_atom = {{0.0, 1.0}, {0.3, 1.0}, {1.0, 2.0}};
  return {
      {"exponential(2.5)", Distribution::exponential(2.5), exponential_moments(2.5)},
      {"uniform(1, 4)", Distribution::uniform(1, 4), uniform_moments(1, 4)},
      {"uniform(0, 0.001)", Distribution::uniform(0, 0.001), uniform_moments(0, 0.001)},
      {"lognormal(2, 0.5)", Distribution::lognormal(2, 0.5), lognormal_moments(2, 0.5)},
      {"lognormal(0.3, 1)", Distribution::lognormal(0.3, 1), lognormal_moments(0.3, 1)},
      {"gamma(3, 0.5) k=4", Distribution::gamma(3, 0.5), gamma_moments(3, 0.5)},
      {"gamma(1, 1) k=1", Distribution::gamma(1, 1), gamma_moments(1, 1)},
      {"gamma(2, 2) k=0.25", Distribution::gamma(2, 2), gamma_moments(2, 2)},
      {"gamma(5, 0.05) k=400", Distribution::gamma(5, 0.05), gamma_moments(5, 0.05)},
      {"hyperexponential(1, 2)", Distribution::hyperexponential(1, 2),
       hyperexponential_moments(1, 2)},
      {"hyperexponential(3, 1.2)", Distribution::hyperexponential(3, 1.2),
       hyperexponential_moments(3, 1.2)},
      {"empirical smooth", Distribution::empirical(smooth), empirical_moments(smooth)},
      {"empirical with atom", Distribution::empirical(with_atom), empirical_moments(with_atom)},
      {"geometric(1.5)", Distribution::geometric(1.5), geometric_moments(1.5)},
      {"geometric(8)", Distribution::geometric(8), geometric_moments(8)},
      {"poisson(0.7)", Distribution::poisson(0.7), poisson_moments(0.7)},
      {"poisson(4)", Distribution::poisson(4), poisson_moments(4)},
      {"poisson(29.5) inversion", Distribution::poisson(29.5), poisson_moments(29.5)},
      {"poisson(30) PTRS", Distribution::poisson(30), poisson_moments(30)},
      {"poisson(250)", Distribution::poisson(250), poisson_moments(250)},
      {"poisson(1e5)", Distribution::poisson(1e5), poisson_moments(1e5)},
  };
}

}  // namespace

TEST_CASE("kernel::distribution: mean() and variance() are the exact moments", "[kernel]") {
  for (const Case& c : all_cases()) {
    INFO(c.name);
    CHECK(c.dist.mean() == Approx(c.exact.mean).epsilon(1e-12));
    CHECK(c.dist.variance() == Approx(c.exact.variance).epsilon(1e-10));
  }
  // Factories built from (mean, cv) keep that mean and cv.
  for (double cv : {0.1, 0.5, 1.0, 3.0}) {
    INFO("cv " << cv);
    for (const Distribution& d : {Distribution::lognormal(7, cv), Distribution::gamma(7, cv)}) {
      CHECK(d.mean() == Approx(7).epsilon(1e-12));
      CHECK(std::sqrt(d.variance()) / d.mean() == Approx(cv).epsilon(1e-12));
    }
  }
  const Distribution h = Distribution::hyperexponential(7, 4);
  CHECK(h.mean() == Approx(7).epsilon(1e-12));
  CHECK(std::sqrt(h.variance()) / h.mean() == Approx(4).epsilon(1e-12));
  CHECK(Distribution::deterministic(0.25).mean() == 0.25);
  CHECK(Distribution::deterministic(0.25).variance() == 0.0);
  CHECK(Distribution().mean() == 0.0);
  CHECK(Distribution::geometric(1).variance() == 0.0);
}

TEST_CASE("kernel::distribution: sample mean and variance match the exact moments", "[kernel]") {
  std::uint64_t stream = 0;
  for (const Case& c : all_cases()) {
    Rng rng(hash_combine(hash_name("kernel/moments"), ++stream));
    RunningStats stats;
    bool all_valid = true;  // every law here lives on [0, inf)
    for (int i = 0; i < kDraws; ++i) {
      const double x = c.dist.sample(rng);
      all_valid = all_valid && std::isfinite(x) && x >= 0.0;
      stats.add(x);
    }
    const double n = kDraws;
    const double mean_tol = kZ999 * std::sqrt(c.exact.variance / n);
    const double var_tol = kZ999 * testing::variance_standard_error(c.exact, n);
    INFO(c.name << ": mean " << stats.mean() << " vs " << c.exact.mean << " +- " << mean_tol
                << "; variance " << stats.variance() << " vs " << c.exact.variance << " +- "
                << var_tol);
    CHECK(all_valid);
    CHECK(std::abs(stats.mean() - c.exact.mean) <= mean_tol);
    CHECK(std::abs(stats.variance() - c.exact.variance) <= var_tol);
  }
}

TEST_CASE("kernel::distribution: degenerate laws always give their one value", "[kernel]") {
  Rng rng(hash_name("kernel/degenerate"));
  const Distribution det = Distribution::deterministic(0.25);
  const Distribution geo1 = Distribution::geometric(1);
  const Distribution pois0 = Distribution::poisson(0);
  const Distribution point = Distribution::uniform(3, 3);
  const Distribution zero;  // default: deterministic 0
  for (int i = 0; i < 1000; ++i) {
    REQUIRE(det.sample(rng) == 0.25);
    REQUIRE(geo1.sample(rng) == 1.0);
    REQUIRE(pois0.sample(rng) == 0.0);
    REQUIRE(point.sample(rng) == 3.0);
    REQUIRE(zero.sample(rng) == 0.0);
  }
}

}  // namespace surge
