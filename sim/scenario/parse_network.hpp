// The scenario's `network` (configs/README.md, "Network"): zones of services with
// their own link, and links between zones; plus the checks that need the whole
// graph (every call has a route; what the native engine cannot run).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "models/mesh/model_graph.hpp"
#include "sim/scenario/parse_services.hpp"
#include "sim/scenario/problems.hpp"

namespace surge::scenario {

// Largest bandwidth accepted, in bytes per second (a petabyte per second).
inline constexpr double kMaxBandwidthBps = 1e15;
// Largest message accepted, in bytes (a terabyte).
inline constexpr double kMaxMessageBytes = 1e12;

// `value` is the `network` value at `pointer`; the services are parsed (zones name
// them). Zones come out sorted by name, and zone_of_service sized to the services.
[[nodiscard]] mesh::NetworkSpec parse_network(const nlohmann::json& value,
                                              const std::string& pointer,
                                              const std::vector<mesh::ServiceSpec>& services,
                                              Problems& problems);

// `request_bytes` / `response_bytes` of a call: a number of bytes or a count
// distribution. nullopt after reporting a problem at `pointer`.
[[nodiscard]] std::optional<Distribution> parse_message_bytes(const nlohmann::json& value,
                                                              const std::string& pointer,
                                                              Problems& problems);

// Reports, at the call's pointer, each call (that resolved) between two zones that no
// chain of links joins.
void check_call_routes(const mesh::ModelGraph& graph, const CallTargets& targets,
                       Problems& problems);

// The native engine applies latencies and ignores bytes: it refuses a call that
// carries bytes over a route with a finite bandwidth, at the call's bytes, naming
// `--engine simgrid`. For a valid graph.
void check_native_network(const mesh::ModelGraph& graph, Problems& problems);

}  // namespace surge::scenario
