// ShiftCurve: lambda(t) = inner(t - by_s) — the same demand by_s seconds later
// (earlier when negative). Before the shifted start the inner curve is evaluated
// at negative times, where every curve is defined (rate_curve.hpp). Integral,
// bound and features move exactly.
#pragma once

#include "models/demand/rate_curve.hpp"

namespace surge::demand {

class ShiftCurve final : public RateCurve {
 public:
  // REQUIRES: by_s finite; inner not null.
  ShiftCurve(double by_s, RateCurvePtr inner);

  [[nodiscard]] double rate(double t_s) const override { return inner_->rate(t_s - by_s_); }
  [[nodiscard]] double integral(double t0_s, double t1_s) const override {
    return inner_->integral(t0_s - by_s_, t1_s - by_s_);
  }
  [[nodiscard]] double upper_bound(double t0_s, double t1_s) const override {
    return inner_->upper_bound(t0_s - by_s_, t1_s - by_s_);
  }
  void features(double t0_s, double t1_s, std::vector<double>& out) const override;

  [[nodiscard]] std::optional<double> constant_rate() const override {
    return inner_->constant_rate();
  }

 private:
  double by_s_;
  RateCurvePtr inner_;
};

}  // namespace surge::demand
