// SumCurve: lambda(t) = sum of its terms' rates — independent sources of demand
// superposed (organic diurnal load + a viral surge + a news shock). The integral
// and the bound are the sums of the terms' (the bound is tight where the terms
// peak together and within the thinning window everywhere else).
#pragma once

#include <vector>

#include "models/demand/rate_curve.hpp"

namespace surge::demand {

class SumCurve final : public RateCurve {
 public:
  // REQUIRES: terms non-empty, none null.
  explicit SumCurve(std::vector<RateCurvePtr> terms);

  [[nodiscard]] double rate(double t_s) const override;
  [[nodiscard]] double integral(double t0_s, double t1_s) const override;
  [[nodiscard]] double upper_bound(double t0_s, double t1_s) const override;
  void features(double t0_s, double t1_s, std::vector<double>& out) const override;

 private:
  std::vector<RateCurvePtr> terms_;
};

}  // namespace surge::demand
