// Every shipped scenario under `surge run --engine simgrid`: a scenario that uses only
// what the SimGrid engine covers runs (cut short) and gives a report that passes the
// same invariants as a native one (tests/invariants/report_invariants.hpp: counts
// conserved per workload and per service, figures in range); any other is refused with
// exit 2, each feature at its pointer and naming the engine.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/cli/cli_test.hpp"
#include "tests/invariants/report_invariants.hpp"

namespace {

using nlohmann::json;
using namespace surge::testing;

const std::string kSource = SURGE_SOURCE_DIR;

// Long enough for every shipped scenario's queues to fill and drain many times at its
// base load (their services answer in well under a second), short enough for a few
// seconds of SimGrid.
constexpr double kCutS = 60.0;

std::vector<std::filesystem::path> shipped_configs() {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(kSource + "/configs"))
    if (entry.path().extension() == ".json") paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace

TEST_CASE("cli::run --engine simgrid: every shipped config runs soundly or is refused by name",
          "[cli][simgrid]") {
  const auto dir = scratch_dir("simgrid-configs");
  std::size_t ran = 0, refused = 0;
  for (const auto& path : shipped_configs()) {
    INFO(path.filename().string());
    json doc = json::parse(read_text(path));
    const double duration = std::min(doc.at("duration_s").get<double>(), kCutS);
    // Timed faults move inside the cut run, so they still happen.
    json no_faults = json::array();
    for (json& fault : doc.contains("faults") ? doc["faults"] : no_faults) {
      if (fault.contains("at_s")) fault["at_s"] = std::min(fault["at_s"].get<double>(), duration / 3);
      if (fault.contains("duration_s"))
        fault["duration_s"] = std::min(fault["duration_s"].get<double>(), duration / 3);
    }
    doc["duration_s"] = duration;
    doc["warmup_s"] = std::min(doc.value("warmup_s", 0.0), duration / 5.0);
    const auto cut = dir / path.filename();
    std::ofstream(cut) << doc.dump();
    const auto report_path = dir / ("report-" + path.filename().string());
    const auto run =
        run_surge("run " + cut.string() + " --engine simgrid -q -o " + report_path.string(), dir);
    INFO(run.err);
    if (run.exit_code == 2) {
      ++refused;
      // Each refusal line reads FILE:POINTER: what, naming the engine.
      CHECK(run.err.find(cut.string() + ":/") != std::string::npos);
      CHECK(run.err.find("--engine simgrid") != std::string::npos);
      continue;
    }
    REQUIRE(run.exit_code == 0);
    ++ran;
    const json report = json::parse(read_text(report_path));
    CHECK(report.at("run").at("engine") == "simgrid");
    CHECK(report.at("run").at("status") == "completed");
    for (const std::string& v : surge::invariants::check_report(report)) FAIL_CHECK(v);
  }
  // quickstart, auth-crash, app-store-surge, news-shock and cross-region use only
  // covered features; ai-outage (GPU tiers, sessions, retries) does not.
  CHECK(ran >= 5);
  CHECK(refused >= 1);
}
