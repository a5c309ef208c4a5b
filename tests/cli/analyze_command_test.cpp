// `surge analyze`: the table, the JSON (--json, -o) and exit 2 on bad input.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/cli_test.hpp"

namespace surge {
namespace {

const std::string kQuickstart = std::string(SURGE_SOURCE_DIR) + "/configs/quickstart.json";

TEST_CASE("cli::analyze: prints a table per service with the bottleneck", "[cli]") {
  const auto dir = testing::scratch_dir("analyze-table");
  const testing::CommandResult r = testing::run_surge("analyze " + kQuickstart, dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("work_util") != std::string::npos);
  CHECK(r.out.find("hold_util") != std::string::npos);
  // quickstart: the gateway's few workers are held during the api's calls.
  CHECK(r.out.find("bottleneck: gateway") != std::string::npos);
}

TEST_CASE("cli::analyze: --json prints and -o writes the same documented keys", "[cli]") {
  const auto dir = testing::scratch_dir("analyze-json");
  const auto file = dir / "analysis.json";
  const testing::CommandResult r =
      testing::run_surge("analyze " + kQuickstart + " --json -o " + file.string(), dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto printed = nlohmann::json::parse(r.out);
  const auto written = nlohmann::json::parse(testing::read_text(file));
  CHECK(printed == written);
  CHECK(written.at("bottleneck") == "gateway");
  const auto& api = written.at("services").at("api");
  for (const char* key : {"arrivals_per_s", "work_utilization", "holding_utilization", "wait_s",
                          "p_wait", "saturation_multiple", "work_saturation_multiple", "saturated",
                          "servers", "instances", "mean_work_s", "mean_holding_s", "wait_model"})
    CHECK(api.contains(key));
  // The gateway's 64 workers per instance are past the layered chain's limit (32).
  CHECK(written.at("services").at("gateway").at("wait_model") == "erlang_c");
  CHECK(written.at("workloads").at("chats").at("rate_basis") == "curve_peak");
}

TEST_CASE("cli::analyze: a bad scenario exits 2 naming the problem", "[cli]") {
  const auto dir = testing::scratch_dir("analyze-bad");
  const auto bad = dir / "bad.json";
  {
    std::ofstream out(bad);
    out << R"({"name": "bad", "duration_s": -1, "services": {}, "workloads": {}})";
  }
  const testing::CommandResult r = testing::run_surge("analyze " + bad.string(), dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("duration_s") != std::string::npos);
  CHECK(r.out.empty());
  const testing::CommandResult missing =
      testing::run_surge("analyze " + (dir / "absent.json").string(), dir);
  CHECK(missing.exit_code == 2);
}

}  // namespace
}  // namespace surge
