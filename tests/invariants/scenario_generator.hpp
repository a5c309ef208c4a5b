// A seeded generator of random, valid scenarios for the invariant tests.
//
// generate_scenario(seed, dir) returns a scenario document that uses the keys
// configs/README.md documents today (services with every discipline and balancer,
// acyclic call graphs with every call option, open workloads with every rate-curve
// kind, hawkes, timestamps, csv traces, deterministic arrivals, client timeouts,
// priorities, crash faults, SLOs, warmup, report settings and limits). Files the
// scenario references (csv traces, timestamp lists) are written to `dir`, which
// is the scenario's base directory.
//
// Contract: the same seed gives the same document and files; every document passes
// the loader (a rejection is a generator bug); runs are short — rates and work are
// scaled so that a run sees about 100 to 1,500 visits, with limits.max_events as a
// backstop. The generator counts the features it used in a Coverage, so a test can
// assert that a batch of scenarios exercised all of them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace surge::invariants {

// How often each feature appeared ("discipline:ps", "curve:bass", "call:parallel", ...).
class Coverage {
 public:
  void note(std::string_view feature) { ++counts_[std::string(feature)]; }
  [[nodiscard]] std::uint64_t count(std::string_view feature) const;
  [[nodiscard]] const std::map<std::string, std::uint64_t>& counts() const { return counts_; }

 private:
  std::map<std::string, std::uint64_t> counts_;
};

struct GeneratedScenario {
  nlohmann::json document;
  std::vector<std::filesystem::path> files;  // referenced files written to the directory
};

// REQUIRES: `dir` exists and is writable.
[[nodiscard]] GeneratedScenario generate_scenario(std::uint64_t seed,
                                                  const std::filesystem::path& dir,
                                                  Coverage& coverage);

// Every feature a batch of generated scenarios must have exercised.
[[nodiscard]] std::vector<std::string> required_features();

}  // namespace surge::invariants
