// `--engine native|simgrid` of the commands that load a scenario for an engine (run,
// validate): which engine, and whether it accepts the loaded graph.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <utility>

#include "models/mesh/model_graph.hpp"

namespace surge::cli {

struct EngineChoice {
  // "native", "simgrid", or empty: no engine chosen (`surge validate` then checks the
  // scenario itself, which either engine may run).
  std::string engine;

  explicit EngineChoice(std::string default_engine) : engine(std::move(default_engine)) {}
  void add_to(CLI::App& command, const std::string& default_meaning);
  [[nodiscard]] bool native() const { return engine == "native"; }
  [[nodiscard]] bool simgrid() const { return engine == "simgrid"; }
  // The SimGrid engine refuses, each at its pointer on stderr (PATH:POINTER: what), the
  // features it does not cover; the native engine's own refusals happen at loading.
  [[nodiscard]] bool accepts(const std::string& path, const mesh::ModelGraph& graph) const;
};

}  // namespace surge::cli
