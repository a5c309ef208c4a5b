// TimeWeighted: the time average and maximum of a piecewise-constant quantity
// (queue length, busy workers, instances up).
//
// The average runs from the last restart() (or construction) to `now`; values
// before that are forgotten, which is how warmup and per-interval series are
// taken. The integral is kept in seconds to stay within double precision.
#pragma once

#include <algorithm>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/time.hpp"

namespace surge {

class TimeWeighted {
 public:
  explicit TimeWeighted(SimTime start = 0, double initial = 0.0);

  // The quantity changes to `value` at `now`. REQUIRES: now >= the last change.
  // Inline: the engine calls it a few times per visit.
  void set(SimTime now, double value) {
    SURGE_ASSERT_MSG(now >= last_, "time-weighted value changed in the past");
    integral_ += value_ * to_seconds(now - last_);
    last_ = now;
    value_ = value;
    max_ = std::max(max_, value);
  }
  void add(SimTime now, double delta) { set(now, value_ + delta); }

  // Forgets the history: the average and max restart at `now` from the current value.
  void restart(SimTime now);
  // Forgets only the maximum (the integral goes on): the engine keeps one integral
  // since t = 0 for both its post-warmup averages and its time-series intervals,
  // taken as differences of integral(), and wants maxima after the warmup only.
  void reset_max() { max_ = value_; }

  [[nodiscard]] double value() const { return value_; }
  // Time average over [restart, now]; the current value when that span is empty.
  [[nodiscard]] double mean(SimTime now) const;
  // Largest value held since the restart (the current value included).
  [[nodiscard]] double max() const { return max_; }
  // Integral of the value over [restart, now] in value-seconds.
  [[nodiscard]] double integral(SimTime now) const;

 private:
  SimTime start_;
  SimTime last_;
  double value_;
  double integral_ = 0.0;  // value-seconds over [start_, last_]
  double max_;
};

}  // namespace surge
