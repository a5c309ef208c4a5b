// LogHistogram: quantiles of non-negative values (latencies) within 0.5% relative
// error, in memory that depends on the spread of the values, not their number.
//
// Values fall in log-linear buckets: each power of two split into 128 equal parts
// (HdrHistogram's layout), found from the bits of the double without a logarithm.
// A quantile reports its bucket's midpoint, within 0.39% of every value in the
// bucket. Exact zeros (no wait at all) are counted apart, and results are clamped
// to the exact min and max.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/kernel/assert.hpp"

namespace surge {

class LogHistogram {
 public:
  static constexpr double kRelativeAccuracy = 0.005;

  // REQUIRES: x >= 0 and finite. Inline: several per departure on the engine's path.
  void add(double x) {
    SURGE_ASSERT(std::isfinite(x) && x >= 0.0);
    // Branch-free: min_ starts at +infinity, and max_ at 0 is no bound on values >= 0.
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
    ++count_;
    sum_ += x;
    if (x == 0.0) {
      ++zeros_;
      return;
    }
    const int i = bucket_of(x);
    if (i < offset_ || i - offset_ >= static_cast<int>(counts_.size())) cover(i, i);
    ++counts_[static_cast<std::size_t>(i - offset_)];
  }
  void merge(const LogHistogram& other);
  void clear();

  [[nodiscard]] std::uint64_t count() const { return count_; }
  [[nodiscard]] double min() const { return count_ == 0 ? 0.0 : min_; }
  [[nodiscard]] double max() const { return max_; }
  [[nodiscard]] double mean() const;
  // The q-quantile, q in [0, 1], by nearest rank: the smallest recorded value x
  // such that at least q * count values are <= x (up to the bucket error).
  // 0 when empty.
  [[nodiscard]] double quantile(double q) const;

 private:
  // Log-linear buckets read straight off the bits of the double (see the .cpp).
  static constexpr int kSubBucketBits = 7;  // 128 sub-buckets per power of two
  static constexpr int kShift = 52 - kSubBucketBits;
  // Smaller positive values share the bucket of this floor (about 9e-13 s, far
  // below the engine's 1 ns resolution), so a stray tiny value cannot stretch the
  // bucket array across a thousand powers of two. Quantiles are clamped to the
  // exact min anyway.
  static constexpr double kFloor = 0x1.0p-40;
  static int bucket_of(double x) {
    const auto bits = std::bit_cast<std::uint64_t>(std::max(x, kFloor));
    return static_cast<int>(bits >> kShift);
  }
  static double bucket_value(int i);
  // Grows counts_ to cover buckets [first, last].
  void cover(int first, int last);

  std::uint64_t count_ = 0;
  std::uint64_t zeros_ = 0;
  double sum_ = 0.0;
  double min_ = std::numeric_limits<double>::infinity();  // min() says 0 when empty
  double max_ = 0.0;
  int offset_ = 0;                   // bucket index of counts_[0]
  std::vector<std::uint64_t> counts_;  // grows to cover [lowest, highest] bucket seen
};

}  // namespace surge
