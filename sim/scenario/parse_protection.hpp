// Parses the protections of a call and of a service (configs/README.md, "Circuit
// breakers", "Rate limits" and "Load shedding"): `circuit_breaker` of a call,
// `rate_limit` and `shed` of a service. (`bulkheads` name workloads: see
// parse_services.hpp.)
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

[[nodiscard]] resilience::CodelSpec parse_shed(const nlohmann::json& value,
                                               const std::string& pointer, Problems& problems);

}  // namespace surge::scenario
