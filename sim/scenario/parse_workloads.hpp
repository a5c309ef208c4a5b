// Parses the scenario's `workloads` object into WorkloadSpecs (sorted by name):
// kind, entry endpoint, arrivals (`rate` through parse_arrivals), priority and
// client. Workloads of kinds not simulated yet are reported and kept by name
// only, so that SLOs naming them are not reported as dangling too.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "models/mesh/model_graph.hpp"
#include "sim/scenario/endpoint_index.hpp"
#include "sim/scenario/parse_context.hpp"

namespace surge::scenario {

// `value` is the `workloads` value at `pointer` ("/workloads").
[[nodiscard]] std::vector<mesh::WorkloadSpec> parse_workloads(const nlohmann::json& value,
                                                              const std::string& pointer,
                                                              const EndpointIndex& endpoints,
                                                              ParseContext& ctx);

// `value` is the `slo` value at `pointer` ("/slo"); workloads resolve by name.
[[nodiscard]] std::vector<mesh::SloSpec> parse_slo(const nlohmann::json& value,
                                                   const std::string& pointer,
                                                   const std::vector<mesh::WorkloadSpec>& workloads,
                                                   Problems& problems);

}  // namespace surge::scenario
