// Parses a service's `autoscale` object (configs/README.md, "Autoscaling") into an
// AutoscaleSpec, checking every range and the bounds against the service: min <= max,
// the starting instances within [min, max], a utilization target only with a number
// of workers, and no autoscaling of a session store (its users are partitioned over
// a fixed set of instances).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "models/mesh/model_graph.hpp"
#include "sim/scenario/problems.hpp"

namespace surge::scenario {

// `instances_pointer` is where the service's instance count is (for the error when
// it lies outside [min, max]). Returns nullopt after reporting a problem that
// leaves no usable spec.
[[nodiscard]] std::optional<scaling::AutoscaleSpec> parse_autoscale(
    const nlohmann::json& value, const std::string& pointer, const mesh::ServiceSpec& service,
    const std::string& instances_pointer, Problems& problems);

}  // namespace surge::scenario
