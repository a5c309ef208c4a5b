// TimeoutLists: the pending timeouts of a run, kept so that a timer whose request or
// visit already ended holds no memory and no event.
//
// Every timeout of one source (a workload's client, one call of one endpoint) has the
// same duration, so its deadlines come in the order the timers start: each source is
// a FIFO list, and only its front needs an event. Timers live in a pool and are
// unlinked in O(1) when their owner ends; memory is bounded by the timers alive, not
// by how long their deadlines lie ahead.
//
// Event order is exactly the one an event per timer would give: each timer reserves
// its sequence number when it starts, and the list's event is pushed with the front
// timer's (deadline, sequence). A list has at most one event queued; when it pops and
// its timer was cancelled meanwhile, the list re-arms for its new front.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/slot_pool.hpp"
#include "sim/kernel/time.hpp"

namespace surge::mesh {

class TimeoutLists {
 public:
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

  struct Timer {
    SimTime deadline = 0;
    std::uint64_t seq = 0;  // reserved in the event queue when the timer started
    Handle owner;           // a user request (client lists) or a visit (call lists)
    std::uint32_t list = 0;
    std::uint32_t prev = kNone, next = kNone;
  };

  explicit TimeoutLists(std::size_t lists = 0) : lists_(lists) {}

  // Appends a timer to `list`. Returns its id, and sets *arm when the list had no
  // event queued: the caller then queues one for (deadline, seq).
  std::uint32_t start(std::uint32_t list, Handle owner, SimTime deadline, std::uint64_t seq,
                      bool* arm) {
    std::uint32_t id;
    if (free_.empty()) {
      id = static_cast<std::uint32_t>(timers_.size());
      timers_.emplace_back();
    } else {
      id = free_.back();
      free_.pop_back();
    }
    List& l = lists_[list];
    SURGE_ASSERT(l.tail == kNone || timers_[l.tail].deadline <= deadline);
    timers_[id] = Timer{deadline, seq, owner, list, l.tail, kNone};
    if (l.tail == kNone) {
      l.head = id;
    } else {
      timers_[l.tail].next = id;
    }
    l.tail = id;
    *arm = !l.armed;
    l.armed = true;
    ++live_;
    return id;
  }

  // The owner ended before its deadline. REQUIRES: the timer is alive.
  void cancel(std::uint32_t id) {
    Timer& t = timers_[id];
    List& l = lists_[t.list];
    if (t.prev == kNone) {
      l.head = t.next;
    } else {
      timers_[t.prev].next = t.next;
    }
    if (t.next == kNone) {
      l.tail = t.prev;
    } else {
      timers_[t.next].prev = t.prev;
    }
    free_.push_back(id);
    --live_;
  }

  // The list's event popped at (time, seq). Returns the id of the timer it was for,
  // or kNone when that timer was cancelled. Either way the list has no event queued
  // after this; re_arm() says whether it needs one and for what.
  std::uint32_t on_event(std::uint32_t list, SimTime time, std::uint64_t seq) {
    List& l = lists_[list];
    l.armed = false;
    if (l.head == kNone) return kNone;
    const Timer& t = timers_[l.head];
    if (t.deadline != time || t.seq != seq) return kNone;
    return l.head;
  }

  // After on_event (and after the fired timer, if any, was cancelled): the front
  // timer the list's next event is for, or nullptr when the list is empty.
  const Timer* re_arm(std::uint32_t list) {
    List& l = lists_[list];
    if (l.head == kNone || l.armed) return nullptr;
    l.armed = true;
    return &timers_[l.head];
  }

  [[nodiscard]] const Timer& timer(std::uint32_t id) const { return timers_[id]; }
  [[nodiscard]] std::size_t live() const { return live_; }

 private:
  struct List {
    std::uint32_t head = kNone, tail = kNone;
    bool armed = false;  // an event for this list is queued
  };
  std::vector<List> lists_;
  std::vector<Timer> timers_;
  std::vector<std::uint32_t> free_;
  std::size_t live_ = 0;
};

}  // namespace surge::mesh
