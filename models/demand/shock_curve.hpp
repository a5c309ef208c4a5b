// ShockCurve: the response of a population to a news event at at_s — a jump of
// `jump` arrivals per second that relaxes (docs/model.md, rate curves):
//   exponential: lambda(t) = jump * e^(-(t - at_s) / tau_s)            for t >= at_s
//   power law:   lambda(t) = jump * (1 + (t - at_s) / tau_s)^(-exponent) for t >= at_s
// and 0 before at_s. The power law is the slow relaxation of attention after an
// exogenous shock (Crane & Sornette, PNAS 2008: exponents 1 - theta and 1 + theta
// for the endogenous/critical and exogenous classes); the exponential is a fast
// fade with a memory of tau_s.
//
// Integrals in closed form; lambda is 0, then non-increasing, so its supremum on
// an interval is its value at max(t0, at_s).
#pragma once

#include <cstdint>

#include "models/demand/rate_curve.hpp"

namespace surge::demand {

enum class ShockDecay : std::uint8_t { kExponential, kPowerLaw };

class ShockCurve final : public RateCurve {
 public:
  // REQUIRES: jump >= 0, tau_s > 0, exponent > 0 (power law only), all finite.
  ShockCurve(double at_s, double jump, ShockDecay decay, double tau_s, double exponent);

  [[nodiscard]] double rate(double t_s) const override;
  [[nodiscard]] double integral(double t0_s, double t1_s) const override;
  [[nodiscard]] double upper_bound(double t0_s, double t1_s) const override;
  void features(double t0_s, double t1_s, std::vector<double>& out) const override;

 private:
  double at_s_;
  double jump_;
  ShockDecay decay_;
  double tau_s_;
  double exponent_;
};

}  // namespace surge::demand
