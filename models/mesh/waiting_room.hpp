// WaitingRoom: the visits waiting for a worker at one instance, in the order its
// discipline serves them: fifo, lifo, or non-preemptive priority (0 first, FIFO
// within a priority). Capacity is enforced by the caller (Instance).
//
// A ring buffer per priority level, grown by doubling: no allocation per visit once
// grown. Priority levels are kept sorted so the highest level is found first.
#pragma once

#include <cstdint>
#include <vector>

#include "models/mesh/model_graph.hpp"
#include "sim/kernel/assert.hpp"
#include "sim/kernel/slot_pool.hpp"

namespace surge::mesh {

// Inline: a queued visit passes through push_back and pop_front on the engine's path.
class Ring {
 public:
  void push_back(Handle h) {
    if (size_ == buffer_.size()) grow();
    buffer_[(head_ + size_) & (buffer_.size() - 1)] = h;
    ++size_;
  }
  Handle pop_front() {
    SURGE_ASSERT(size_ > 0);
    const Handle h = buffer_[head_];
    head_ = (head_ + 1) & (buffer_.size() - 1);
    --size_;
    return h;
  }
  Handle pop_back() {
    SURGE_ASSERT(size_ > 0);
    --size_;
    return buffer_[(head_ + size_) & (buffer_.size() - 1)];
  }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] Handle at(std::size_t i) const { return buffer_[(head_ + i) & (buffer_.size() - 1)]; }

 private:
  void grow();
  std::vector<Handle> buffer_;  // size is zero or a power of two
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

class WaitingRoom {
 public:
  explicit WaitingRoom(Discipline discipline = Discipline::kFifo) : discipline_(discipline) {}

  // Inline fast paths: one level (fifo, lifo, or a single priority in use).
  void push(Handle visit, std::uint32_t priority) {
    const std::uint32_t level_priority = discipline_ == Discipline::kPriority ? priority : 0;
    if (levels_.size() == 1 && levels_.front().priority == level_priority) {
      levels_.front().ring.push_back(visit);
      ++size_;
      return;
    }
    push_new_level(visit, level_priority);
  }
  // REQUIRES: !empty()
  Handle pop() {
    if (levels_.size() == 1) {
      SURGE_ASSERT(size_ > 0);
      --size_;
      Ring& ring = levels_.front().ring;
      // Non-preemptive LIFO serves the newest waiting visit.
      return discipline_ == Discipline::kLifo ? ring.pop_back() : ring.pop_front();
    }
    return pop_levels();
  }
  // The newest waiting visit of the highest priority level (adaptive LIFO).
  // REQUIRES: !empty()
  Handle pop_newest();
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  // Removes and returns every waiting visit (for a crashed instance), in serving order.
  std::vector<Handle> drain();

 private:
  void push_new_level(Handle visit, std::uint32_t level_priority);
  Handle pop_levels();

  struct Level {
    std::uint32_t priority;
    Ring ring;
  };
  Discipline discipline_;
  std::vector<Level> levels_;  // one (priority 0) unless kPriority; sorted by priority
  std::size_t size_ = 0;
};

}  // namespace surge::mesh
