// ArrivalProcess: the arrival times of one workload, drawn from the workload's own
// random stream (docs/model.md, "Randomness": keyed by seed, replication, workload), so that
// changing anything else in a scenario leaves the arrivals unchanged.
//
// A process is a stateful cursor: next() returns arrival times in non-decreasing
// order and kTimeInfinity once no arrival remains before the horizon.
//
// The kinds (docs/model.md, "Workloads and arrivals"):
// - a rate curve, sampled as a non-homogeneous Poisson process by thinning
//   (thinned_poisson.hpp), or evenly spaced in expected count when
//   `"arrivals": "deterministic"` (evenly_spaced.hpp);
// - a Hawkes process over a background curve (hawkes_process.hpp);
// - timestamps replayed from a file (timestamp_replay.hpp).
#pragma once

#include <memory>
#include <vector>

#include "models/demand/hawkes_kernel.hpp"
#include "models/demand/rate_curve.hpp"
#include "sim/kernel/rng.hpp"
#include "sim/kernel/time.hpp"

namespace surge::demand {

// What a workload's `rate` (or `users.rate`) says, parsed by sim/scenario.
struct ArrivalSpec {
  enum class Kind { kRate, kHawkes, kTimestamps };
  Kind kind = Kind::kRate;
  RateCurvePtr rate;           // kRate: lambda(t); kHawkes: the background
  bool deterministic = false;  // kRate only: evenly spaced in Lambda instead of Poisson
  // kHawkes: lambda(t) = rate(t) + branching_ratio * sum_i kernel(t - t_i).
  double branching_ratio = 0.0;  // n, 0 <= n < 1
  HawkesKernel kernel;
  // kTimestamps: the arrival times in seconds, sorted, finite, >= 0 (shared by
  // every process made from this spec).
  std::shared_ptr<const std::vector<double>> timestamps_s;
};

class ArrivalProcess {
 public:
  virtual ~ArrivalProcess() = default;
  // The next arrival time, or kTimeInfinity when none remains before the horizon.
  [[nodiscard]] virtual SimTime next() = 0;
};

// The process a spec describes, on [0, horizon), drawing from `rng`.
// REQUIRES: spec is valid (validated by sim/scenario).
[[nodiscard]] std::unique_ptr<ArrivalProcess> make_arrival_process(const ArrivalSpec& spec, Rng rng,
                                                                   SimTime horizon);

}  // namespace surge::demand
