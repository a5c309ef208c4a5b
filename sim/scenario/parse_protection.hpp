// Parses the protections of a call and of a service (configs/README.md, "Circuit
// breakers" and "Rate limits"): `circuit_breaker` of a call, `rate_limit` of a
// service.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "models/mesh/model_graph.hpp"
#include "sim/scenario/problems.hpp"

namespace surge::scenario {

[[nodiscard]] resilience::BreakerSpec parse_circuit_breaker(const nlohmann::json& value,
                                                            const std::string& pointer,
                                                            Problems& problems);

[[nodiscard]] mesh::RateLimitSpec parse_rate_limit(const nlohmann::json& value,
                                                   const std::string& pointer,
                                                   Problems& problems);

}  // namespace surge::scenario
