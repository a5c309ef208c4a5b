// Confidence intervals of a mean: from independent replications (Student t), or
// from one long correlated run by the method of batch means.
#pragma once

#include <cstddef>
#include <vector>

#include "sim/kernel/running_stats.hpp"

namespace surge {

struct ConfidenceInterval {
  double mean = 0.0;
  double half_width = 0.0;  // infinity when fewer than two samples
  [[nodiscard]] double lo() const { return mean - half_width; }
  [[nodiscard]] double hi() const { return mean + half_width; }
  [[nodiscard]] bool contains(double x) const { return x >= lo() && x <= hi(); }
};

// Two-sided Student-t interval at `confidence` (e.g. 0.999) over i.i.d. samples.
[[nodiscard]] ConfidenceInterval student_t_interval(const std::vector<double>& samples,
                                                    double confidence);
// The two-sided Student-t quantile t_{(1+confidence)/2, dof} (Boost.Math).
[[nodiscard]] double student_t_quantile(double confidence, double dof);

// Batch means: consecutive observations grouped in batches of a fixed size; the
// batch averages are treated as i.i.d. (valid when batches are much longer than
// the correlation time).
class BatchMeans {
 public:
  // REQUIRES: batch_size > 0
  explicit BatchMeans(std::size_t batch_size);
  void add(double x);
  [[nodiscard]] std::size_t batches() const { return batch_means_.size(); }
  [[nodiscard]] const std::vector<double>& batch_means() const { return batch_means_; }
  // Over complete batches only.
  [[nodiscard]] ConfidenceInterval interval(double confidence) const;

 private:
  std::size_t batch_size_;
  std::size_t in_batch_ = 0;
  double batch_sum_ = 0.0;
  std::vector<double> batch_means_;
};

}  // namespace surge
