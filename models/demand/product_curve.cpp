#include "models/demand/product_curve.hpp"

#include "models/demand/curve_quadrature.hpp"
#include "sim/kernel/assert.hpp"

namespace surge::demand {

ProductCurve::ProductCurve(std::vector<RateCurvePtr> factors) : factors_(std::move(factors)) {
  SURGE_ASSERT(!factors_.empty());
  for (const auto& factor : factors_) {
    SURGE_ASSERT(factor != nullptr);
    if (const auto* c = dynamic_cast<const ConstantCurve*>(factor.get())) {
      constant_ *= c->rate(0.0);
    } else {
      varying_.push_back(factor);
    }
  }
}

double ProductCurve::rate(double t_s) const {
  double total = 1.0;
  for (const auto& factor : factors_) total *= factor->rate(t_s);
  return total;
}

double ProductCurve::integral(double t0_s, double t1_s) const {
  if (varying_.empty()) return constant_ * (t1_s - t0_s);
  if (varying_.size() == 1) return constant_ * varying_.front()->integral(t0_s, t1_s);
  if (constant_ == 0.0) return 0.0;
  return integrate_numerically(*this, t0_s, t1_s);
}

double ProductCurve::upper_bound(double t0_s, double t1_s) const {
  double total = 1.0;
  for (const auto& factor : factors_) total *= factor->upper_bound(t0_s, t1_s);
  return total;
}

void ProductCurve::features(double t0_s, double t1_s, std::vector<double>& out) const {
  for (const auto& factor : factors_) factor->features(t0_s, t1_s, out);
}

}  // namespace surge::demand
