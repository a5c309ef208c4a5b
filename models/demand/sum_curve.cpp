#include "models/demand/sum_curve.hpp"

#include "sim/kernel/assert.hpp"

namespace surge::demand {

SumCurve::SumCurve(std::vector<RateCurvePtr> terms) : terms_(std::move(terms)) {
  SURGE_ASSERT(!terms_.empty());
  for (const auto& term : terms_) SURGE_ASSERT(term != nullptr);
}

double SumCurve::rate(double t_s) const {
  double total = 0.0;
  for (const auto& term : terms_) total += term->rate(t_s);
  return total;
}

double SumCurve::integral(double t0_s, double t1_s) const {
  double total = 0.0;
  for (const auto& term : terms_) total += term->integral(t0_s, t1_s);
  return total;
}

double SumCurve::upper_bound(double t0_s, double t1_s) const {
  double total = 0.0;
  for (const auto& term : terms_) total += term->upper_bound(t0_s, t1_s);
  return total;
}

void SumCurve::features(double t0_s, double t1_s, std::vector<double>& out) const {
  for (const auto& term : terms_) term->features(t0_s, t1_s, out);
}

}  // namespace surge::demand
