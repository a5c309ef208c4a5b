// The peak of a rate curve over a run, for screening at the worst moment
// (docs/analytic.md, "Rates").
//
// Branch and bound over the curve's own knowledge: lambda(t) at sample points is a
// lower bound of the peak, RateCurve::upper_bound over an interval an upper bound
// of it there. Intervals whose bound cannot beat the best sample are dropped; the
// others are halved until the bound and the best sample agree to kRelativeTolerance
// (or kMaxEvaluations is spent, when the bound is loose, e.g. a product curve).
// The answer is a rate the curve reaches (the best sample), never above the peak.
#pragma once

#include "models/demand/rate_curve.hpp"

namespace surge::analytic {

inline constexpr double kRelativeTolerance = 1e-9;
inline constexpr int kMaxEvaluations = 200'000;

struct PeakRate {
  double rate_per_s = 0.0;   // the largest lambda(t) found, t in [0, horizon]
  double at_s = 0.0;         // where
  double bound_per_s = 0.0;  // an upper bound of the peak (equal to rate_per_s when exact)
};

// REQUIRES: horizon_s > 0, finite.
[[nodiscard]] PeakRate peak_rate(const demand::RateCurve& curve, double horizon_s);

}  // namespace surge::analytic
