#include "models/demand/arrival_process.hpp"

#include "models/demand/evenly_spaced.hpp"
#include "models/demand/hawkes_process.hpp"
#include "models/demand/thinned_poisson.hpp"
#include "models/demand/timestamp_replay.hpp"
#include "sim/kernel/assert.hpp"

namespace surge::demand {

std::unique_ptr<ArrivalProcess> make_arrival_process(const ArrivalSpec& spec, Rng rng,
                                                     SimTime horizon) {
  switch (spec.kind) {
    case ArrivalSpec::Kind::kRate:
      SURGE_ASSERT(spec.rate != nullptr);
      if (spec.deterministic) return std::make_unique<EvenlySpaced>(spec.rate, horizon);
      return std::make_unique<ThinnedPoisson>(spec.rate, rng, horizon);
    case ArrivalSpec::Kind::kHawkes:
      SURGE_ASSERT(spec.rate != nullptr);
      return std::make_unique<HawkesProcess>(spec.rate, spec.branching_ratio, spec.kernel, rng,
                                             horizon);
    case ArrivalSpec::Kind::kTimestamps:
      SURGE_ASSERT(spec.timestamps_s != nullptr);
      return std::make_unique<TimestampReplay>(spec.timestamps_s, horizon);
  }
  SURGE_ASSERT_MSG(false, "unknown arrival kind");
  return nullptr;
}

}  // namespace surge::demand
