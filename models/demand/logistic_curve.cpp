#include "models/demand/logistic_curve.hpp"

#include <algorithm>
#include <cmath>

#include "sim/kernel/assert.hpp"

namespace surge::demand {

double softplus(double x) {
  return x > 0.0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
}

double softplus_difference(double a, double b) {
  if (a > 0.0 && b > 0.0) {
    // (b - a) + log1p(e^-b) - log1p(e^-a): the large linear parts cancel exactly.
    return (b - a) + (std::log1p(std::exp(-b)) - std::log1p(std::exp(-a)));
  }
  return softplus(b) - softplus(a);
}

LogisticCurve::LogisticCurve(double base, double peak, double midpoint_s, double growth_s)
    : base_(base), peak_(peak), midpoint_s_(midpoint_s), growth_s_(growth_s) {
  SURGE_ASSERT(base >= 0.0 && peak >= 0.0 && growth_s > 0.0);
}

double LogisticCurve::rate(double t_s) const {
  return base_ + (peak_ - base_) / (1.0 + std::exp(-(t_s - midpoint_s_) / growth_s_));
}

double LogisticCurve::integral(double t0_s, double t1_s) const {
  // d/dt [growth * softplus((t - m)/growth)] = sigma((t - m)/growth).
  const double a = (t0_s - midpoint_s_) / growth_s_;
  const double b = (t1_s - midpoint_s_) / growth_s_;
  return base_ * (t1_s - t0_s) + (peak_ - base_) * growth_s_ * softplus_difference(a, b);
}

double LogisticCurve::upper_bound(double t0_s, double t1_s) const {
  return std::max(rate(t0_s), rate(t1_s));
}

void LogisticCurve::features(double t0_s, double t1_s, std::vector<double>& out) const {
  // The transition: nearly all of the change happens within +-10 growth_s.
  for (double k : {-10.0, -3.0, 0.0, 3.0, 10.0}) {
    detail::add_feature(midpoint_s_ + k * growth_s_, t0_s, t1_s, out);
  }
}

}  // namespace surge::demand
