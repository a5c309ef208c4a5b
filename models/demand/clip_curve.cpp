#include "models/demand/clip_curve.hpp"

#include <algorithm>

#include "models/demand/curve_quadrature.hpp"
#include "sim/kernel/assert.hpp"

namespace surge::demand {

ClipCurve::ClipCurve(double min, double max, RateCurvePtr inner)
    : min_(min), max_(max), inner_(std::move(inner)) {
  SURGE_ASSERT(min >= 0.0 && min <= max && inner_ != nullptr);
}

double ClipCurve::rate(double t_s) const { return std::clamp(inner_->rate(t_s), min_, max_); }

double ClipCurve::integral(double t0_s, double t1_s) const {
  // Two cases are exact from the inner bound alone: the inner curve never rises
  // above the floor (lambda = min), or there is no floor and it never reaches the
  // ceiling (lambda = inner). Elsewhere the clamp's kinks need quadrature.
  const double inner_bound = inner_->upper_bound(t0_s, t1_s);
  if (inner_bound <= min_) return min_ * (t1_s - t0_s);
  if (min_ == 0.0 && inner_bound <= max_) return inner_->integral(t0_s, t1_s);
  return integrate_numerically(*this, t0_s, t1_s);
}

double ClipCurve::upper_bound(double t0_s, double t1_s) const {
  return std::clamp(inner_->upper_bound(t0_s, t1_s), min_, max_);
}

}  // namespace surge::demand
