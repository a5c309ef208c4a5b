// ClipCurve: lambda(t) = clamp(inner(t), min, max) — a floor under a demand (it
// never drops below a base) or a ceiling over it (an upstream limit such as an
// app store's download cap). The integral has no closed form in general (the
// crossings of min and max are kinks of unknown position): quadrature
// (curve_quadrature.hpp), split at the inner curve's features, with the adaptive
// rule isolating the crossings. clamp is monotone, so the bound is the clamped
// inner bound, which is exact when the inner bound is.
#pragma once

#include "models/demand/rate_curve.hpp"

namespace surge::demand {

class ClipCurve final : public RateCurve {
 public:
  // REQUIRES: 0 <= min <= max (max may be +infinity: no ceiling); inner not null.
  ClipCurve(double min, double max, RateCurvePtr inner);

  [[nodiscard]] double rate(double t_s) const override;
  [[nodiscard]] double integral(double t0_s, double t1_s) const override;
  [[nodiscard]] double upper_bound(double t0_s, double t1_s) const override;
  void features(double t0_s, double t1_s, std::vector<double>& out) const override {
    inner_->features(t0_s, t1_s, out);
  }

 private:
  double min_;
  double max_;
  RateCurvePtr inner_;
};

}  // namespace surge::demand
