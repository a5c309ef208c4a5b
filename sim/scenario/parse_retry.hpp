// Parses a `retry` object, of a call or of a workload's client (configs/README.md,
// "Retries"): {"max_attempts": 3, "backoff": "exponential", "base_s": 0.1, "cap_s": 5,
// "jitter": "full", "retry_on": ["timeout"], "budget_ratio": 0.1, "budget_window_s": 10}.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "models/mesh/model_graph.hpp"
#include "sim/scenario/problems.hpp"

namespace surge::scenario {

// Most attempts of one call or client: each multiplies the visits below it.
inline constexpr std::uint64_t kMaxAttempts = 100;

[[nodiscard]] mesh::RetrySpec parse_retry(const nlohmann::json& value, const std::string& pointer,
                                          Problems& problems);

}  // namespace surge::scenario
