// An autoscaling policy of one service, as plain values (docs/model.md,
// "Autoscaling"; configs/README.md, "Autoscaling"). sim/scenario builds it from
// the service's `autoscale` object and validates every range; models only assert.
//
// The rule (target tracking, evaluated every period_s from t = period_s):
//   load    = the metric's total over the service, time-averaged over the last period
//             (see ScaleMetric), in units of "instances at target" once divided by target
//   desired = clamp(ceil(load / target), min, max)
//   change  = desired - members, bounded to [-step_down, +step_up]
// where members are the instances provisioning, cold, up or down (not draining), so
// instances still provisioning count and the rule does not add them twice.
#pragma once

#include <cstdint>

namespace surge::scaling {

// What the scaler tracks, each time-averaged over the last period and divided by the
// time-averaged number of serving (cold, up or draining) instances:
enum class ScaleMetric : std::uint8_t {
  kUtilization,       // busy workers / workers: target in (0, 1]
  kQueuePerInstance,  // visits waiting in the waiting rooms: target > 0
  kInFlight,          // visits waiting or holding a worker: target > 0
};

// A new instance's first minutes: the work of a visit that starts on it at age a
// (seconds since it became cold) is multiplied by
//   1 + (factor - 1) * (1 - a / warm_s)   for a < warm_s, else 1
// (a linear decay to 1), and the instance is up once a = warm_s.
struct ColdStartSpec {
  double factor = 1.0;  // >= 1; 1: no cold start
  double warm_s = 0.0;  // >= 0; 0: up at once
};

struct AutoscaleSpec {
  ScaleMetric metric = ScaleMetric::kUtilization;
  double target = 0.7;            // > 0 (utilization: at most 1)
  double period_s = 60.0;         // > 0: evaluations at period_s, 2 period_s, ...
  std::uint32_t min = 1;          // >= 1
  std::uint32_t max = 1;          // >= min; also the bound of a crash fault's instances
  std::uint32_t step_up = 0;      // instances added per action at most; 0: no bound
  std::uint32_t step_down = 1;    // instances removed per action at most, >= 1
  double provision_delay_s = 0.0; // >= 0: from the decision to the instance taking traffic
  double cooldown_s = 0.0;        // >= 0: no action before last action + cooldown_s
  ColdStartSpec cold_start;
};

}  // namespace surge::scaling
