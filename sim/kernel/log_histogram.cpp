// Log-linear buckets read straight off the bits of the double (as HdrHistogram
// lays them out): a positive double's bits, shifted right by 52 - kSubBucketBits,
// are its binary exponent followed by the top kSubBucketBits bits of its mantissa.
// So each power of two is split into 2^kSubBucketBits equal sub-buckets, the
// bucket of a value depends on the value alone (any insertion or merge order gives
// the same counts), and finding it costs a shift instead of a logarithm — this is
// on the engine's per-departure path.
#include "sim/kernel/log_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "sim/kernel/assert.hpp"

namespace surge {

// The bucket's midpoint: a bucket spans [lo, lo (1 + 2^-7)] at the widest, so the
// midpoint is within 2^-7 / (2 + 2^-7) ~ 0.39% of every value in it, inside
// kRelativeAccuracy.
double LogHistogram::bucket_value(int i) {
  const auto lo = std::bit_cast<double>(static_cast<std::uint64_t>(i) << kShift);
  const auto hi = std::bit_cast<double>(static_cast<std::uint64_t>(i + 1) << kShift);
  return 0.5 * (lo + hi);
}

void LogHistogram::cover(int first, int last) {
  if (counts_.empty()) {
    offset_ = first;
    counts_.assign(static_cast<std::size_t>(last - first) + 1, 0);
    return;
  }
  if (first < offset_) {
    counts_.insert(counts_.begin(), static_cast<std::size_t>(offset_ - first), 0);
    offset_ = first;
  }
  const int end = offset_ + static_cast<int>(counts_.size());
  if (last >= end) counts_.resize(static_cast<std::size_t>(last - offset_) + 1, 0);
}

namespace {

// The nearest rank k = max(1, ceil(q n)), 1-based. q * n is rounded (0.07 * 100
// gives 7.000000000000001, whose ceiling would skip a rank): a relative nudge of
// 1e-12 absorbs that, far below the fraction any realistic q * n carries.
std::uint64_t nearest_rank(double q, std::uint64_t n) {
  const double r = q * static_cast<double>(n);
  const double k = std::ceil(r - r * 1e-12);
  if (k <= 1.0) return 1;
  return std::min(n, static_cast<std::uint64_t>(k));
}

}  // namespace

void LogHistogram::merge(const LogHistogram& other) {
  if (other.count_ == 0) return;
  if (count_ == 0) {
    *this = other;
    return;
  }
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  count_ += other.count_;
  zeros_ += other.zeros_;
  sum_ += other.sum_;
  if (other.counts_.empty()) return;
  const int other_last = other.offset_ + static_cast<int>(other.counts_.size()) - 1;
  cover(other.offset_, other_last);
  for (std::size_t j = 0; j < other.counts_.size(); ++j) {
    counts_[static_cast<std::size_t>(other.offset_ - offset_) + j] += other.counts_[j];
  }
}

void LogHistogram::clear() { *this = LogHistogram(); }

double LogHistogram::mean() const { return count_ == 0 ? 0.0 : sum_ / static_cast<double>(count_); }

double LogHistogram::quantile(double q) const {
  SURGE_ASSERT(q >= 0.0 && q <= 1.0);
  if (count_ == 0) return 0.0;
  const std::uint64_t rank = nearest_rank(q, count_);
  // The extreme ranks are known exactly.
  if (rank == 1) return min_;
  if (rank == count_) return max_;
  if (rank <= zeros_) return 0.0;
  std::uint64_t seen = zeros_;
  for (std::size_t j = 0; j < counts_.size(); ++j) {
    seen += counts_[j];
    if (seen >= rank) {
      return std::clamp(bucket_value(offset_ + static_cast<int>(j)), min_, max_);
    }
  }
  SURGE_ASSERT_MSG(false, "bucket counts do not add up to count()");
  return max_;
}

}  // namespace surge
