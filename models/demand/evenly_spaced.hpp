// EvenlySpaced: deterministic arrivals (`"arrivals": "deterministic"`), evenly
// spaced in expected count: arrival k (k = 1, 2, ...) comes at the time t with
// Lambda(0, t) = k, so a constant rate r gives arrivals at 1/r, 2/r, ... and any
// curve gives exactly floor(Lambda(0, T)) arrivals on [0, T) — the demand of the
// curve without the Poisson noise (a D/G/c arrival stream when the rate is flat).
//
// Each arrival is found from the previous one: windows grow from the last gap
// until they hold one unit of Lambda, then Newton's method on Lambda(t_prev, t) = 1
// (derivative lambda), safeguarded by bisection, locates it to the nanosecond.
// Uses no randomness.
#pragma once

#include "models/demand/arrival_process.hpp"

namespace surge::demand {

class EvenlySpaced final : public ArrivalProcess {
 public:
  // Arrivals on [0, horizon). REQUIRES: curve not null.
  EvenlySpaced(RateCurvePtr curve, SimTime horizon);

  [[nodiscard]] SimTime next() override;
  // The next arrival in seconds; +infinity when none remains.
  [[nodiscard]] double next_s();

 private:
  // The t in [lo, hi] with Lambda(from, t) = need, knowing Lambda(from, lo) =
  // need_lo <= need <= Lambda(from, hi).
  [[nodiscard]] double solve(double from_s, double lo_s, double hi_s, double need) const;

  RateCurvePtr curve_;
  double horizon_s_;
  double t_s_ = 0.0;
  double gap_s_ = 1.0;  // the last gap, the first window's guess
};

}  // namespace surge::demand
