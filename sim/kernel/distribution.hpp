// Distribution: the samplers of every distribution a scenario can name.
//
// surge never uses std::*_distribution: their algorithms differ between standard
// libraries, so the same seed would give different reports. Each sampler here is
// a documented algorithm over Rng's uniforms (see distribution.cpp), pinned by
// known-answer tests. Parameters are validated by the scenario layer; the
// factories only assert them.
//
// Durations and counts share the type: a duration sampler returns seconds; a count
// sampler (geometric, poisson) returns a whole number as a double. Continuous
// draws used as counts are rounded by sample_count().
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "sim/kernel/rng.hpp"

namespace surge {

enum class DistKind : std::uint8_t {
  kExponential,
  kDeterministic,
  kUniform,
  kLognormal,
  kGamma,
  kHyperexponential,
  kEmpirical,
  kGeometric,
  kPoisson,
};

class Distribution {
 public:
  Distribution() = default;  // deterministic 0

  // REQUIRES (all): finite parameters.
  static Distribution exponential(double mean);            // mean > 0
  static Distribution deterministic(double value);         // value >= 0
  static Distribution uniform(double min, double max);     // 0 <= min <= max
  static Distribution lognormal(double mean, double cv);   // mean > 0, cv > 0
  static Distribution gamma(double mean, double cv);       // mean > 0, cv > 0
  static Distribution hyperexponential(double mean, double cv);  // mean > 0, cv > 1
  // Piecewise-linear inverse CDF through (p, value) points; p strictly increasing
  // from 0 to 1, values non-decreasing.
  static Distribution empirical(std::vector<std::pair<double, double>> quantiles);
  static Distribution geometric(double mean);  // on {1, 2, ...}, mean >= 1
  static Distribution poisson(double mean);    // on {0, 1, ...}, mean >= 0

  [[nodiscard]] double sample(Rng& rng) const;
  // A continuous draw rounded to the nearest integer, at least 1 (token counts).
  [[nodiscard]] std::int64_t sample_count(Rng& rng) const;

  [[nodiscard]] DistKind kind() const { return kind_; }
  [[nodiscard]] double mean() const;
  [[nodiscard]] double variance() const;
  // The CDF, for goodness-of-fit tests and analytic solvers.
  [[nodiscard]] double cdf(double x) const;

 private:
  DistKind kind_ = DistKind::kDeterministic;
  // Precomputed parameters; their meaning depends on kind_ (distribution.cpp).
  double p0_ = 0.0, p1_ = 0.0, p2_ = 0.0, p3_ = 0.0;
  std::vector<std::pair<double, double>> table_;  // empirical only
};

}  // namespace surge
