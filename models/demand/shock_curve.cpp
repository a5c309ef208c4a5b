#include "models/demand/shock_curve.hpp"

#include <algorithm>
#include <cmath>

#include "sim/kernel/assert.hpp"

namespace surge::demand {

ShockCurve::ShockCurve(double at_s, double jump, ShockDecay decay, double tau_s, double exponent)
    : at_s_(at_s), jump_(jump), decay_(decay), tau_s_(tau_s), exponent_(exponent) {
  SURGE_ASSERT(jump >= 0.0 && tau_s > 0.0);
  SURGE_ASSERT(decay != ShockDecay::kPowerLaw || exponent > 0.0);
}

double ShockCurve::rate(double t_s) const {
  if (t_s < at_s_) return 0.0;
  const double u = (t_s - at_s_) / tau_s_;
  if (decay_ == ShockDecay::kExponential) return jump_ * std::exp(-u);
  return jump_ * std::pow(1.0 + u, -exponent_);
}

double ShockCurve::integral(double t0_s, double t1_s) const {
  if (!(t1_s > at_s_)) return 0.0;
  const double x0 = std::max(t0_s, at_s_);
  if (!(t1_s > x0)) return 0.0;
  const double u0 = (x0 - at_s_) / tau_s_;
  const double du = (t1_s - x0) / tau_s_;
  if (decay_ == ShockDecay::kExponential) {
    // jump tau (e^-u0 - e^-u1) = jump tau e^-u0 (1 - e^-(u1 - u0)).
    return jump_ * tau_s_ * std::exp(-u0) * -std::expm1(-du);
  }
  // jump tau [(1+u1)^(1-k) - (1+u0)^(1-k)] / (1-k), written as
  // jump tau (1+u0)^(1-k) L (e^(eL) - 1)/(eL), e = 1-k, L = ln((1+u1)/(1+u0)),
  // which is exact for every k and tends to jump tau (1+u0)^0 L at k = 1.
  const double e = 1.0 - exponent_;
  const double log_ratio = std::log1p(du / (1.0 + u0));
  const double z = e * log_ratio;
  const double expm1_over_z = z == 0.0 ? 1.0 : std::expm1(z) / z;
  return jump_ * tau_s_ * std::pow(1.0 + u0, e) * log_ratio * expm1_over_z;
}

double ShockCurve::upper_bound(double t0_s, double t1_s) const {
  if (t1_s < at_s_) return 0.0;
  return rate(std::max(t0_s, at_s_));
}

void ShockCurve::features(double t0_s, double t1_s, std::vector<double>& out) const {
  // The jump, then the relaxation on the scales tau, 10 tau, 100 tau, ...
  detail::add_feature(at_s_, t0_s, t1_s, out);
  for (double k = 1.0; k <= 1e6; k *= 10.0)
    detail::add_feature(at_s_ + k * tau_s_, t0_s, t1_s, out);
}

}  // namespace surge::demand
