// Parses a workload's `rate` (or a sessions workload's `users.rate`): a rate
// curve, a hawkes process, or replayed timestamps (docs/model.md, rate curves;
// configs/README.md, "Rate curves", documents every key).
//
// A curve is an object with exactly one key naming its kind:
//   constant, piecewise_linear, csv, diurnal, logistic, shock, viral, bass,
//   sum, product, scale, shift, clip.
// `hawkes` and `timestamps` are arrival processes, not curves: they may stand only
// as the whole `rate`, never inside another curve (nor as a hawkes background).
// Every problem is reported with its JSON pointer, unknown keys included; CSV
// files are read through ParseContext::read_file, so their contents enter the
// scenario's sha256, and their bad lines are reported at the `path` key as
// `FILE line N: reason`.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "models/demand/arrival_process.hpp"
#include "sim/scenario/parse_context.hpp"

namespace surge::scenario {

// Parses `value` found at `pointer`. Problems go to ctx.problems; the returned
// spec is meaningful only when none were added.
[[nodiscard]] demand::ArrivalSpec parse_arrivals(const nlohmann::json& value,
                                                 const std::string& pointer, ParseContext& ctx);

// Parses one curve (a whole `rate` that must be a curve, e.g. a sessions
// workload's or a hawkes background). nullptr after a problem.
[[nodiscard]] demand::RateCurvePtr parse_rate_curve(const nlohmann::json& value,
                                                    const std::string& pointer, ParseContext& ctx);

}  // namespace surge::scenario
