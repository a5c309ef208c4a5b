// Goodness-of-fit helpers shared by the kernel's sampler tests.
//
// Every check runs at alpha = 0.001 (docs/validation.md: 99.9% intervals, fixed seeds), so a
// correct sampler fails a given check with probability 0.1% for a random key, and
// the fixed key makes any outcome reproducible.
#pragma once

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <vector>

namespace surge::testing {

// Two-sided normal quantile at 99.9%.
inline constexpr double kZ999 = 3.29;
// Asymptotic Kolmogorov–Smirnov critical value at alpha = 0.001 is
// kKs999 / sqrt(n) (Kolmogorov's limit distribution; Boost 1.74 has no KS law).
inline constexpr double kKs999 = 1.949;

// Sup |F_n - F| of a sample against a continuous CDF.
inline double ks_statistic(std::vector<double> xs, const std::function<double(double)>& cdf) {
  std::sort(xs.begin(), xs.end());
  const double n = static_cast<double>(xs.size());
  double d = 0.0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double f = cdf(xs[i]);
    d = std::max(d, static_cast<double>(i + 1) / n - f);
    d = std::max(d, f - static_cast<double>(i) / n);
  }
  return d;
}

struct ChiSquare {
  double statistic = 0.0;
  int bins = 0;
  double critical = 0.0;  // the 0.999 quantile with bins - 1 degrees of freedom
};

// Pearson's chi-square of integer draws against a law given by its pmf and its
// survival function P(X > k). The first bin holds every value <= `first` (pass the
// lowest value of the support, or a point far in the lower tail to skip it);
// neighbouring values are pooled until each bin expects at least 5 draws, and the
// upper tail joins the last bin.
inline ChiSquare chi_square(const std::vector<std::int64_t>& draws, std::int64_t first,
                            const std::function<double(std::int64_t)>& pmf,
                            const std::function<double(std::int64_t)>& survival) {
  std::map<std::int64_t, double> observed;
  for (std::int64_t k : draws) observed[k] += 1.0;
  const double n = static_cast<double>(draws.size());
  std::vector<double> exp_bins;
  std::vector<double> obs_bins;
  double e = n * (1.0 - survival(first));
  double o = 0.0;
  for (auto it = observed.begin(); it != observed.end() && it->first <= first; ++it) {
    o += it->second;
  }
  for (std::int64_t k = first;; ++k) {
    if (k > first) {
      e += n * pmf(k);
      o += observed.count(k) ? observed[k] : 0.0;
    }
    const double tail = n * survival(k);
    if (tail < 5.0) {
      e += tail;
      for (auto it = observed.upper_bound(k); it != observed.end(); ++it) o += it->second;
      exp_bins.push_back(e);
      obs_bins.push_back(o);
      break;
    }
    if (e >= 5.0) {
      exp_bins.push_back(e);
      obs_bins.push_back(o);
      e = 0.0;
      o = 0.0;
    }
  }
  if (exp_bins.size() > 1 && exp_bins.back() < 5.0) {
    exp_bins[exp_bins.size() - 2] += exp_bins.back();
    obs_bins[obs_bins.size() - 2] += obs_bins.back();
    exp_bins.pop_back();
    obs_bins.pop_back();
  }
  ChiSquare result;
  result.bins = static_cast<int>(exp_bins.size());
  for (std::size_t i = 0; i < exp_bins.size(); ++i) {
    const double diff = obs_bins[i] - exp_bins[i];
    result.statistic += diff * diff / exp_bins[i];
  }
  if (result.bins >= 2) {
    const boost::math::chi_squared_distribution<double> law(result.bins - 1);
    result.critical = boost::math::quantile(law, 0.999);
  }
  return result;
}

// Central moments from raw moments E[X], E[X^2], E[X^3], E[X^4].
struct Moments {
  double mean = 0.0;
  double variance = 0.0;
  double mu4 = 0.0;  // E[(X - mean)^4]
};

inline Moments from_raw(double m1, double m2, double m3, double m4) {
  Moments m;
  m.mean = m1;
  m.variance = m2 - m1 * m1;
  m.mu4 = m4 - 4.0 * m1 * m3 + 6.0 * m1 * m1 * m2 - 3.0 * m1 * m1 * m1 * m1;
  return m;
}

// Standard error of the sample variance of n i.i.d. draws:
// Var(s^2) = (mu4 - sigma^4 (n - 3) / (n - 1)) / n.
inline double variance_standard_error(const Moments& m, double n) {
  const double s4 = m.variance * m.variance;
  return std::sqrt(std::max(0.0, m.mu4 - s4 * (n - 3.0) / (n - 1.0)) / n);
}

}  // namespace surge::testing
