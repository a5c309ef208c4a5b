// The options every scenario-reading subcommand shares (SCENARIO, --seed,
// --replication, --set) and loading the scenario with them, printing each
// problem as FILE:WHERE: reason on stderr.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "sim/scenario/scenario_loader.hpp"

namespace surge::cli {

struct ScenarioOptions {
  std::string path;
  std::vector<std::string> sets;
  std::optional<std::uint64_t> seed;
  std::uint32_t replication = 0;

  void add_to(CLI::App& command);
  // nullopt after printing every problem (the caller exits 2).
  [[nodiscard]] std::optional<scenario::LoadedScenario> load() const;
};

}  // namespace surge::cli
