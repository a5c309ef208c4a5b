#include "models/demand/arrival_process.hpp"

#include <algorithm>
#include <cmath>

#include "sim/kernel/assert.hpp"

namespace surge::demand {
namespace {

// Non-homogeneous Poisson process by thinning (Lewis & Shedler 1979): candidates
// at the rate of an upper bound that holds on a window, each kept with
// probability lambda(t) / bound. The window moves forward so a spike only raises
// the bound where it is.
class ThinnedPoisson final : public ArrivalProcess {
 public:
  ThinnedPoisson(RateCurvePtr curve, Rng rng, SimTime horizon)
      : curve_(std::move(curve)), rng_(rng), horizon_s_(to_seconds(horizon)) {}

  SimTime next() override {
    for (;;) {
      if (t_s_ >= horizon_s_) return kTimeInfinity;
      const double window_end = std::min(t_s_ + kWindowS, horizon_s_);
      const double bound = curve_->upper_bound(t_s_, window_end);
      if (!(bound > 0.0)) {
        t_s_ = window_end;
        continue;
      }
      const double candidate = t_s_ - std::log(rng_.uniform_open01()) / bound;
      if (candidate >= window_end) {
        // Memorylessness: restarting the exponential at the window's end is exact.
        t_s_ = window_end;
        continue;
      }
      t_s_ = candidate;
      if (rng_.uniform01() * bound < curve_->rate(t_s_)) return from_seconds(t_s_);
    }
  }

 private:
  static constexpr double kWindowS = 60.0;
  RateCurvePtr curve_;
  Rng rng_;
  double horizon_s_;
  double t_s_ = 0.0;
};

// Arrival k (k = 1, 2, ...) at the time t with Lambda(0, t) = k: evenly spaced in
// expected count, so a constant rate r gives arrivals at 1/r, 2/r, ...
class EvenlySpaced final : public ArrivalProcess {
 public:
  EvenlySpaced(RateCurvePtr curve, SimTime horizon)
      : curve_(std::move(curve)), horizon_s_(to_seconds(horizon)) {}

  SimTime next() override {
    // Walk forward to where the accumulated integral reaches one more unit.
    double need = 1.0;
    double t = t_s_;
    double step = kStepS;
    while (t < horizon_s_) {
      const double end = std::min(t + step, horizon_s_);
      const double mass = curve_->integral(t, end);
      if (mass < need) {
        need -= mass;
        t = end;
        continue;
      }
      // Bisection inside [t, end] for the point where the integral equals `need`.
      double lo = t, hi = end;
      for (int i = 0; i < 80 && hi - lo > 1e-10; ++i) {
        const double mid = 0.5 * (lo + hi);
        if (curve_->integral(t, mid) < need) lo = mid; else hi = mid;
      }
      t_s_ = hi;
      return from_seconds(t_s_);
    }
    t_s_ = horizon_s_;
    return kTimeInfinity;
  }

 private:
  static constexpr double kStepS = 60.0;
  RateCurvePtr curve_;
  double horizon_s_;
  double t_s_ = 0.0;
};

class Replay final : public ArrivalProcess {
 public:
  Replay(const std::vector<double>& times_s, SimTime horizon)
      : times_(times_s), horizon_(horizon) {}
  SimTime next() override {
    if (i_ >= times_.size()) return kTimeInfinity;
    const SimTime t = from_seconds(times_[i_++]);
    return t < horizon_ ? t : kTimeInfinity;
  }

 private:
  const std::vector<double>& times_;
  SimTime horizon_;
  std::size_t i_ = 0;
};

}  // namespace

std::unique_ptr<ArrivalProcess> make_arrival_process(const ArrivalSpec& spec, Rng rng,
                                                     SimTime horizon) {
  switch (spec.kind) {
    case ArrivalSpec::Kind::kRate:
      SURGE_ASSERT(spec.rate != nullptr);
      if (spec.deterministic) return std::make_unique<EvenlySpaced>(spec.rate, horizon);
      return std::make_unique<ThinnedPoisson>(spec.rate, rng, horizon);
    case ArrivalSpec::Kind::kTimestamps:
      return std::make_unique<Replay>(spec.timestamps_s, horizon);
    case ArrivalSpec::Kind::kHawkes:
      break;
  }
  SURGE_ASSERT_MSG(false, "arrival kind not implemented");
  return nullptr;
}

}  // namespace surge::demand
