#include "models/demand/thinned_poisson.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/kernel/assert.hpp"

namespace surge::demand {

ThinnedPoisson::ThinnedPoisson(RateCurvePtr curve, Rng rng, SimTime horizon)
    : curve_(std::move(curve)), rng_(rng), horizon_s_(to_seconds(horizon)) {
  SURGE_ASSERT(curve_ != nullptr);
  constant_rate_ = curve_->constant_rate();
}

void ThinnedPoisson::open_window() {
  const double start = t_s_;
  double end = std::min(start + width_s_, horizon_s_);
  double bound = curve_->upper_bound(start, end);
  for (;;) {
    const double len = end - start;
    const double mass = bound * len;
    if (!(mass > kMinSplitMass) || len <= kMinWidthS) break;
    const double mid = start + 0.5 * len;
    const double left = curve_->upper_bound(start, mid);
    const double right = curve_->upper_bound(mid, end);
    const double split_mass = left * (mid - start) + right * (end - mid);
    if (mass - split_mass <= kSplitGain * mass) break;
    end = mid;
    bound = left;
  }
  SURGE_ASSERT_MSG(std::isfinite(bound) && bound >= 0.0, "rate curve bound must be finite");
  window_end_s_ = end;
  bound_ = bound;
  width_s_ = std::max(2.0 * (end - start), kMinWidthS);
  ++windows_;
}

double ThinnedPoisson::next_s() {
  if (constant_rate_) {
    if (!(*constant_rate_ > 0.0) || !(t_s_ < horizon_s_))
      return std::numeric_limits<double>::infinity();
    t_s_ -= std::log(rng_.uniform_open01()) / *constant_rate_;
    ++candidates_;
    if (!(t_s_ < horizon_s_)) return std::numeric_limits<double>::infinity();
    ++arrivals_;
    return t_s_;
  }
  for (;;) {
    if (!(t_s_ < window_end_s_)) {
      if (!(t_s_ < horizon_s_)) return std::numeric_limits<double>::infinity();
      open_window();
    }
    if (!(bound_ > 0.0)) {
      t_s_ = window_end_s_;
      continue;
    }
    const double candidate = t_s_ - std::log(rng_.uniform_open01()) / bound_;
    if (!(candidate < window_end_s_)) {
      t_s_ = window_end_s_;  // memoryless: restart the gap in the next window
      continue;
    }
    t_s_ = candidate;
    ++candidates_;
    if (rng_.uniform01() * bound_ < curve_->rate(t_s_)) {
      ++arrivals_;
      return t_s_;
    }
  }
}

SimTime ThinnedPoisson::next() {
  const double t = next_s();
  if (!(t < horizon_s_)) return kTimeInfinity;
  return from_seconds(t);
}

}  // namespace surge::demand
