// PiecewiseCurve: a rate given at points (t_i, r_i) — the `piecewise_linear`
// curve and the `csv` trace (docs/model.md, rate curves).
//
// Linear interpolation: lambda is linear between consecutive points. Step
// interpolation: lambda(t) = r_i for t_i <= t < t_{i+1}. Either way lambda is flat
// outside the points: r_0 before t_0, r_last after t_last.
//
// integral is exact (trapezoids, with prefix sums over whole segments); the upper
// bound is the exact supremum (interpolated end values and the points between),
// found with block maxima so a long trace costs O(sqrt(n)) per bound, not O(n).
#pragma once

#include <cstdint>
#include <vector>

#include "models/demand/rate_curve.hpp"

namespace surge::demand {

enum class Interpolation : std::uint8_t { kLinear, kStep };

struct RatePoint {
  double t_s = 0.0;
  double rate = 0.0;
};

class PiecewiseCurve final : public RateCurve {
 public:
  // REQUIRES: points non-empty; t_s finite and strictly increasing; rates finite, >= 0.
  PiecewiseCurve(std::vector<RatePoint> points, Interpolation interpolation);

  [[nodiscard]] double rate(double t_s) const override;
  [[nodiscard]] double integral(double t0_s, double t1_s) const override;
  [[nodiscard]] double upper_bound(double t0_s, double t1_s) const override;
  void features(double t0_s, double t1_s, std::vector<double>& out) const override;

  [[nodiscard]] const std::vector<RatePoint>& points() const { return points_; }
  [[nodiscard]] Interpolation interpolation() const { return interpolation_; }

 private:
  // The segment [t_i, t_{i+1}] holding t, for t_0 <= t <= t_last; n >= 2.
  [[nodiscard]] std::size_t segment(double t_s) const;
  // Integral over [x0, x1] inside segment i.
  [[nodiscard]] double segment_integral(std::size_t i, double x0_s, double x1_s) const;
  // max r_k over k in [first, last).
  [[nodiscard]] double max_rate(std::size_t first, std::size_t last) const;

  static constexpr std::size_t kBlock = 32;
  std::vector<RatePoint> points_;
  Interpolation interpolation_;
  std::vector<double> cumulative_;  // cumulative_[i] = Lambda(t_0, t_i)
  std::vector<double> block_max_;   // block_max_[b] = max r_k, k in [b*kBlock, (b+1)*kBlock)
};

}  // namespace surge::demand
