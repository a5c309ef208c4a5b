#include "sim/kernel/confidence.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

#include "sim/kernel/assert.hpp"

namespace surge {

double student_t_quantile(double confidence, double dof) {
  SURGE_ASSERT(confidence > 0.0 && confidence < 1.0);
  SURGE_ASSERT(dof > 0.0);
  const boost::math::students_t_distribution<double> t(dof);
  return boost::math::quantile(t, 0.5 * (1.0 + confidence));
}

// mean +- t_{(1+c)/2, n-1} s / sqrt(n).
ConfidenceInterval student_t_interval(const std::vector<double>& samples, double confidence) {
  SURGE_ASSERT(confidence > 0.0 && confidence < 1.0);
  RunningStats stats;
  for (double x : samples) stats.add(x);
  ConfidenceInterval ci;
  ci.mean = stats.mean();
  if (stats.count() < 2) {
    ci.half_width = std::numeric_limits<double>::infinity();
    return ci;
  }
  const double n = static_cast<double>(stats.count());
  ci.half_width = student_t_quantile(confidence, n - 1.0) * stats.stddev() / std::sqrt(n);
  return ci;
}

BatchMeans::BatchMeans(std::size_t batch_size) : batch_size_(batch_size) {
  SURGE_ASSERT(batch_size > 0);
}

void BatchMeans::add(double x) {
  batch_sum_ += x;
  if (++in_batch_ < batch_size_) return;
  batch_means_.push_back(batch_sum_ / static_cast<double>(batch_size_));
  batch_sum_ = 0.0;
  in_batch_ = 0;
}

ConfidenceInterval BatchMeans::interval(double confidence) const {
  return student_t_interval(batch_means_, confidence);
}

}  // namespace surge
