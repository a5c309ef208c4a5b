// `surge curve` streams its rows (issue 9: 10^7 rows once ran out of memory).
// Each run here is confined by `ulimit -v` to 100 MB of address space: a table
// held whole needs more (2·10^6 CSV rows are about 80 MB of text plus 64 MB of
// columns; 5·10^5 JSON rows about 300 MB as a document), a streamed one needs
// the memory of one arrival process.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/cli_test.hpp"

namespace surge {
namespace {

const std::string kQuickstart = std::string(SURGE_SOURCE_DIR) + "/configs/quickstart.json";

// Runs `surge ARGS` under a 100 MB address-space limit; its exit code.
int run_confined(const std::string& args) {
  const std::string command = "ulimit -v 100000 && " + std::string(SURGE_BINARY) + " " + args;
  const int status = std::system(("sh -c '" + command + "'").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_CASE("cli::curve: two million CSV rows stream within 100 MB of address space", "[cli]") {
  const auto dir = testing::scratch_dir("curve-stream-csv");
  const auto count = dir / "lines.txt";
  // 600 s in steps of 0.3 ms: 2,000,000 intervals, each a row, plus the header.
  const int code = run_confined("curve " + kQuickstart +
                                " --workload chats --step 0.0003 | wc -l > " + count.string());
  CHECK(code == 0);
  CHECK(std::stol(testing::read_text(count)) == 2'000'001);
}

TEST_CASE("cli::curve: half a million JSON rows stream within 100 MB of address space", "[cli]") {
  const auto dir = testing::scratch_dir("curve-stream-json");
  const auto out = dir / "curve.json";
  const int code =
      run_confined("curve " + kQuickstart + " --workload chats --step 0.0012 -o " + out.string());
  REQUIRE(code == 0);
  const auto doc = nlohmann::json::parse(testing::read_text(out));
  const auto& chats = doc.at("workloads").at("chats");
  CHECK(chats.at("arrivals").size() == 500'000);
  CHECK(chats.at("t_s").size() == 500'000);
  // The streamed total is the sum of the streamed column.
  std::uint64_t arrivals = 0;
  for (const auto& a : chats.at("arrivals")) arrivals += a.get<std::uint64_t>();
  CHECK(chats.at("total").at("arrivals") == arrivals);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace surge
