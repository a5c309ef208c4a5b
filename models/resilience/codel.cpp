#include "models/resilience/codel.hpp"

#include <algorithm>

namespace surge::resilience {

Codel::Codel(const CodelSpec& spec, SimTime start)
    : target_(from_seconds(spec.target_s)),
      interval_(from_seconds(spec.interval_s)),
      relaxed_(std::max(target_, interval_)),
      adaptive_lifo_(spec.adaptive_lifo),
      last_good_(start) {}

bool Codel::should_shed(SimTime now, SimTime waited) {
  if (waited > limit(now)) return true;
  if (waited <= target_) last_good_ = now;
  return false;
}

}  // namespace surge::resilience
