// EventQueue: the future event list, a binary min-heap of small POD events.
//
// Events are ordered by (time, seq) and nothing else: seq is a counter assigned at
// push, so events at the same nanosecond pop in the order they were scheduled
// (OMNeT++, ns-3). The payload is three integers the model interprets (an event
// kind and a generation-checked handle, typically); the kernel knows nothing of
// what they mean. Cancelling is done by the model marking its records so a stale
// event is ignored when it pops (ns-3), never by searching the heap.
//
// No allocation per event once the heap has grown to its peak size.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/time.hpp"

namespace surge {

struct Event {
  SimTime time;
  std::uint64_t seq;
  std::uint32_t index;       // model-defined: usually a slot index
  std::uint32_t generation;  // model-defined: usually the slot's generation
  std::uint32_t kind;        // model-defined event kind
  std::uint32_t aux;         // model-defined extra payload
};
static_assert(sizeof(Event) == 32, "events stay small: two per cache line");

class EventQueue {
 public:
  // Schedules an event; returns its sequence number.
  // REQUIRES: time >= the time of the last popped event (no scheduling in the past).
  std::uint64_t push(SimTime time, std::uint32_t kind, std::uint32_t index,
                     std::uint32_t generation, std::uint32_t aux = 0) {
    const std::uint64_t seq = next_seq_++;
    push_reserved(time, seq, kind, index, generation, aux);
    return seq;
  }

  // Takes the next sequence number without scheduling anything yet: a model that keeps
  // many would-be events in a list of its own and queues only the first (timeouts)
  // reserves each one's number, so the order is the one an event per item would give.
  std::uint64_t reserve_seq() { return next_seq_++; }

  // Schedules an event under a reserved sequence number.
  // REQUIRES: seq came from reserve_seq() and is not queued; (time, seq) is after the
  // last popped event.
  void push_reserved(SimTime time, std::uint64_t seq, std::uint32_t kind, std::uint32_t index,
                     std::uint32_t generation, std::uint32_t aux = 0) {
    SURGE_ASSERT_MSG(time > now_ || (time == now_ && seq >= min_seq_now_),
                     "event scheduled in the past");
    const Event e{time, seq, index, generation, kind, aux};
    // Open a hole at the end and move it up; `e` is written once, where it belongs.
    std::size_t i = heap_.size();
    heap_.emplace_back();
    while (i > 0) {
      const std::size_t parent = (i - 1) / 2;
      if (!before(e, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }

  [[nodiscard]] bool empty() const { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const { return heap_.size(); }
  // REQUIRES: !empty()
  [[nodiscard]] const Event& top() const {
    SURGE_ASSERT(!heap_.empty());
    return heap_.front();
  }
  // The time of the last popped event: the simulation clock.
  [[nodiscard]] SimTime now() const { return now_; }
  [[nodiscard]] std::uint64_t scheduled() const { return next_seq_; }
  [[nodiscard]] std::size_t capacity() const { return heap_.capacity(); }

  // REQUIRES: !empty()
  Event pop() {
    SURGE_ASSERT(!heap_.empty());
    Event top = heap_.front();
    const Event last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down_from_root(last);
    now_ = top.time;
    min_seq_now_ = top.seq + 1;
    return top;
  }

  void reserve(std::size_t n) { heap_.reserve(n); }

 private:
  static bool before(const Event& a, const Event& b) {
    return a.time < b.time || (a.time == b.time && a.seq < b.seq);
  }

  // Places `e` (the former last element) starting from the root: moves the hole
  // down along the smaller children until `e` fits.
  void sift_down_from_root(const Event& e) {
    const std::size_t n = heap_.size();
    std::size_t i = 0;
    for (;;) {
      std::size_t child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && before(heap_[child + 1], heap_[child])) ++child;
      if (!before(heap_[child], e)) break;
      heap_[i] = heap_[child];
      i = child;
    }
    heap_[i] = e;
  }

  std::vector<Event> heap_;
  std::uint64_t next_seq_ = 0;
  SimTime now_ = 0;
  std::uint64_t min_seq_now_ = 0;  // the last popped event's seq + 1
};

}  // namespace surge
