#include "sim/cli/engine_choice.hpp"

#include <fmt/format.h>

#include <vector>

#include "sim/simgrid/coverage.hpp"

namespace surge::cli {

void EngineChoice::add_to(CLI::App& command, const std::string& default_meaning) {
  command
      .add_option("--engine", engine,
                  "native or simgrid (the model graph run on SimGrid, docs/simgrid.md); " +
                      default_meaning)
      ->check(CLI::IsMember({"native", "simgrid"}));
}

bool EngineChoice::accepts(const std::string& path, const mesh::ModelGraph& graph) const {
  if (!simgrid()) return true;
  const std::vector<simgrid::Refusal> refused = simgrid::unsupported_features(graph);
  for (const simgrid::Refusal& r : refused)
    fmt::print(stderr, "{}:{}: {}\n", path, r.pointer, r.message);
  return refused.empty();
}

}  // namespace surge::cli
