// The integral of a step function, accumulated at each change: between changes
// the value is constant, so the area is value x elapsed time.
#include "sim/kernel/time_weighted.hpp"

#include <algorithm>

#include "sim/kernel/assert.hpp"

namespace surge {

TimeWeighted::TimeWeighted(SimTime start, double initial)
    : start_(start), last_(start), value_(initial), max_(initial) {}

void TimeWeighted::restart(SimTime now) {
  SURGE_ASSERT_MSG(now >= last_, "time-weighted value restarted in the past");
  start_ = now;
  last_ = now;
  integral_ = 0.0;
  max_ = value_;
}

double TimeWeighted::integral(SimTime now) const {
  SURGE_ASSERT_MSG(now >= last_, "time-weighted value read in the past");
  return integral_ + value_ * to_seconds(now - last_);
}

double TimeWeighted::mean(SimTime now) const {
  const double total = integral(now);
  if (now == start_) return value_;
  return total / to_seconds(now - start_);
}

}  // namespace surge
