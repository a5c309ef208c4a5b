#include "models/mesh/waiting_room.hpp"

#include "sim/kernel/assert.hpp"

namespace surge::mesh {

void Ring::grow() {
  std::vector<Handle> bigger(buffer_.empty() ? 16 : buffer_.size() * 2);
  for (std::size_t i = 0; i < size_; ++i) bigger[i] = at(i);
  buffer_ = std::move(bigger);
  head_ = 0;
}

void Ring::push_back(Handle h) {
  if (size_ == buffer_.size()) grow();
  buffer_[(head_ + size_) & (buffer_.size() - 1)] = h;
  ++size_;
}

Handle Ring::pop_front() {
  SURGE_ASSERT(size_ > 0);
  const Handle h = buffer_[head_];
  head_ = (head_ + 1) & (buffer_.size() - 1);
  --size_;
  return h;
}

Handle Ring::pop_back() {
  SURGE_ASSERT(size_ > 0);
  --size_;
  return buffer_[(head_ + size_) & (buffer_.size() - 1)];
}

void WaitingRoom::push(Handle visit, std::uint32_t priority) {
  const std::uint32_t level_priority = discipline_ == Discipline::kPriority ? priority : 0;
  auto it = levels_.begin();
  while (it != levels_.end() && it->priority < level_priority) ++it;
  if (it == levels_.end() || it->priority != level_priority)
    it = levels_.insert(it, Level{level_priority, Ring{}});
  it->ring.push_back(visit);
  ++size_;
}

Handle WaitingRoom::pop() {
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
