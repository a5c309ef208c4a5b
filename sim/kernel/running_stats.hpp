// RunningStats: streaming count, mean, variance (Welford), min and max.
#pragma once

#include <cstdint>

namespace surge {

class RunningStats {
 public:
  void add(double x);
  // Chan et al.'s parallel combination: as if every value of `other` was added here.
  void merge(const RunningStats& other);

  [[nodiscard]] std::uint64_t count() const { return n_; }
  [[nodiscard]] double mean() const { return mean_; }   // 0 when empty
  [[nodiscard]] double variance() const;                 // sample variance (n - 1); 0 when n < 2
  [[nodiscard]] double stddev() const;
  [[nodiscard]] double min() const { return min_; }     // 0 when empty
  [[nodiscard]] double max() const { return max_; }     // 0 when empty
  [[nodiscard]] double sum() const { return mean_ * static_cast<double>(n_); }

 private:
  std::uint64_t n_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;
  double min_ = 0.0;
  double max_ = 0.0;
};

}  // namespace surge
