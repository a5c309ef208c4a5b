// Loading a scenario: JSON text -> overrides (--set, --seed) -> validation ->
// the model graph, with every problem collected (configs/README.md, "General rules").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/mesh/model_graph.hpp"
#include "sim/scenario/problems.hpp"

namespace surge::scenario {

struct LoadOptions {
  std::string base_dir;                 // referenced files resolve against it
  std::vector<std::string> overrides;   // "POINTER=VALUE", applied in order (--set)
  std::optional<std::uint64_t> seed;    // replaces "seed" (--seed)
  std::uint32_t replication = 0;        // --replication
};

struct LoadedScenario {
  mesh::ModelGraph graph;
  nlohmann::json input;  // the document after overrides, defaults not filled in
  std::string sha256;    // of the canonical input plus referenced files (hex)
};

struct LoadResult {
  std::optional<LoadedScenario> scenario;  // set iff problems is empty
  Problems problems;
};

[[nodiscard]] LoadResult load_scenario_text(std::string_view text, const LoadOptions& options);
// Reads the file; base_dir defaults to the file's directory when options leave it empty.
[[nodiscard]] LoadResult load_scenario_file(const std::string& path, LoadOptions options);

}  // namespace surge::scenario
