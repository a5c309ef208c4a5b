// The options every scenario-reading subcommand shares (SCENARIO, --seed,
// --replication, --set) and loading the scenario with them, printing each
// problem as FILE:WHERE: reason on stderr.
//
// --seed and --replication are taken as text and read strictly (decimal digits
// only, in range): CLI11 2.1 would wrap "-1" or 2^64 around, or ignore "".
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
  std::optional<std::string> seed;         // --seed as given
  std::optional<std::string> replication;  // --replication as given
  // false for `surge run --engine simgrid`: bytes over a finite bandwidth are
  // accepted (LoadOptions::native_engine).
  bool native_engine = true;

  void add_to(CLI::App& command);
  // nullopt after printing every problem (the caller exits 2).
  [[nodiscard]] std::optional<scenario::LoadedScenario> load() const;
};

// `text` as an integer in [0, max]: decimal digits only (no sign, no spaces, no
// exponent). nullopt when it is not one, with the reason in `why`.
[[nodiscard]] std::optional<std::uint64_t> parse_count(const std::string& text, std::uint64_t max,
                                                       std::string& why);

}  // namespace surge::cli
