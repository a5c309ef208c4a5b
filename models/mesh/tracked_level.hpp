// TrackedLevel: a level the results collector reports three ways — its time average
// and maximum after the warmup, and its time average in each time-series interval —
// from one exact integral (LevelIntegral), differenced at the warmup and at each
// interval boundary.
#pragma once

#include "sim/kernel/level_integral.hpp"
#include "sim/kernel/time.hpp"

namespace surge::mesh {

class TrackedLevel {
 public:
  void add(SimTime now, std::int64_t delta) { level_.add(now, delta); }
  [[nodiscard]] std::int64_t level() const { return level_.level(); }

  void warmup_ended(SimTime now) {
    at_warmup_ = level_.integral(now);
    level_.reset_max();
  }
  // The time average over [start, end) of the interval that closes at `end`.
  [[nodiscard]] double close_interval(SimTime end, LevelNanos length_ns) {
    const LevelNanos integral = level_.integral(end);
    const double average = ratio(integral - at_tick_, length_ns);
    at_tick_ = integral;
    return average;
  }
  // Time average after the warmup, over span_ns > 0.
  [[nodiscard]] double mean(SimTime end, LevelNanos span_ns) const {
    return ratio(level_.integral(end) - at_warmup_, span_ns);
  }
  [[nodiscard]] double max() const { return static_cast<double>(level_.max()); }

 private:
  LevelIntegral level_;
  LevelNanos at_warmup_ = 0;
  LevelNanos at_tick_ = 0;
};

}  // namespace surge::mesh
