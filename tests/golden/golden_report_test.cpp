// Golden reports: a shipped scenario's report, byte for byte but the host timings,
// against a reference file. Regenerate the references only on purpose, after a
// change that is meant to change results:
//
//   SURGE_UPDATE_GOLDEN=1 ./build/tests/test_golden "golden::report*"
//
// and explain the change in the commit. A mismatch prints the JSON patch.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "sim/scenario/run.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace {

struct GoldenCase {
  const char* scenario;    // under configs/
  const char* overrides;   // one --set, keeps the run short
  const char* reference;   // under tests/golden/
};

nlohmann::json run_without_host_fields(const GoldenCase& c) {
  surge::scenario::LoadOptions options;
  options.overrides = {c.overrides};
  auto loaded = surge::scenario::load_scenario_file(
      std::string(SURGE_SOURCE_DIR) + "/configs/" + c.scenario, options);
  REQUIRE(loaded.problems.empty());
  nlohmann::json report = surge::scenario::run_to_report(*loaded.scenario);
  report["run"].erase("wall_s");
  report["run"].erase("events_per_s");
  return report;
}

void check_golden(const GoldenCase& c) {
  const nlohmann::json report = run_without_host_fields(c);
  const std::string path = std::string(SURGE_SOURCE_DIR) + "/tests/golden/" + c.reference;
  const char* update = std::getenv("SURGE_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path) << report.dump(1) << "\n";
    WARN("regenerated " << path);
    return;
  }
  std::ifstream in(path);
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json expected = nlohmann::json::parse(text.str());
  INFO("differences (JSON patch from the reference to this run):\n"
       << nlohmann::json::diff(expected, report).dump(1).substr(0, 4000));
  CHECK(report == expected);
}

}  // namespace

TEST_CASE("golden::report: quickstart.json cut to 120 s gives the stored report byte for byte",
          "[golden]") {
  check_golden({"quickstart.json", "/duration_s=120", "quickstart.report.json"});
}
