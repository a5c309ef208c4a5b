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

// Most time-series values a run may hold (report.interval_s): one per report
// interval for its start time, kSeriesPerService per service and
// kSeriesPerWorkload per workload. configs/README.md documents it.
inline constexpr std::uint64_t kMaxSeriesValues = 5'000'000;
// arrivals, utilization, queue_length, instances (and a session store's sessions_held;
// a GPU tier's batch_occupancy, kv_cache_use, tokens_per_s, ttft_p99_s)
inline constexpr std::uint64_t kSeriesPerService = 4;
// offered, goodput, error ratio, p50, p99, failed per second by each of the 8 failure
// outcomes (and a sessions workload's active_users)
inline constexpr std::uint64_t kSeriesPerWorkload = 13;

struct LoadOptions {
  std::string base_dir;                 // referenced files resolve against it
  std::vector<std::string> overrides;   // "POINTER=VALUE", applied in order (--set)
  std::optional<std::uint64_t> seed;    // replaces "seed" (--seed)
  std::uint32_t replication = 0;        // --replication
  // The native engine will run it: refuse what only the SimGrid engine runs (bytes
  // over a finite bandwidth). false for `--engine simgrid`.
  bool native_engine = true;
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
// What the native engine refuses in a loaded scenario (loaded with native_engine
// false): each call carrying bytes over a finite bandwidth, at its pointer.
[[nodiscard]] Problems native_engine_refusals(const mesh::ModelGraph& graph);
// Reads the file; base_dir defaults to the file's directory when options leave it empty.
[[nodiscard]] LoadResult load_scenario_file(const std::string& path, LoadOptions options);

}  // namespace surge::scenario
