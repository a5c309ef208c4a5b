// `surge run` and `surge validate` end to end: exit codes, files, summary.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_test.hpp"

using surge::testing::read_text;
using surge::testing::run_surge;
using surge::testing::scratch_dir;

namespace {
const std::string kSource = SURGE_SOURCE_DIR;
}

TEST_CASE("cli::run: writes the report atomically and prints a summary", "[cli]") {
  const auto dir = scratch_dir("run");
  const auto report_path = dir / "report.json";
  const auto run = run_surge("run " + kSource + "/configs/quickstart.json --set /duration_s=30 --set /warmup_s=0 -o " +
                                 report_path.string(),
                             dir);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  const auto report = nlohmann::json::parse(read_text(report_path));
  CHECK(report["schema_version"] == 1);
  CHECK(report["run"]["status"] == "completed");
  CHECK(report["scenario"]["sha256"].get<std::string>().size() == 64);
  CHECK(run.out.find("workload") != std::string::npos);
  CHECK(run.out.find("gateway") != std::string::npos);
  // No temporary file is left beside the report.
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    files += entry.path().filename().string().rfind(".surge-tmp", 0) == 0 ? 1 : 0;
  CHECK(files == 0);
}

TEST_CASE("cli::run: without -o the report goes to stdout", "[cli]") {
  const auto dir = scratch_dir("stdout");
  const auto run =
      run_surge("run " + kSource + "/configs/quickstart.json --set /duration_s=5 --set /warmup_s=0 --quiet", dir);
  REQUIRE(run.exit_code == 0);
  CHECK(nlohmann::json::parse(run.out)["run"]["status"] == "completed");
}

TEST_CASE("cli::run: an overloaded unbounded queue aborts at the in-flight limit", "[cli]") {
  const auto dir = scratch_dir("abort");
  // Twice the capacity with an unlimited waiting room: the backlog grows ~1000/s.
  std::ofstream(dir / "overload.json") << R"({
    "name": "overload", "duration_s": 3600,
    "limits": {"max_in_flight": 5000},
    "services": {"s": {"instances": 1, "workers": 10,
                       "endpoints": {"e": {"work": {"dist": "exponential", "mean_s": 0.01}}}}},
    "workloads": {"w": {"entry": "s.e", "rate": {"constant": 2000}}}})";
  const auto report_path = dir / "report.json";
  const auto run = run_surge("run " + (dir / "overload.json").string() + " -o " +
                                 report_path.string(),
                             dir);
  INFO(run.err);
  CHECK(run.exit_code == 3);
  const auto report = nlohmann::json::parse(read_text(report_path));
  CHECK(report["run"]["status"] == "aborted");
  CHECK(report["run"]["reason"].get<std::string>().find("max_in_flight") != std::string::npos);
  // Stopped early, around when the backlog reached the limit (~5 s), not at the end.
  CHECK(report["run"]["simulated_s"].get<double>() < 60.0);
  const auto& w = report["workloads"]["w"];
  CHECK(w["in_flight"].get<std::uint64_t>() > 4000);
  std::uint64_t failed = 0;
  for (const auto& [k, n] : w["failed"].items()) failed += n.get<std::uint64_t>();
  CHECK(w["offered"].get<std::uint64_t>() ==
        w["succeeded"].get<std::uint64_t>() + failed + w["in_flight"].get<std::uint64_t>());
}

TEST_CASE("cli::run: limits.max_events aborts with exit 3 after exactly that many events",
          "[cli]") {
  const auto dir = scratch_dir("events");
  const auto run = run_surge("run " + kSource +
                                 "/configs/quickstart.json --set '/limits={\"max_events\":1000}' -q -o " +
                                 (dir / "r.json").string(),
                             dir);
  CHECK(run.exit_code == 3);
  const auto report = nlohmann::json::parse(read_text(dir / "r.json"));
  CHECK(report["run"]["events"] == 1000);
}

TEST_CASE("cli::run: --check-slo exits 1 when an SLO is missed", "[cli]") {
  const auto dir = scratch_dir("slo");
  const auto run = run_surge("run " + kSource +
                                 "/configs/quickstart.json --set /duration_s=20 --set /warmup_s=0 "
                                 "--set '/slo/0/p99_s=0.0001' --check-slo -q -o " +
                                 (dir / "r.json").string(),
                             dir);
  CHECK(run.exit_code == 1);
}

TEST_CASE("cli: bad command lines exit 2", "[cli]") {
  const auto dir = scratch_dir("usage");
  CHECK(run_surge("run", dir).exit_code == 2);
  CHECK(run_surge("frobnicate", dir).exit_code == 2);
  CHECK(run_surge("run " + kSource + "/configs/quickstart.json --no-such-flag", dir).exit_code == 2);
  const auto missing = run_surge("validate /nonexistent/scenario.json", dir);
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("/nonexistent/scenario.json") != std::string::npos);
}

TEST_CASE("cli::validate --engine simgrid: a feature the engine does not cover exits 2 at its pointer",
          "[cli][simgrid]") {
  const auto dir = scratch_dir("validate-simgrid");
  const auto native = run_surge("validate " + kSource + "/configs/ai-outage.json", dir);
  CHECK(native.exit_code == 0);
  const auto r = run_surge("validate --engine simgrid " + kSource + "/configs/ai-outage.json", dir);
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("ai-outage.json:/services/inference/kind:") != std::string::npos);
  CHECK(r.err.find("--engine simgrid") != std::string::npos);
}

TEST_CASE("cli::validate: a scenario only the SimGrid engine runs is valid, and says so",
          "[cli][simgrid]") {
  const auto dir = scratch_dir("validate-engines");
  const std::string path = kSource + "/configs/cross-region.json";
  const std::string bytes = path + ":/services/auth/endpoints/login/calls/0/response_bytes: ";
  const auto any = run_surge("validate " + path, dir);
  INFO(any.err);
  CHECK(any.exit_code == 0);
  CHECK(any.out.find(bytes + "runs on --engine simgrid only") != std::string::npos);
  CHECK(run_surge("validate --engine simgrid " + path, dir).exit_code == 0);
  const auto native = run_surge("validate --engine native " + path, dir);
  CHECK(native.exit_code == 2);
  CHECK(native.err.find(bytes) != std::string::npos);
  CHECK(native.err.find("--engine simgrid") != std::string::npos);
  // A scenario both engines run gets no such line.
  const auto both = run_surge("validate " + kSource + "/configs/quickstart.json", dir);
  CHECK(both.exit_code == 0);
  CHECK(both.out.find("only") == std::string::npos);
}

TEST_CASE("cli::validate: every shipped config validates", "[cli]") {
  const auto dir = scratch_dir("configs");
  std::size_t checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kSource + "/configs")) {
    if (entry.path().extension() != ".json") continue;
    const auto r = run_surge("validate " + entry.path().string(), dir);
    INFO(entry.path().string() << "\n" << r.err);
    CHECK(r.exit_code == 0);
    ++checked;
  }
  CHECK(checked >= 1);
}
