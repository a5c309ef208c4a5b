#include "models/scaling/scaling_rule.hpp"

#include <algorithm>
#include <cmath>

namespace surge::scaling {

std::uint32_t desired_instances(const AutoscaleSpec& spec, double load) {
  const double wanted = std::ceil(load / spec.target * (1.0 - 1e-9));
  // Compared as doubles first: a load far past max must not overflow the cast.
  if (!(wanted > static_cast<double>(spec.min))) return spec.min;
  if (wanted >= static_cast<double>(spec.max)) return spec.max;
  return static_cast<std::uint32_t>(wanted);
}

std::int64_t scaling_change(const AutoscaleSpec& spec, const Measurement& m) {
  if (!m.served) return 0;
  const std::int64_t change = static_cast<std::int64_t>(desired_instances(spec, m.load)) -
                              static_cast<std::int64_t>(m.members);
  if (change > 0 && spec.step_up != 0) return std::min<std::int64_t>(change, spec.step_up);
  if (change < 0) return std::max<std::int64_t>(change, -static_cast<std::int64_t>(spec.step_down));
  return change;
}

double cold_multiplier(const ColdStartSpec& spec, double age_s) {
  if (spec.factor == 1.0 || age_s >= spec.warm_s || age_s < 0.0) return 1.0;
  return 1.0 + (spec.factor - 1.0) * (1.0 - age_s / spec.warm_s);
}

}  // namespace surge::scaling
