// LogHistogram: quantiles of non-negative values (latencies) within 0.5% relative
// error, in memory that depends on the spread of the values, not their number.
//
// Values fall in log-linear buckets: each power of two split into 128 equal parts
// (HdrHistogram's layout), found from the bits of the double without a logarithm.
// A quantile reports its bucket's midpoint, within 0.39% of every value in the
// bucket. Exact zeros (no wait at all) are counted apart, and results are clamped
// to the exact min and max.
#pragma once

#include <cstdint>
#include <vector>

namespace surge {

class LogHistogram {
 public:
  static constexpr double kRelativeAccuracy = 0.005;

  // REQUIRES: x >= 0 and finite.
  void add(double x);
  void merge(const LogHistogram& other);
  void clear();

  [[nodiscard]] std::uint64_t count() const { return count_; }
  [[nodiscard]] double min() const { return min_; }
  [[nodiscard]] double max() const { return max_; }
  [[nodiscard]] double mean() const;
  // The q-quantile, q in [0, 1], by nearest rank: the smallest recorded value x
  // such that at least q * count values are <= x (up to the bucket error).
  // 0 when empty.
  [[nodiscard]] double quantile(double q) const;

 private:
  std::uint64_t count_ = 0;
  std::uint64_t zeros_ = 0;
  double sum_ = 0.0;
  double min_ = 0.0;
  double max_ = 0.0;
  int offset_ = 0;                   // bucket index of counts_[0]
  std::vector<std::uint64_t> counts_;  // grows to cover [lowest, highest] bucket seen
};

}  // namespace surge
