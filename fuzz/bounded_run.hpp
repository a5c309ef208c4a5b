// What every scenario-level fuzz target does with a loaded (or refused) scenario:
// format each problem as the command line would, and run a valid scenario with
// tight limits so that every input costs a bounded amount of time and memory.
// An exception or assertion escaping from here is a bug (the CLI's exit 4):
// libFuzzer reports it as a crash.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

#include <fmt/format.h>

#include "sim/scenario/run.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace surge::fuzz {

// Enough events to reach every part of the engine (arrivals, calls, faults,
// report intervals), few enough for thousands of runs a second.
inline constexpr std::uint64_t kMaxEvents = 20'000;
inline constexpr std::uint64_t kMaxInFlight = 2'000;

inline void use_problems(const scenario::Problems& problems) {
  std::size_t length = 0;
  for (const scenario::Problem& p : problems.list()) {
    // The CLI prints each problem like this; it must never throw (bad UTF-8 in a
    // message would, were a message built with nlohmann's dump).
    length += fmt::format("scenario:{}: {}\n", p.where, p.reason).size();
    if (p.reason.empty()) __builtin_trap();  // every problem says what is wrong
  }
  (void)length;
}

inline void run_bounded(scenario::LoadResult& result) {
  if (!result.scenario) {
    if (result.problems.empty()) __builtin_trap();  // refused without a reason
    use_problems(result.problems);
    return;
  }
  if (!result.problems.empty()) __builtin_trap();  // loaded despite problems
  mesh::LimitsSpec& limits = result.scenario->graph.limits;
  limits.max_events =
      limits.max_events == 0 ? kMaxEvents : std::min(limits.max_events, kMaxEvents);
  limits.max_in_flight = std::min(limits.max_in_flight, kMaxInFlight);
  const nlohmann::json report = scenario::run_to_report(*result.scenario);
  // The report must serialize (a string in it that is not UTF-8 would throw).
  const std::string text = report.dump(2);
  if (text.empty()) __builtin_trap();
}

}  // namespace surge::fuzz
