// HawkesKernel: the normalized memory kernel phi of a Hawkes process
// (hawkes_process.hpp) — the density of the delay between an event and each of
// its direct offspring, integrating to 1 (the branching ratio n carries the size):
//   exponential: phi(t) = e^(-t/tau) / tau
//   power law:   phi(t) = theta c^theta / (t + c)^(1+theta)    (Lomax / Pareto II)
// The power law is the long memory of human attention (Crane & Sornette, PNAS
// 2008); its mean is infinite for theta <= 1.
//
// Offsets are sampled by inversion of the survival function S(t) = int_t^inf phi:
//   exponential: S = e^(-t/tau),      t = -tau ln U
//   power law:   S = (c/(t + c))^theta, t = c (U^(-1/theta) - 1) = c expm1(-ln(U)/theta)
// with U uniform on (0, 1), one draw per offset.
#pragma once

#include <cmath>
#include <cstdint>

#include "sim/kernel/rng.hpp"

namespace surge::demand {

enum class HawkesKernelKind : std::uint8_t { kExponential, kPowerLaw };

struct HawkesKernel {
  HawkesKernelKind kind = HawkesKernelKind::kExponential;
  double tau_s = 1.0;  // exponential: the mean delay, > 0
  double c_s = 1.0;    // power law: the time scale, > 0
  double theta = 0.5;  // power law: the tail exponent, > 0

  [[nodiscard]] double density(double t_s) const {
    if (t_s < 0.0) return 0.0;
    if (kind == HawkesKernelKind::kExponential) return std::exp(-t_s / tau_s) / tau_s;
    return theta * std::pow(c_s, theta) / std::pow(t_s + c_s, 1.0 + theta);
  }

  [[nodiscard]] double survival(double t_s) const {
    if (t_s <= 0.0) return 1.0;
    if (kind == HawkesKernelKind::kExponential) return std::exp(-t_s / tau_s);
    return std::pow(c_s / (t_s + c_s), theta);
  }

  // A delay drawn from phi; may be +infinity for an extreme power-law draw.
  [[nodiscard]] double sample_offset(Rng& rng) const {
    const double log_u = std::log(rng.uniform_open01());
    if (kind == HawkesKernelKind::kExponential) return -tau_s * log_u;
    return c_s * std::expm1(-log_u / theta);
  }
};

}  // namespace surge::demand
