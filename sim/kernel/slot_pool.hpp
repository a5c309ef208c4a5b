// SlotPool<T>: records addressed by generation-checked handles.
//
// A handle is (index, generation). Releasing a slot bumps its generation, so a
// handle kept by a stale event or by a caller that stopped waiting no longer
// resolves: get() returns nullptr instead of aliasing the slot's next tenant.
// Slots are reused LIFO from a free list; memory grows to the peak number of live
// records and is never returned during a run. Indices are stable for a record's
// life, so records refer to each other by handle, never by pointer (a pointer is
// invalidated when the pool grows).
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "sim/kernel/assert.hpp"

namespace surge {

struct Handle {
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t index = kNone;
  std::uint32_t generation = 0;

  [[nodiscard]] constexpr bool is_none() const { return index == kNone; }
  friend constexpr bool operator==(Handle, Handle) = default;
};

template <typename T>
class SlotPool {
 public:
  // Creates a record (value-initialized T) and returns its handle.
  Handle acquire() { return acquire(T{}); }

  // Creates a record holding `value`.
  Handle acquire(const T& value) {
    return acquire_with([&](T& record) { record = value; });
  }

  // Creates a record and lets `fill(T&)` write it in place: a value-initialized
  // record whose fields `fill` sets, with no copy of a whole record on the way (this
  // is on the engine's per-visit path, and the compiler drops the zeroing of fields
  // `fill` overwrites). The reference is valid until the next acquire().
  template <typename Fill>
  Handle acquire_with(Fill&& fill) {
    std::uint32_t index;
    if (!free_.empty()) {
      index = free_.back();
      free_.pop_back();
    } else {
      SURGE_ASSERT(slots_.size() < Handle::kNone);
      index = static_cast<std::uint32_t>(slots_.size());
      slots_.emplace_back();
    }
    Slot& slot = slots_[index];
    slot.value = T{};
    fill(slot.value);
    slot.live = true;
    ++live_;
    return Handle{index, slot.generation};
  }

  // REQUIRES: the handle resolves.
  void release(Handle h) {
    SURGE_ASSERT(resolves(h));
    Slot& s = slots_[h.index];
    s.live = false;
    ++s.generation;
    free_.push_back(h.index);
    --live_;
  }

  [[nodiscard]] bool resolves(Handle h) const {
    return h.index < slots_.size() && slots_[h.index].live &&
           slots_[h.index].generation == h.generation;
  }

  // nullptr when the handle is stale or none. The pointer is valid until the
  // next acquire().
  [[nodiscard]] T* get(Handle h) { return resolves(h) ? &slots_[h.index].value : nullptr; }
  [[nodiscard]] const T* get(Handle h) const {
    return resolves(h) ? &slots_[h.index].value : nullptr;
  }

  // REQUIRES: the handle resolves.
  [[nodiscard]] T& at(Handle h) {
    SURGE_ASSERT(resolves(h));
    return slots_[h.index].value;
  }

  // Calls f(handle, record) for every live record in index order (deterministic).
  // For rare whole-pool scans, e.g. finding the visits of a crashed instance; f may
  // not acquire or release.
  template <typename F>
  void for_each_live(F&& f) {
    for (std::uint32_t i = 0; i < slots_.size(); ++i)
      if (slots_[i].live) f(Handle{i, slots_[i].generation}, slots_[i].value);
  }

  [[nodiscard]] std::size_t live() const { return live_; }
  [[nodiscard]] std::size_t peak() const { return slots_.size(); }
  void reserve(std::size_t n) { slots_.reserve(n); }

 private:
  struct Slot {
    T value{};
    std::uint32_t generation = 0;
    bool live = false;
  };
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_;
  std::size_t live_ = 0;
};

}  // namespace surge
