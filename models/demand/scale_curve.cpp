#include "models/demand/scale_curve.hpp"

#include "sim/kernel/assert.hpp"

namespace surge::demand {

ScaleCurve::ScaleCurve(double by, RateCurvePtr inner) : by_(by), inner_(std::move(inner)) {
  SURGE_ASSERT(by >= 0.0 && inner_ != nullptr);
}

}  // namespace surge::demand
