// Every scenario shipped in configs/ runs to completion (examples double as tests),
// and its report keeps the accounting identities of docs/report.md. A scenario that
// sends bytes over a finite bandwidth is the SimGrid engine's alone: the native engine
// refuses it naming `--engine simgrid`, and simgrid_configs_test.cpp runs it there.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_test.hpp"

using surge::testing::read_text;
using surge::testing::run_surge;
using surge::testing::scratch_dir;

TEST_CASE("cli::configs: every shipped scenario runs and its report balances", "[cli]") {
  const std::string source = SURGE_SOURCE_DIR;
  const auto dir = scratch_dir("configs-run");
  std::size_t ran = 0;
  std::vector<std::string> simgrid_only;
  for (const auto& entry : std::filesystem::directory_iterator(source + "/configs")) {
    if (entry.path().extension() != ".json") continue;
    const auto report_path = dir / (entry.path().stem().string() + ".report.json");
    const auto run = run_surge("run " + entry.path().string() + " -q --csv " + dir.string() +
                                   " -o " + report_path.string(),
                               dir);
    INFO(entry.path().string() << "\n" << run.err);
    if (run.exit_code == 2 && run.err.find("--engine simgrid") != std::string::npos) {
      simgrid_only.push_back(entry.path().filename().string());
      continue;
    }
    REQUIRE(run.exit_code == 0);
    ++ran;
    const auto report = nlohmann::json::parse(read_text(report_path));
    CHECK(report["run"]["status"] == "completed");
    for (const auto& [name, w] : report["workloads"].items()) {
      INFO("workload " << name);
      std::uint64_t failed = 0;
      for (const auto& [reason, n] : w["failed"].items()) failed += n.get<std::uint64_t>();
      CHECK(w["offered"].get<std::uint64_t>() ==
            w["succeeded"].get<std::uint64_t>() + failed + w["in_flight"].get<std::uint64_t>());
      CHECK(w["offered"].get<std::uint64_t>() > 0);
    }
    for (const auto& [name, s] : report["services"].items()) {
      INFO("service " << name);
      CHECK(s["arrivals"].get<std::uint64_t>() ==
            s["completed"].get<std::uint64_t>() + s["rejected"].get<std::uint64_t>() +
                s["failed"].get<std::uint64_t>() + s["in_flight"].get<std::uint64_t>());
    }
    // The CSV time series has one row per interval and workload, plus the header.
    const std::string csv = read_text(dir / "workloads.csv");
    const auto rows = static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n'));
    CHECK(rows == 1 + report["timeseries"]["t_s"].size() * report["workloads"].size());
  }
  CHECK(ran >= 3);
  CHECK(simgrid_only == std::vector<std::string>{"cross-region.json"});
}
