#include "models/demand/piecewise_curve.hpp"

#include <algorithm>

#include "sim/kernel/assert.hpp"

namespace surge::demand {

PiecewiseCurve::PiecewiseCurve(std::vector<RatePoint> points, Interpolation interpolation)
    : points_(std::move(points)), interpolation_(interpolation) {
  SURGE_ASSERT(!points_.empty());
  cumulative_.resize(points_.size(), 0.0);
  for (std::size_t i = 1; i < points_.size(); ++i) {
    SURGE_ASSERT(points_[i].t_s > points_[i - 1].t_s);
    cumulative_[i] =
        cumulative_[i - 1] + segment_integral(i - 1, points_[i - 1].t_s, points_[i].t_s);
  }
  block_max_.assign((points_.size() + kBlock - 1) / kBlock, 0.0);
  for (std::size_t k = 0; k < points_.size(); ++k) {
    SURGE_ASSERT(points_[k].rate >= 0.0);
    block_max_[k / kBlock] = std::max(block_max_[k / kBlock], points_[k].rate);
  }
}

std::size_t PiecewiseCurve::segment(double t_s) const {
  const auto it = std::upper_bound(points_.begin(), points_.end(), t_s,
                                   [](double t, const RatePoint& p) { return t < p.t_s; });
  const auto i = static_cast<std::size_t>(it - points_.begin());
  // i is the first point after t; the segment starts one before, clamped so that
  // t == t_last falls in the last segment.
  return std::min(i == 0 ? 0 : i - 1, points_.size() - 2);
}

double PiecewiseCurve::rate(double t_s) const {
  if (t_s <= points_.front().t_s) {
    // Step and linear agree before t_0 (flat) and at t_0.
    return points_.front().rate;
  }
  if (t_s >= points_.back().t_s) return points_.back().rate;
  const std::size_t i = segment(t_s);
  const RatePoint& a = points_[i];
  const RatePoint& b = points_[i + 1];
  if (interpolation_ == Interpolation::kStep) return a.rate;
  const double w = (t_s - a.t_s) / (b.t_s - a.t_s);
  return a.rate + (b.rate - a.rate) * w;
}

double PiecewiseCurve::segment_integral(std::size_t i, double x0_s, double x1_s) const {
  if (interpolation_ == Interpolation::kStep) return points_[i].rate * (x1_s - x0_s);
  // Trapezoid, exact for a linear function; the end values are interpolated in
  // the segment itself (not through rate(), which could pick a neighbour at a tie).
  const RatePoint& a = points_[i];
  const RatePoint& b = points_[i + 1];
  const double slope = (b.rate - a.rate) / (b.t_s - a.t_s);
  const double r0 = a.rate + slope * (x0_s - a.t_s);
  const double r1 = a.rate + slope * (x1_s - a.t_s);
  return 0.5 * (r0 + r1) * (x1_s - x0_s);
}

double PiecewiseCurve::integral(double t0_s, double t1_s) const {
  const double first = points_.front().t_s;
  const double last = points_.back().t_s;
  double total = 0.0;
  if (t0_s < first) {
    total += points_.front().rate * (std::min(t1_s, first) - t0_s);
    t0_s = first;
  }
  if (t1_s > last) {
    total += points_.back().rate * (t1_s - std::max(t0_s, last));
    t1_s = last;
  }
  if (!(t1_s > t0_s) || points_.size() < 2) return total;
  const std::size_t i = segment(t0_s);
  const std::size_t j = segment(t1_s);
  if (i == j) return total + segment_integral(i, t0_s, t1_s);
  return total + segment_integral(i, t0_s, points_[i + 1].t_s) +
         (cumulative_[j] - cumulative_[i + 1]) + segment_integral(j, points_[j].t_s, t1_s);
}

double PiecewiseCurve::max_rate(std::size_t first, std::size_t last) const {
  double best = 0.0;
  std::size_t k = first;
  while (k < last && k % kBlock != 0) best = std::max(best, points_[k++].rate);
  while (k + kBlock <= last) {
    best = std::max(best, block_max_[k / kBlock]);
    k += kBlock;
  }
  while (k < last) best = std::max(best, points_[k++].rate);
  return best;
}

double PiecewiseCurve::upper_bound(double t0_s, double t1_s) const {
  // The supremum is attained at an end or at a point inside (t0, t1].
  const auto by_time = [](const RatePoint& p, double t) { return p.t_s <= t; };
  const auto lo = std::lower_bound(points_.begin(), points_.end(), t0_s, by_time);
  const auto hi = std::lower_bound(points_.begin(), points_.end(), t1_s, by_time);
  const double inside = max_rate(static_cast<std::size_t>(lo - points_.begin()),
                                 static_cast<std::size_t>(hi - points_.begin()));
  return std::max({rate(t0_s), rate(t1_s), inside});
}

void PiecewiseCurve::features(double t0_s, double t1_s, std::vector<double>& out) const {
  const auto by_time = [](const RatePoint& p, double t) { return p.t_s <= t; };
  for (auto it = std::lower_bound(points_.begin(), points_.end(), t0_s, by_time);
       it != points_.end() && it->t_s < t1_s; ++it) {
    out.push_back(it->t_s);
  }
}

}  // namespace surge::demand
