// Parses a workload's `rate` (or a sessions workload's `users.rate`): a rate
// curve, a hawkes process, or replayed timestamps (DESIGN.md, rate curves).
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "models/demand/arrival_process.hpp"
#include "sim/scenario/parse_context.hpp"

namespace surge::scenario {

// Parses `value` found at `pointer`. Problems go to ctx.problems; the returned
// spec is meaningful only when none were added.
[[nodiscard]] demand::ArrivalSpec parse_arrivals(const nlohmann::json& value,
                                                 const std::string& pointer, ParseContext& ctx);

// Parses one curve (may be nested in sum/product/...). nullptr after a problem.
[[nodiscard]] demand::RateCurvePtr parse_rate_curve(const nlohmann::json& value,
                                                    const std::string& pointer,
                                                    ParseContext& ctx);

}  // namespace surge::scenario
