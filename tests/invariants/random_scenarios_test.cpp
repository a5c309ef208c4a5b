// Random valid scenarios checked against the invariants every run must satisfy
// (report_invariants.hpp, invariant_harness.hpp). A failing case prints its seed and
// scenario; keep it in regressions_test.cpp.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "tests/invariants/invariant_harness.hpp"

namespace {

using surge::invariants::Coverage;

// Checks seeds [first, first + n) and prints how many it checked.
void check_seeds(std::uint64_t first, std::uint64_t n) {
  const auto dir = surge::invariants::scratch_dir();
  Coverage coverage;
  std::uint64_t aborted = 0, little = 0, events = 0;
  for (std::uint64_t seed = first; seed < first + n; ++seed) {
    const auto generated = surge::invariants::generate_scenario(seed, dir, coverage);
    const auto check = surge::invariants::check_scenario(generated.document, dir);
    if (!check.violations.empty()) {
      FAIL_CHECK(surge::invariants::describe_failure(fmt::format("seed {}", seed),
                                                     generated.document, check.violations));
      continue;  // its files stay in the scratch directory for a look
    }
    for (const auto& f : generated.files) std::filesystem::remove(f);
    aborted += check.aborted ? 1 : 0;
    little += check.little_checked ? 1 : 0;
    events += check.events;
  }
  std::cout << "checked " << n << " random scenarios (seeds " << first << " to " << first + n - 1
            << "): " << aborted << " aborted at a limit, Little's law checked on " << little
            << ", " << events << " events in the base runs\n";
  std::error_code ignored;  // the scratch directory goes when empty
  std::filesystem::remove(dir, ignored);
  // The empty-to-empty variant must end empty in most cases, or Little's law is
  // barely tested: the generator keeps loads and tails that drain.
  CHECK(little >= n * 3 / 4);
  // Limits abort some runs on purpose (the generator's small max_events), not most.
  CHECK(aborted <= n / 4);
}

}  // namespace

// 1,000 seeds in four cases, so ctest -j2 runs them on both cores.
TEST_CASE("invariants::random: seeds 0 to 249 keep every invariant", "[invariants]") {
  check_seeds(0, 250);
}
TEST_CASE("invariants::random: seeds 250 to 499 keep every invariant", "[invariants]") {
  check_seeds(250, 250);
}
TEST_CASE("invariants::random: seeds 500 to 749 keep every invariant", "[invariants]") {
  check_seeds(500, 250);
}
TEST_CASE("invariants::random: seeds 750 to 999 keep every invariant", "[invariants]") {
  check_seeds(750, 250);
}
