#include "sim/cli/scenario_options.hpp"

#include <fmt/format.h>

namespace surge::cli {

void ScenarioOptions::add_to(CLI::App& command) {
  command.add_option("scenario", path, "Scenario file (JSON)")->required();
  command.add_option("--seed", seed, "Replace the scenario's seed");
  command.add_option("--replication", replication, "Replication index (default 0)");
  command.add_option("--set", sets,
                     "Override a scenario value: POINTER=VALUE (VALUE as JSON, else a string); "
                     "repeatable");
}

std::optional<scenario::LoadedScenario> ScenarioOptions::load() const {
  scenario::LoadOptions options;
  options.overrides = sets;
  options.seed = seed;
  options.replication = replication;
  scenario::LoadResult result = scenario::load_scenario_file(path, options);
  if (!result.problems.empty()) {
    for (const scenario::Problem& p : result.problems.list())
      if (p.where.empty()) {  // the whole document (the root pointer)
        fmt::print(stderr, "{}: {}\n", path, p.reason);
      } else {
        fmt::print(stderr, "{}:{}: {}\n", path, p.where, p.reason);
      }
    if (result.problems.omitted() > 0) {
      fmt::print(stderr, "{}: ... and {} more problems (fix those above first)\n", path,
                 result.problems.omitted());
    }
    return std::nullopt;
  }
  return std::move(result.scenario);
}

}  // namespace surge::cli
