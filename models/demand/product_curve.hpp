// ProductCurve: lambda(t) = product of its factors' rates — a demand modulated by
// another shape (a surge that follows the time of day: viral x diurnal/mean).
// There is no closed-form integral in general: it is computed by quadrature
// (curve_quadrature.hpp) split at every factor's features — except when at most
// one factor varies (the others constant), where it is that factor's exact
// integral times the constants. The bound is the product of the factors' bounds
// (all rates are >= 0).
#pragma once

#include <vector>

#include "models/demand/rate_curve.hpp"

namespace surge::demand {

class ProductCurve final : public RateCurve {
 public:
  // REQUIRES: factors non-empty, none null.
  explicit ProductCurve(std::vector<RateCurvePtr> factors);

  [[nodiscard]] double rate(double t_s) const override;
  [[nodiscard]] double integral(double t0_s, double t1_s) const override;
  [[nodiscard]] double upper_bound(double t0_s, double t1_s) const override;
  void features(double t0_s, double t1_s, std::vector<double>& out) const override;

 private:
  std::vector<RateCurvePtr> factors_;
  double constant_ = 1.0;              // product of the constant factors
  std::vector<RateCurvePtr> varying_;  // the other factors
};

}  // namespace surge::demand
