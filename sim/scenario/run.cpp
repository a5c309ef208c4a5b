#include "sim/scenario/run.hpp"

#include "sim/scenario/report_writer.hpp"

namespace surge::scenario {

nlohmann::json run_to_report(const LoadedScenario& scenario, const RunOptions& options) {
  mesh::Simulation simulation(scenario.graph);
  const mesh::RunResult result = simulation.run(options.on_progress);
  return make_report(scenario, result);
}

}  // namespace surge::scenario
