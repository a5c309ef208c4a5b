// ScaleCurve: lambda(t) = by * inner(t) — the same shape at another size (a surge
// described once, replayed at 2x). Integral and bound scale exactly.
#pragma once

#include "models/demand/rate_curve.hpp"

namespace surge::demand {

class ScaleCurve final : public RateCurve {
 public:
  // REQUIRES: by >= 0, finite; inner not null.
  ScaleCurve(double by, RateCurvePtr inner);

  [[nodiscard]] double rate(double t_s) const override { return by_ * inner_->rate(t_s); }
  [[nodiscard]] double integral(double t0_s, double t1_s) const override {
    return by_ * inner_->integral(t0_s, t1_s);
  }
  [[nodiscard]] double upper_bound(double t0_s, double t1_s) const override {
    return by_ * inner_->upper_bound(t0_s, t1_s);
  }
  void features(double t0_s, double t1_s, std::vector<double>& out) const override {
    inner_->features(t0_s, t1_s, out);
  }

  [[nodiscard]] std::optional<double> constant_rate() const override {
    const std::optional<double> inner = inner_->constant_rate();
    if (!inner) return std::nullopt;
    return by_ * *inner;
  }

 private:
  double by_;
  RateCurvePtr inner_;
};

}  // namespace surge::demand
