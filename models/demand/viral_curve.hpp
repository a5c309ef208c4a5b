// ViralCurve: a viral surge — a steep logistic climb over rise_s from start_s,
// then an exponential fade with time constant decay_s (docs/model.md, rate curves):
//   lambda(t) = peak * sigma(10 (t - start_s - rise_s/2) / rise_s)
//                    * e^(-max(0, t - start_s - rise_s) / decay_s),
// sigma(z) = 1 / (1 + e^-z): 0.7% of peak at start_s, half at mid-rise, 99.3%
// at start_s + rise_s, where the fade begins.
//
// Integral: before the fade, peak * rise/10 * a difference of softplus; during
// the fade, sigma(z) = sum_j (-e^-z)^j (z >= 5 there, so the ratio is <= e^-5)
// integrates term by term against the exponential — a convergent series summed to
// machine precision (about eight terms), exact where quadrature is approximate.
//
// Upper bound: ln lambda is concave (ln sigma is concave, -max(0, .)/decay too),
// so lambda is unimodal; its mode is start_s + rise_s, or later, at
// m + ln(a decay - 1)/a (a = 10/rise_s, m the mid-rise) when the fade is slower
// than the end of the climb. The supremum on an interval is the mode's value
// when the interval holds it, else the larger end.
#pragma once

#include "models/demand/rate_curve.hpp"

namespace surge::demand {

class ViralCurve final : public RateCurve {
 public:
  // REQUIRES: peak >= 0, rise_s > 0, decay_s > 0, all finite.
  ViralCurve(double start_s, double peak, double rise_s, double decay_s);

  [[nodiscard]] double rate(double t_s) const override;
  [[nodiscard]] double integral(double t0_s, double t1_s) const override;
  [[nodiscard]] double upper_bound(double t0_s, double t1_s) const override;
  void features(double t0_s, double t1_s, std::vector<double>& out) const override;

  // The time of the maximum rate.
  [[nodiscard]] double mode_s() const { return mode_s_; }

 private:
  [[nodiscard]] double fade_integral(double y0_s, double y1_s) const;

  double start_s_;
  double peak_;
  double decay_s_;
  double steepness_;     // a = 10 / rise_s
  double midpoint_s_;    // m = start_s + rise_s / 2
  double fade_start_s_;  // k = start_s + rise_s
  double mode_s_;
};

}  // namespace surge::demand
