// One SLO predicate (DESIGN "Report"): judges an SLO entry against the user requests
// of a span — the whole post-warmup run or one time-series interval.
//
// success_ratio is succeeded / `denominator` (offered for the run, finished for an
// interval). A latency target (mean_s, p50_s, p90_s, p99_s) is met when the latency of
// the successes is at most the target; with no success it is not met — a run where
// every request failed does not meet a latency SLO.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/mesh/model_graph.hpp"
#include "models/mesh/results.hpp"

namespace surge::mesh {

// Each target the span breaks, as "p99_s: 2.31 > 2" or "p99_s: no successful request".
// Empty when every target is met, and when the span asked nothing (denominator 0).
[[nodiscard]] std::vector<std::string> slo_violations(const SloSpec& slo, std::uint64_t succeeded,
                                                      std::uint64_t denominator,
                                                      const LatencyRecord& latency);

}  // namespace surge::mesh
