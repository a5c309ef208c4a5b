// Running a loaded scenario on the native engine and turning the result into the
// report document (docs/report.md).
#pragma once

#include <functional>

#include <nlohmann/json.hpp>

#include "models/mesh/simulation.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace surge::scenario {

struct RunOptions {
  // Called now and then with the simulation's progress (for a terminal display).
  std::function<void(const mesh::Progress&)> on_progress;
};

// Runs the scenario to its end (or a limit) and returns the report document.
[[nodiscard]] nlohmann::json run_to_report(const LoadedScenario& scenario,
                                           const RunOptions& options = {});

}  // namespace surge::scenario
