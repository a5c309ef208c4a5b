// Parses the scenario's `faults` list into FaultSpecs, in the order given.
// Every kind of docs/model.md, "Faults" (crash, flush, slow, error, partition,
// and random crashes: a crash with mtbf_s and mttr_s). Faults name services, so
// they are parsed after the services.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "models/faults/fault_spec.hpp"
#include "models/mesh/model_graph.hpp"
#include "sim/scenario/endpoint_index.hpp"
#include "sim/scenario/problems.hpp"

namespace surge::scenario {

// `value` is the `faults` value at `pointer` ("/faults"). `services` and
// `index` are the scenario's parsed services, and `instances` their instance
// counts as the file gives them (ParsedServices::instances): a fault's
// `instances` is checked only against a count that could be read. `duration_s`
// is the scenario's duration when it parsed fine.
[[nodiscard]] std::vector<faults::FaultSpec> parse_faults(
    const nlohmann::json& value, const std::string& pointer,
    const std::vector<mesh::ServiceSpec>& services,
    const std::vector<std::optional<std::uint32_t>>& instances, const EndpointIndex& index,
    std::optional<double> duration_s, Problems& problems);

}  // namespace surge::scenario
