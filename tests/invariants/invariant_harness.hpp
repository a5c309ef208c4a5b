// Runs one scenario through every invariant: the report's own invariants, the
// same report from a second run and from the text with its keys reordered, common
// random numbers under a change of one service's instances, and Little's law on
// a variant that starts and ends empty.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/invariants/report_invariants.hpp"
#include "tests/invariants/scenario_generator.hpp"

namespace surge::invariants {

struct ScenarioCheck {
  Violations violations;       // empty when every invariant held
  bool aborted = false;        // the base run hit a limit
  bool little_checked = false; // the empty-to-empty variant ended empty and was checked
  std::uint64_t events = 0;    // of the base run
};

// `base_dir` resolves the files the document references.
[[nodiscard]] ScenarioCheck check_scenario(const nlohmann::json& document,
                                           const std::filesystem::path& base_dir);

// The same document as JSON text with every object's keys in reverse order.
[[nodiscard]] std::string reversed_key_text(const nlohmann::json& document);

// The variant for Little's law: no warmup, arrivals stop at the original
// duration_s, and the run goes on ten times as long so the mesh can drain. Closed
// workloads never stop, so they are left out; nullopt when nothing is left.
[[nodiscard]] std::optional<nlohmann::json> empty_to_empty_variant(
    const nlohmann::json& document);

// A scratch directory for generated files, one per process (ctest runs test cases
// in parallel processes).
[[nodiscard]] std::filesystem::path scratch_dir();

// What a failing case prints: the seed (when generated), the scenario, the violations.
[[nodiscard]] std::string describe_failure(const std::string& origin,
                                           const nlohmann::json& document,
                                           const Violations& violations);

}  // namespace surge::invariants
