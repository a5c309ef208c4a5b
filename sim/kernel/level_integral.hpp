// LevelIntegral: an integer level that changes at instants (workers held, visits
// waiting, instances up) and its integral over time, kept exactly in level x
// nanoseconds.
//
// Exact integer arithmetic makes every derived figure consistent: the integral
// over an interval is a difference of integrals since t = 0 with no cancellation
// error, however short the interval or long the run, so a utilization is never
// above 1 and a part (workers working) never exceeds its whole (workers held).
// Figures become doubles only when divided, at the end (to_level_seconds, ratios).
//
// The integral is 128 bits: a level of 10^9 held for 10^9 s is 10^27 level-ns.
#pragma once

#include <algorithm>
#include <cstdint>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/time.hpp"

namespace surge {

__extension__ using LevelNanos = __int128;  // level x nanoseconds

class LevelIntegral {
 public:
  // The level changes by `delta` at `now`. REQUIRES: now >= the last change; the
  // level stays >= 0. Inline: the engine's statistics call it a few times per visit.
  void add(SimTime now, std::int64_t delta) {
    SURGE_ASSERT_MSG(now >= last_, "level changed in the past");
    integral_ += static_cast<LevelNanos>(level_) * (now - last_);
    last_ = now;
    level_ += delta;
    SURGE_ASSERT(level_ >= 0);
    max_ = std::max(max_, level_);
  }

  [[nodiscard]] std::int64_t level() const { return level_; }
  // Largest level held since the construction or the last reset_max() (the current
  // level included).
  [[nodiscard]] std::int64_t max() const { return max_; }
  // Forgets the maximum, not the integral (the warmup ends: maxima count after it).
  void reset_max() { max_ = level_; }
  // Integral of the level over [0, now]. REQUIRES: now >= the last change.
  [[nodiscard]] LevelNanos integral(SimTime now) const {
    return integral_ + static_cast<LevelNanos>(level_) * (now - last_);
  }

 private:
  std::int64_t level_ = 0;
  std::int64_t max_ = 0;
  SimTime last_ = 0;
  LevelNanos integral_ = 0;
};

// An integral (or a difference of two) in level-seconds.
[[nodiscard]] inline double to_level_seconds(LevelNanos x) {
  return static_cast<double>(x) / static_cast<double>(kNanosPerSecond);
}

// a / b as a double; both exact integers, so a <= b gives a ratio <= 1. REQUIRES: b > 0.
[[nodiscard]] inline double ratio(LevelNanos a, LevelNanos b) {
  return static_cast<double>(a) / static_cast<double>(b);
}

}  // namespace surge
