// ArrivalProcess: the arrival times of one workload, drawn from the workload's own
// random stream (DESIGN.md: keyed by seed, replication and workload name), so that
// changing anything else in a scenario leaves the arrivals unchanged.
//
// A process is a stateful cursor: next() returns arrival times in non-decreasing
// order and kTimeInfinity once no arrival remains before the horizon.
#pragma once

#include <memory>
#include <vector>

#include "models/demand/rate_curve.hpp"
#include "sim/kernel/rng.hpp"
#include "sim/kernel/time.hpp"

namespace surge::demand {

// What a workload's `rate` (or `users.rate`) says, parsed by sim/scenario.
struct ArrivalSpec {
  enum class Kind { kRate, kHawkes, kTimestamps };
  Kind kind = Kind::kRate;
  RateCurvePtr rate;           // kRate: lambda(t); kHawkes: the background
  bool deterministic = false;  // kRate: evenly spaced in Lambda instead of Poisson
  std::vector<double> timestamps_s;  // kTimestamps: sorted arrival times
};

class ArrivalProcess {
 public:
  virtual ~ArrivalProcess() = default;
  // The next arrival time, or kTimeInfinity when none remains before the horizon.
  [[nodiscard]] virtual SimTime next() = 0;
};

// REQUIRES: spec is valid (validated by sim/scenario).
[[nodiscard]] std::unique_ptr<ArrivalProcess> make_arrival_process(const ArrivalSpec& spec,
                                                                   Rng rng, SimTime horizon);

}  // namespace surge::demand
