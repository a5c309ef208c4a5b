#include "models/demand/shift_curve.hpp"

#include "sim/kernel/assert.hpp"

namespace surge::demand {

ShiftCurve::ShiftCurve(double by_s, RateCurvePtr inner) : by_s_(by_s), inner_(std::move(inner)) {
  SURGE_ASSERT(inner_ != nullptr);
}

void ShiftCurve::features(double t0_s, double t1_s, std::vector<double>& out) const {
  const std::size_t first = out.size();
  inner_->features(t0_s - by_s_, t1_s - by_s_, out);
  for (std::size_t i = first; i < out.size(); ++i) out[i] += by_s_;
}

}  // namespace surge::demand
