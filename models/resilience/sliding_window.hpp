// SlidingWindow: counts of two kinds of events (say successes and retries) over the
// last `window` of simulated time, in a fixed ring of kBuckets buckets, as Hystrix's
// rolling counters and Finagle's WindowedAdder keep them. Memory is fixed at
// construction and nothing allocates afterwards; a call costs O(1) amortized (each
// bucket boundary that time crosses is cleared once).
//
// Granularity, exactly: buckets are w = ceil(window / kBuckets) ns wide (at least 1 ns,
// so a window under kBuckets ns acts as kBuckets ns);
// an event at time t falls in bucket floor(t / w). At time `now` the window holds the
// kBuckets buckets floor(now / w) - kBuckets + 1 ... floor(now / w). So an event stays
// counted for between (kBuckets - 1)·w and kBuckets·w after it happened: between 99%
// and 100% of the window when w divides it.
// REQUIRES: times are >= 0 and never decrease from one call to the next.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "sim/kernel/time.hpp"

namespace surge::resilience {

class SlidingWindow {
 public:
  static constexpr std::int64_t kBuckets = 100;
  using Counts = std::array<std::uint64_t, 2>;

  // REQUIRES: window > 0 (a smaller value is taken as 1 ns).
  explicit SlidingWindow(SimTime window);

  // Records n events of `kind` (0 or 1) at `now`.
  void add(SimTime now, std::size_t kind, std::uint64_t n = 1);
  // Both counts in the window at `now`.
  [[nodiscard]] Counts counts(SimTime now);
  // Forgets every event (the time position is kept).
  void clear();

  [[nodiscard]] SimTime bucket_width() const { return width_; }

 private:
  void advance(SimTime now);

  SimTime width_;
  std::int64_t newest_ = 0;  // index of the bucket `now` last fell in
  std::array<Counts, kBuckets> buckets_{};
  Counts totals_{};
};

}  // namespace surge::resilience
