#include "models/demand/timestamp_replay.hpp"

#include "sim/kernel/assert.hpp"

namespace surge::demand {

TimestampReplay::TimestampReplay(std::shared_ptr<const std::vector<double>> times_s,
                                 SimTime horizon)
    : times_s_(std::move(times_s)), horizon_(horizon) {
  SURGE_ASSERT(times_s_ != nullptr);
}

SimTime TimestampReplay::next() {
  if (next_index_ >= times_s_->size()) return kTimeInfinity;
  const SimTime t = from_seconds((*times_s_)[next_index_]);
  if (t >= horizon_) {
    next_index_ = times_s_->size();
    return kTimeInfinity;
  }
  ++next_index_;
  return t;
}

}  // namespace surge::demand
