#include "sim/scenario/parse_autoscale.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "sim/kernel/time.hpp"
#include "sim/scenario/object_reader.hpp"
#include "sim/scenario/parse_services.hpp"

namespace surge::scenario {
namespace {

using nlohmann::json;

const std::vector<std::string> kMetrics = {"utilization", "queue_per_instance", "in_flight"};

scaling::ColdStartSpec parse_cold_start(const json& value, const std::string& pointer,
                                        Problems& problems) {
  scaling::ColdStartSpec cold;
  ObjectReader reader(value, pointer, problems);
  if (!reader.valid()) return cold;
  cold.factor = reader.number("factor", 1.0, Range{1.0, 1e6});
  cold.warm_s = reader.number("warm_s", 0.0, Range{0.0, kMaxSeconds});
  reader.finish();
  return cold;
}

}  // namespace

std::optional<scaling::AutoscaleSpec> parse_autoscale(const json& value,
                                                      const std::string& pointer,
                                                      const mesh::ServiceSpec& service,
                                                      const std::string& instances_pointer,
                                                      Problems& problems) {
  ObjectReader reader(value, pointer, problems);
  if (!reader.valid()) return std::nullopt;
  const std::size_t before = problems.size();
  scaling::AutoscaleSpec spec;
  const std::string metric = reader.choice("metric", "utilization", kMetrics);
  if (metric == "queue_per_instance") spec.metric = scaling::ScaleMetric::kQueuePerInstance;
  if (metric == "in_flight") spec.metric = scaling::ScaleMetric::kInFlight;
  const bool utilization = spec.metric == scaling::ScaleMetric::kUtilization;
  if (const auto target = reader.required_number(
          "target", utilization ? Range{0.0, 1.0, true} : Range{0.0, 1e12, true})) {
    spec.target = *target;
  }
  spec.period_s = reader.optional_duration("period_s").value_or(60.0);
  spec.min = static_cast<std::uint32_t>(reader.integer("min", 1, 1, kMaxInstances));
  if (const auto max = reader.required_integer("max", 1, kMaxInstances)) {
    spec.max = static_cast<std::uint32_t>(*max);
  }
  if (const json* up = reader.get("step_up"); up && *up == "unlimited") {
    spec.step_up = 0;
  } else {
    spec.step_up = static_cast<std::uint32_t>(reader.integer("step_up", 0, 1, kMaxInstances));
  }
  spec.step_down = static_cast<std::uint32_t>(reader.integer("step_down", 1, 1, kMaxInstances));
  spec.provision_delay_s = reader.number("provision_delay_s", 0.0, Range{0.0, kMaxSeconds});
  spec.cooldown_s = reader.number("cooldown_s", 0.0, Range{0.0, kMaxSeconds});
  if (const json* cold = reader.get("cold_start")) {
    spec.cold_start = parse_cold_start(*cold, reader.child("cold_start"), problems);
  }
  reader.finish();

  if (reader.get("max") && spec.min > spec.max) {
    reader.fail("min", fmt::format("min ({}) is above max ({}): lower min or raise max",
                                   spec.min, spec.max));
  } else if (reader.get("max") &&
             (service.instances < spec.min || service.instances > spec.max)) {
    problems.add(instances_pointer,
                 fmt::format("the service starts with {} instances, outside its autoscale "
                             "range [{}, {}]: start within [min, max]",
                             service.instances, spec.min, spec.max));
  }
  if (utilization && service.workers == mesh::kUnlimited) {
    reader.fail("metric", "utilization needs a number of workers, but workers is "
                          "\"unlimited\": use \"in_flight\", or give a number of workers");
  }
  if (service.kind == mesh::ServiceKind::kSessionStore) {
    problems.add(pointer, "a session store cannot autoscale: its users are partitioned over a "
                          "fixed set of instances (no resharding is modelled); size its "
                          "instances instead");
  }
  if (problems.size() != before) return std::nullopt;
  return spec;
}

}  // namespace surge::scenario
