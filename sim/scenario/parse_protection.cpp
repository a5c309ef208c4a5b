#include "sim/scenario/parse_protection.hpp"

#include <nlohmann/json.hpp>

#include "sim/kernel/time.hpp"
#include "sim/scenario/object_reader.hpp"

namespace surge::scenario {

// Largest rate or burst of a token bucket: its exact integer arithmetic holds there.
inline constexpr double kMaxTokenRate = 1e9;
// Most calls a breaker's window may demand before it judges.
inline constexpr std::uint64_t kMaxMinCalls = 1'000'000'000;

resilience::BreakerSpec parse_circuit_breaker(const nlohmann::json& value,
                                              const std::string& pointer, Problems& problems) {
  resilience::BreakerSpec spec;
  ObjectReader reader(value, pointer, problems);
  if (!reader.valid()) return spec;
  spec.failure_ratio =
      reader.number("failure_ratio", spec.failure_ratio, Range{0.0, 1.0, true, false});
  if (const auto window = reader.optional_duration("window_s")) spec.window_s = *window;
  spec.min_calls =
      static_cast<std::uint32_t>(reader.integer("min_calls", spec.min_calls, 1, kMaxMinCalls));
  spec.open_s = reader.number("open_s", spec.open_s, Range{0.0, kMaxSeconds});
  spec.half_open_probes = static_cast<std::uint32_t>(
      reader.integer("half_open_probes", spec.half_open_probes, 1, kMaxMinCalls));
  reader.finish();
  return spec;
}

mesh::RateLimitSpec parse_rate_limit(const nlohmann::json& value, const std::string& pointer,
                                     Problems& problems) {
  mesh::RateLimitSpec spec;
  ObjectReader reader(value, pointer, problems);
  if (!reader.valid()) return spec;
  if (const auto rate = reader.required_number("rate_per_s", Range{0.0, kMaxTokenRate})) {
    spec.rate_per_s = *rate;
  }
  // A bucket smaller than one token would refuse everything.
  spec.burst = reader.number("burst", std::max(1.0, spec.rate_per_s), Range{1.0, kMaxTokenRate});
  spec.per_workload = reader.boolean("per_workload", false);
  reader.finish();
  return spec;
}

resilience::CodelSpec parse_shed(const nlohmann::json& value, const std::string& pointer,
                                 Problems& problems) {
  resilience::CodelSpec spec;
  ObjectReader reader(value, pointer, problems);
  if (!reader.valid()) return spec;
  if (const auto target = reader.optional_duration("target_s")) spec.target_s = *target;
  if (const auto interval = reader.optional_duration("interval_s")) spec.interval_s = *interval;
  spec.adaptive_lifo = reader.boolean("adaptive_lifo", false);
  reader.finish();
  return spec;
}

}  // namespace surge::scenario
