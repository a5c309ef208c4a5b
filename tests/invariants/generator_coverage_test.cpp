// The generator's coverage: a batch of random scenarios uses every feature the
// invariants are meant to exercise, and the loader accepts every one of them.
#include <catch2/catch.hpp>

#include <filesystem>

#include "sim/scenario/scenario_loader.hpp"
#include "tests/invariants/invariant_harness.hpp"

TEST_CASE("invariants::generator: 1000 scenarios load and use every feature", "[invariants]") {
  const auto dir = surge::invariants::scratch_dir();
  surge::invariants::Coverage coverage;
  std::uint64_t rejected = 0;
  for (std::uint64_t seed = 0; seed < 1000; ++seed) {
    const auto generated = surge::invariants::generate_scenario(seed, dir, coverage);
    surge::scenario::LoadOptions options;
    options.base_dir = dir.string();
    const auto loaded = surge::scenario::load_scenario_text(generated.document.dump(), options);
    if (!loaded.problems.empty()) {
      ++rejected;
      std::string messages;
      for (const auto& p : loaded.problems.list()) messages += p.where + ": " + p.reason + "\n";
      FAIL_CHECK("seed " << seed << ": the loader rejected a generated scenario:\n"
                         << messages << generated.document.dump(2));
    }
    for (const auto& f : generated.files) std::filesystem::remove(f);
  }
  std::error_code ignored;  // the scratch directory goes when empty
  std::filesystem::remove(dir, ignored);
  CHECK(rejected == 0);
  for (const std::string& feature : surge::invariants::required_features()) {
    INFO("feature " << feature);
    CHECK(coverage.count(feature) > 0);
  }
}

TEST_CASE("invariants::generator: the same seed gives the same scenario", "[invariants]") {
  const auto dir = surge::invariants::scratch_dir();
  surge::invariants::Coverage coverage;
  for (std::uint64_t seed : {3U, 41U, 977U}) {
    const auto a = surge::invariants::generate_scenario(seed, dir, coverage);
    const auto b = surge::invariants::generate_scenario(seed, dir, coverage);
    CHECK(a.document == b.document);
    const auto other = surge::invariants::generate_scenario(seed + 1, dir, coverage);
    CHECK(a.document != other.document);
    for (const auto& f : a.files) std::filesystem::remove(f);
    for (const auto& f : other.files) std::filesystem::remove(f);
  }
  std::error_code ignored;
  std::filesystem::remove(dir, ignored);
}
