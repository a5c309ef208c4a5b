// RateCurve: an arrival-rate curve lambda(t) >= 0 (arrivals per second, t in
// seconds since the start of the run), with its exact integral and an upper bound
// on any interval. Curves compose (sum, product, scale, ...; see DESIGN.md's
// rate-curve table); the arrival processes sample them by thinning over the bound.
//
// Curves are immutable once built and shared between the arrival processes of
// replications (std::shared_ptr<const RateCurve>).
#pragma once

#include <memory>

namespace surge::demand {

class RateCurve {
 public:
  virtual ~RateCurve() = default;
  // lambda(t). REQUIRES: t >= 0.
  [[nodiscard]] virtual double rate(double t_s) const = 0;
  // Lambda(t0, t1) = integral of lambda over [t0, t1]. REQUIRES: 0 <= t0 <= t1.
  [[nodiscard]] virtual double integral(double t0_s, double t1_s) const = 0;
  // An upper bound of lambda on [t0, t1]: >= sup, finite. REQUIRES: t0 <= t1.
  [[nodiscard]] virtual double upper_bound(double t0_s, double t1_s) const = 0;
};

using RateCurvePtr = std::shared_ptr<const RateCurve>;

class ConstantCurve final : public RateCurve {
 public:
  explicit ConstantCurve(double rate) : rate_(rate) {}
  [[nodiscard]] double rate(double) const override { return rate_; }
  [[nodiscard]] double integral(double t0_s, double t1_s) const override {
    return rate_ * (t1_s - t0_s);
  }
  [[nodiscard]] double upper_bound(double, double) const override { return rate_; }

 private:
  double rate_;
};

}  // namespace surge::demand
