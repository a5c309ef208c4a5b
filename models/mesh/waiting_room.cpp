#include "models/mesh/waiting_room.hpp"

#include "sim/kernel/assert.hpp"

namespace surge::mesh {

void Ring::grow() {
  std::vector<Handle> bigger(buffer_.empty() ? 16 : buffer_.size() * 2);
  for (std::size_t i = 0; i < size_; ++i) bigger[i] = at(i);
  buffer_ = std::move(bigger);
  head_ = 0;
}

// Several levels, or a level not there yet.
void WaitingRoom::push_new_level(Handle visit, std::uint32_t level_priority) {
  auto it = levels_.begin();
  while (it != levels_.end() && it->priority < level_priority) ++it;
  if (it == levels_.end() || it->priority != level_priority)
    it = levels_.insert(it, Level{level_priority, Ring{}});
  it->ring.push_back(visit);
  ++size_;
}

Handle WaitingRoom::pop_levels() {
  SURGE_ASSERT(size_ > 0);
  for (Level& level : levels_) {
    if (level.ring.empty()) continue;
    --size_;
    // Non-preemptive LIFO serves the newest waiting visit.
    return discipline_ == Discipline::kLifo ? level.ring.pop_back() : level.ring.pop_front();
  }
  SURGE_ASSERT_MSG(false, "waiting room size out of sync");
  return Handle{};
}

Handle WaitingRoom::pop_newest() {
  SURGE_ASSERT(size_ > 0);
  for (Level& level : levels_) {
    if (level.ring.empty()) continue;
    --size_;
    return level.ring.pop_back();
  }
  SURGE_ASSERT_MSG(false, "waiting room size out of sync");
  return Handle{};
}

std::vector<Handle> WaitingRoom::drain() {
  std::vector<Handle> out;
  out.reserve(size_);
  while (!empty()) out.push_back(pop());
  return out;
}

}  // namespace surge::mesh
