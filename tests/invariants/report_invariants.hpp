// Invariants every report must satisfy, whatever the scenario (DESIGN.md, "Report").
//
// Each check returns the violations it found as messages naming the report key
// (empty when the report is sound), so a test can print all of them at once and a
// test of the checker can feed it doctored reports and look for the message.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace surge::invariants {

using Violations = std::vector<std::string>;

// Relative slack for quantities that two floating-point sums approximate from the same
// exact integer-nanosecond total. Each side is a sum of n non-negative terms, each
// rounded a few times, so its relative error is below about 4·n·2^-53; with n below a
// million changes that is under 5e-10. A real accounting error is at least one visit
// for one event's duration, far above it in these short runs.
inline constexpr double kRoundingTolerance = 1e-9;

// Every number finite and >= 0; counts conserved per workload and per service;
// endpoint arrivals sum to the service's; percentiles non-decreasing in the
// percentile; utilization and work_utilization in [0, 1], work_utilization <=
// utilization; time series as long as t_s.
[[nodiscard]] Violations check_report(const nlohmann::json& report);

// Little's law per service over an empty-to-empty run without warmup:
// in_system.mean x simulated_s == response_s.mean x departures. Applies only when
// the run completed and nothing is in flight (see little_applies).
[[nodiscard]] bool little_applies(const nlohmann::json& report);
[[nodiscard]] Violations check_little(const nlohmann::json& report);

// Two reports that must be identical, host timings (run.wall_s, run.events_per_s)
// aside: one message per differing key, prefixed by `what`.
[[nodiscard]] Violations compare_reports(const nlohmann::json& a, const nlohmann::json& b,
                                         const std::string& what);

}  // namespace surge::invariants
