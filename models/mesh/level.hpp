// Level: a piecewise-constant quantity of the run (busy workers, queue length,
// instances up) with its running integral since t = 0 and its maximum since the
// last reset. Averages over any span are differences of integral_at(); that is
// how both the post-warmup average and each time-series interval are taken from
// one accumulator.
#pragma once

#include "sim/kernel/time.hpp"

namespace surge::mesh {

class Level {
 public:
  void set(SimTime now, double value) {
    integral_ += value_ * to_seconds(now - last_);
    last_ = now;
    value_ = value;
    if (value > max_) max_ = value;
  }
  void add(SimTime now, double delta) { set(now, value_ + delta); }
  // Forgets the maximum so far (at the end of the warmup).
  void reset_max() { max_ = value_; }

  [[nodiscard]] double value() const { return value_; }
  [[nodiscard]] double max() const { return max_; }
  // Integral of the value over [0, now] in value-seconds. REQUIRES: now >= last change.
  [[nodiscard]] double integral_at(SimTime now) const {
    return integral_ + value_ * to_seconds(now - last_);
  }

 private:
  double value_ = 0.0;
  double integral_ = 0.0;
  double max_ = 0.0;
  SimTime last_ = 0;
};

}  // namespace surge::mesh
