// LogisticCurve: a level shift from `base` to `peak` centred on midpoint_s,
//   lambda(t) = base + (peak - base) / (1 + e^(-(t - midpoint_s) / growth_s))
// (docs/model.md, rate curves): a new steady level reached over ~10 growth_s — a
// launch, a migration of users, a feature that sticks.
//
// Integral in closed form through the softplus function log(1 + e^x); lambda is
// monotone, so its supremum on an interval is at an end.
#pragma once

#include "models/demand/rate_curve.hpp"

namespace surge::demand {

// log(1 + e^x), without overflow for large x.
[[nodiscard]] double softplus(double x);
// softplus(b) - softplus(a), accurate also when both are large (the logistic
// integrals of logistic_curve and viral_curve).
[[nodiscard]] double softplus_difference(double a, double b);

class LogisticCurve final : public RateCurve {
 public:
  // REQUIRES: base >= 0, peak >= 0, growth_s > 0, all finite.
  LogisticCurve(double base, double peak, double midpoint_s, double growth_s);

  [[nodiscard]] double rate(double t_s) const override;
  [[nodiscard]] double integral(double t0_s, double t1_s) const override;
  [[nodiscard]] double upper_bound(double t0_s, double t1_s) const override;
  void features(double t0_s, double t1_s, std::vector<double>& out) const override;

 private:
  double base_;
  double peak_;
  double midpoint_s_;
  double growth_s_;
};

}  // namespace surge::demand
