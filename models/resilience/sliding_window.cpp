#include "models/resilience/sliding_window.hpp"

#include "sim/kernel/assert.hpp"

namespace surge::resilience {

SlidingWindow::SlidingWindow(SimTime window)
    : width_(window < kBuckets ? 1 : (window + kBuckets - 1) / kBuckets) {}

void SlidingWindow::advance(SimTime now) {
  const std::int64_t bucket = now / width_;
  SURGE_ASSERT_MSG(bucket >= newest_, "sliding window: time went backwards");
  if (bucket - newest_ >= kBuckets) {
    clear();
  } else {
    // Every bucket the window slid past leaves it; their slots become the new ones.
    for (std::int64_t b = newest_ + 1; b <= bucket; ++b) {
      Counts& slot = buckets_[static_cast<std::size_t>(b % kBuckets)];
      totals_[0] -= slot[0];
      totals_[1] -= slot[1];
      slot = Counts{};
    }
  }
  newest_ = bucket;
}

void SlidingWindow::add(SimTime now, std::size_t kind, std::uint64_t n) {
  SURGE_ASSERT(kind < 2);
  advance(now);
  buckets_[static_cast<std::size_t>(newest_ % kBuckets)][kind] += n;
  totals_[kind] += n;
}

SlidingWindow::Counts SlidingWindow::counts(SimTime now) {
  advance(now);
  return totals_;
}

void SlidingWindow::clear() {
  buckets_.fill(Counts{});
  totals_ = Counts{};
}

}  // namespace surge::resilience
