// `--engine native|simgrid` of the commands that load a scenario for an engine (run,
// validate): which engine, and whether it accepts the loaded graph.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "models/mesh/model_graph.hpp"

namespace surge::cli {

struct EngineChoice {
  std::string engine = "native";

  void add_to(CLI::App& command);
  [[nodiscard]] bool simgrid() const { return engine == "simgrid"; }
  // The SimGrid engine refuses, each at its pointer on stderr (PATH:POINTER: what), the
  // features it does not cover; the native engine's own refusals happen at loading.
  [[nodiscard]] bool accepts(const std::string& path, const mesh::ModelGraph& graph) const;
};

}  // namespace surge::cli
