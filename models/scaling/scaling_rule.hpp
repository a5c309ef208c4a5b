// The scaling decision of one evaluation, a pure function of what was measured
// (autoscale_spec.hpp gives the rule), and the cold-start work multiplier. The
// engine (models/mesh) measures, calls these and carries the decision out.
#pragma once

#include <cstdint>

#include "models/scaling/autoscale_spec.hpp"

namespace surge::scaling {

// What one evaluation measured over the last period.
struct Measurement {
  double load = 0.0;            // the metric's total, time-averaged (see ScaleMetric)
  bool served = false;          // some instance served during the period
  std::uint32_t members = 0;    // provisioning + cold + up + down, now
};

// Instances to add (> 0) or remove (< 0), 0 for none. A period in which no instance
// served measured nothing: no change (the scaler does not act on missing data).
[[nodiscard]] std::int64_t scaling_change(const AutoscaleSpec& spec, const Measurement& m);

// The desired count before the step bounds: clamp(ceil(load / target), min, max).
// A relative slack of 1e-9 absorbs rounding, so load exactly k x target asks for k.
[[nodiscard]] std::uint32_t desired_instances(const AutoscaleSpec& spec, double load);

// The work multiplier of a visit starting on an instance `age_s` after it became
// cold: 1 + (factor - 1)(1 - age_s / warm_s) while age_s < warm_s, else 1.
[[nodiscard]] double cold_multiplier(const ColdStartSpec& spec, double age_s);

}  // namespace surge::scaling
