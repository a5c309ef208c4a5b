#include "models/demand/evenly_spaced.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/kernel/assert.hpp"

namespace surge::demand {
namespace {
// Below a nanosecond the answer no longer changes the SimTime.
constexpr double kResolutionS = 1e-10;
}  // namespace

EvenlySpaced::EvenlySpaced(RateCurvePtr curve, SimTime horizon)
    : curve_(std::move(curve)), horizon_s_(to_seconds(horizon)) {
  SURGE_ASSERT(curve_ != nullptr);
}

double EvenlySpaced::solve(double from_s, double lo_s, double hi_s, double need) const {
  // Newton from the linear guess, which is exact for a flat rate and converges
  // quadratically elsewhere; a step leaving the bracket falls back to bisection.
  const double r0 = curve_->rate(lo_s);
  double x = r0 > 0.0 ? lo_s + need / r0 : lo_s + 0.5 * (hi_s - lo_s);
  if (!(x > lo_s && x < hi_s)) x = lo_s + 0.5 * (hi_s - lo_s);
  for (int i = 0; i < 200 && hi_s - lo_s > kResolutionS; ++i) {
    const double excess = curve_->integral(from_s, x) - need;
    if (excess == 0.0) return x;
    if (excess < 0.0) {
      lo_s = x;
    } else {
      hi_s = x;
    }
    const double bisection = lo_s + 0.5 * (hi_s - lo_s);
    const double slope = curve_->rate(x);
    if (!(slope > 0.0)) {
      x = bisection;
      continue;
    }
    const double newton = x - excess / slope;
    // Converged to well below a nanosecond.
    if (std::abs(newton - x) <= 0.1 * kResolutionS) return newton;
    x = newton > lo_s && newton < hi_s ? newton : bisection;
  }
  return hi_s;
}

double EvenlySpaced::next_s() {
  const double from = t_s_;
  double width = std::max(2.0 * gap_s_, 1e-6);
  double lo = from;
  double need = 1.0;
  while (lo < horizon_s_) {
    const double hi = std::min(lo + width, horizon_s_);
    const double mass = curve_->integral(lo, hi);
    if (mass < need) {
      need -= mass;
      lo = hi;
      width *= 2.0;
      continue;
    }
    const double t = solve(lo, lo, hi, need);
    if (!(t < horizon_s_)) break;  // the unit completes at the horizon itself
    gap_s_ = t - from;
    t_s_ = t;
    return t;
  }
  t_s_ = horizon_s_;
  return std::numeric_limits<double>::infinity();
}

SimTime EvenlySpaced::next() {
  const double t = next_s();
  if (!(t < horizon_s_)) return kTimeInfinity;
  return from_seconds(t);
}

}  // namespace surge::demand
