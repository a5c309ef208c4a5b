// Parses the parts of a `"kind": "sessions"` workload (configs/README.md, "Session
// workloads"): `users` (the arrival process of users, like an open workload's `rate`
// and `arrivals`), `script` (steps with `call`, `repeat`, `think_s`) and the client's
// `on_failure`.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "models/mesh/model_graph.hpp"
#include "sim/scenario/endpoint_index.hpp"
#include "sim/scenario/object_reader.hpp"
#include "sim/scenario/parse_context.hpp"

namespace surge::scenario {

// Most steps of one script.
inline constexpr std::size_t kMaxScriptSteps = 1000;

// Reads `users` and `script` of the workload object behind `reader`.
void parse_session_users(mesh::WorkloadSpec& workload, ObjectReader& reader,
                         const EndpointIndex& endpoints, ParseContext& ctx);

// Reads a sessions client: `timeout_s` and `on_failure`.
void parse_session_client(mesh::WorkloadSpec& workload, const nlohmann::json& value,
                          const std::string& pointer, Problems& problems);

}  // namespace surge::scenario
