// ProcessorSharing: the work phase of the visits admitted to one `ps` instance.
//
// The n visits in their work phase share the instance's `cores` equally, each at
// most one core: every one of them receives work at rate r(n) = min(1, cores / n).
// We keep the attained work per visit as a single "virtual time" V that grows at
// r(n) (Kleinrock's processor-sharing clock): a visit admitted at V0 with work x
// finishes when V reaches V0 + x, so only the earliest finish needs an event. Any
// change of n reschedules that event; the old one is recognised as stale by its
// generation.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/kernel/slot_pool.hpp"
#include "sim/kernel/time.hpp"

namespace surge::mesh {

class ProcessorSharing {
 public:
  struct Entry {
    double finish_v;  // virtual time at which the visit's work is done
    Handle visit;
  };

  // Brings V up to `now` at the current sharing rate.
  void advance(SimTime now, double cores) {
    virtual_s_ += to_seconds(now - updated_) * rate(cores);
    updated_ = now;
  }

  // REQUIRES: advance(now) was called.
  void admit(Handle visit, double work_s) {
    heap_.push_back(Entry{virtual_s_ + work_s, visit});
    std::push_heap(heap_.begin(), heap_.end(), later);
  }

  // The earliest finishing visit whose work is done by the current V, if any.
  // A tolerance of a nanosecond of work absorbs rounding of event times.
  bool pop_done(Handle* visit) {
    if (heap_.empty() || heap_.front().finish_v > virtual_s_ + 1e-9) return false;
    std::pop_heap(heap_.begin(), heap_.end(), later);
    *visit = heap_.back().visit;
    heap_.pop_back();
    return true;
  }

  // Forgets every working visit (their instance crashed; they left with it).
  void clear() { heap_.clear(); }

  // Time from `updated_` until the earliest finish; kTimeInfinity when idle.
  [[nodiscard]] SimTime time_to_next(double cores) const {
    if (heap_.empty()) return kTimeInfinity;
    const double left = std::max(0.0, heap_.front().finish_v - virtual_s_);
    return from_seconds(left / rate(cores));
  }

  [[nodiscard]] std::size_t active() const { return heap_.size(); }
  std::uint32_t bump_generation() { return ++generation_; }
  [[nodiscard]] std::uint32_t generation() const { return generation_; }

 private:
  [[nodiscard]] double rate(double cores) const {
    if (heap_.empty()) return 0.0;
    return std::min(1.0, cores / static_cast<double>(heap_.size()));
  }
  static bool later(const Entry& a, const Entry& b) { return a.finish_v > b.finish_v; }

  double virtual_s_ = 0.0;
  SimTime updated_ = 0;
  std::vector<Entry> heap_;
  std::uint32_t generation_ = 0;
};

}  // namespace surge::mesh
