#include "sim/cli/scenario_options.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

#include <fmt/format.h>

namespace surge::cli {

std::optional<std::uint64_t> parse_count(const std::string& text, std::uint64_t max,
                                         std::string& why) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (text.empty()) {
    why = "is empty";
    return std::nullopt;
  }
  if (!std::all_of(text.begin(), text.end(), digit)) {
    why = text.front() == '-' ? "is negative" : "is not a whole number (digits 0-9 only)";
    return std::nullopt;
  }
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range || (ec == std::errc() && value > max)) {
    why = "is too large";
    return std::nullopt;
  }
  if (ec != std::errc() || end != text.data() + text.size()) {
    why = "is not a whole number (digits 0-9 only)";
    return std::nullopt;
  }
  return value;
}

void ScenarioOptions::add_to(CLI::App& command) {
  command.add_option("scenario", path, "Scenario file (JSON)")->required();
  command.add_option("--seed", seed, "Replace the scenario's seed (an integer 0 to 2^64 - 1)");
  command.add_option("--replication", replication,
                     "Replication index (an integer 0 to 2^32 - 1; default 0)");
  command.add_option("--set", sets,
                     "Override a scenario value: POINTER=VALUE (VALUE as JSON, else a string); "
                     "repeatable");
}

std::optional<scenario::LoadedScenario> ScenarioOptions::load() const {
  scenario::LoadOptions options;
  options.overrides = sets;
  options.native_engine = native_engine;
  bool ok = true;
  const auto read_count = [&ok](const std::optional<std::string>& text, const char* flag,
                                std::uint64_t max) -> std::optional<std::uint64_t> {
    if (!text) return std::nullopt;
    std::string why;
    const auto value = parse_count(*text, max, why);
    if (!value) {
      std::string shown = *text;
      if (shown.size() > 40) shown = shown.substr(0, 37) + "...";
      fmt::print(stderr, "surge: {} \"{}\" {}: expected an integer from 0 to {}\n", flag, shown,
                 why, max);
      ok = false;
    }
    return value;
  };
  options.seed = read_count(seed, "--seed", std::numeric_limits<std::uint64_t>::max());
  const auto replication_index =
      read_count(replication, "--replication", std::numeric_limits<std::uint32_t>::max());
  if (!ok) return std::nullopt;
  options.replication = static_cast<std::uint32_t>(replication_index.value_or(0));
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
