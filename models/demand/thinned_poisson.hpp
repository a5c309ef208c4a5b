// ThinnedPoisson: a non-homogeneous Poisson process of rate lambda(t) sampled by
// thinning (Lewis & Shedler, Naval Research Logistics Quarterly 1979):
// candidates arrive as a homogeneous Poisson process at the rate B of an upper
// bound of lambda, and each candidate at t is kept with probability lambda(t)/B.
//
// Piecewise bounds over adaptive windows: B holds on a window [t, t + w) only,
// and candidates past the window's end are discarded — exact, because the
// exponential gap is memoryless, so restarting it at the window's end changes
// nothing. A window is halved while halving cuts its expected candidates
// (B * w) by more than kSplitGain of them and it would still hold more than
// kMinSplitMass candidates; the next window starts twice as wide as the last.
// On a smooth curve the bound then stays within about 2% of lambda, and a
// 100x spike narrows the windows only where it is: it costs about its own
// arrivals, not a 100x bound over the whole run. The efficiency (arrivals per
// candidate) is measured by experiments/performance/thinning_bench.
//
// Randomness: two uniforms per candidate (the gap, the acceptance), both from
// the Rng given; the windows depend only on the curve, so the same seed gives
// the same arrivals. A constant curve needs no thinning: its arrivals are drawn
// as a homogeneous process directly, one uniform (the gap) per arrival.
#pragma once

#include <cstdint>
#include <optional>

#include "models/demand/arrival_process.hpp"

namespace surge::demand {

class ThinnedPoisson final : public ArrivalProcess {
 public:
  // Halve a window while that saves more than this fraction of its candidates.
  static constexpr double kSplitGain = 0.01;
  // ... and while it holds more than this many expected candidates.
  static constexpr double kMinSplitMass = 0.5;
  static constexpr double kInitialWidthS = 1.0;
  static constexpr double kMinWidthS = 1e-6;

  // Arrivals on [0, horizon). REQUIRES: curve not null.
  ThinnedPoisson(RateCurvePtr curve, Rng rng, SimTime horizon);

  [[nodiscard]] SimTime next() override;
  // The next arrival in seconds, unrounded; +infinity when none remains.
  [[nodiscard]] double next_s();

  [[nodiscard]] std::uint64_t candidates() const { return candidates_; }
  [[nodiscard]] std::uint64_t arrivals() const { return arrivals_; }
  [[nodiscard]] std::uint64_t windows() const { return windows_; }

 private:
  void open_window();

  RateCurvePtr curve_;
  Rng rng_;
  double horizon_s_;
  double t_s_ = 0.0;
  double window_end_s_ = 0.0;
  double bound_ = 0.0;
  double width_s_ = kInitialWidthS;
  std::optional<double> constant_rate_;  // set: the curve is flat at this rate
  std::uint64_t candidates_ = 0;
  std::uint64_t arrivals_ = 0;
  std::uint64_t windows_ = 0;
};

}  // namespace surge::demand
