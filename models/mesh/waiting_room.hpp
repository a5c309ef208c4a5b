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
#include "sim/kernel/slot_pool.hpp"

namespace surge::mesh {

class Ring {
 public:
  void push_back(Handle h);
  Handle pop_front();
  Handle pop_back();
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

  void push(Handle visit, std::uint32_t priority);
  // REQUIRES: !empty()
  Handle pop();
  // The newest waiting visit of the highest priority level (adaptive LIFO).
  // REQUIRES: !empty()
  Handle pop_newest();
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  // Removes and returns every waiting visit (for a crashed instance), in serving order.
  std::vector<Handle> drain();

 private:
  struct Level {
    std::uint32_t priority;
    Ring ring;
  };
  Discipline discipline_;
  std::vector<Level> levels_;  // one (priority 0) unless kPriority; sorted by priority
  std::size_t size_ = 0;
};

}  // namespace surge::mesh
