// `surge curve` (configs/README.md, "Seeing a curve"): the table of expected and realized
// arrivals per interval, drawn on the very stream `surge run` uses.
//
// These tests run the executable, so they need the suite to know where it is:
// tests/CMakeLists.txt defines SURGE_BINARY (and builds `surge` first) for the
// suites listed in its foreach; the models suite must be among them.
#include <catch2/catch.hpp>

#ifdef SURGE_BINARY

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "sim/scenario/scenario_loader.hpp"
#include "tests/cli/cli_test.hpp"

namespace surge {
namespace {

const std::string kConfig = std::string(SURGE_SOURCE_DIR) + "/configs/app-store-surge.json";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST_CASE("demand::curve command: CSV rows hold Lambda per interval and the run's arrivals",
          "[models]") {
  const auto dir = testing::scratch_dir("demand-curve-csv");
  const auto curve =
      testing::run_surge("curve " + kConfig + " --workload newcomers --step 600", dir);
  INFO(curve.err);
  REQUIRE(curve.exit_code == 0);
  const auto lines = lines_of(curve.out);
  REQUIRE(lines.size() == 1 + 12);  // header + 7200 s / 600 s
  CHECK(lines[0] == "workload,process,t_s,end_s,expected,arrivals");
  const auto loaded = scenario::load_scenario_file(kConfig, {});
  REQUIRE(loaded.scenario);
  const auto& rate = loaded.scenario->graph.workloads.at(0).arrivals.rate;  // newcomers
  double arrivals = 0.0;
  for (std::size_t k = 1; k < lines.size(); ++k) {
    std::vector<std::string> f;
    std::istringstream row(lines[k]);
    for (std::string field; std::getline(row, field, ',');) f.push_back(field);
    REQUIRE(f.size() == 6);
    CHECK(f[0] == "newcomers");
    CHECK(f[1] == "poisson");
    const double t0 = std::stod(f[2]);
    const double t1 = std::stod(f[3]);
    CHECK(t1 - t0 == 600.0);
    CHECK(std::stod(f[4]) == Approx(rate->integral(t0, t1)).epsilon(1e-12));
    arrivals += std::stod(f[5]);
  }
  // The same stream as the engine: the run offers exactly these user requests
  // (warmup_s is 0, so every arrival counts).
  const auto run =
      testing::run_surge("run " + kConfig + " -q -o " + (dir / "report.json").string(), dir);
  REQUIRE(run.exit_code <= 1);
  const auto report = nlohmann::json::parse(testing::read_text(dir / "report.json"));
  CHECK(arrivals == report.at("workloads").at("newcomers").at("offered").get<double>());
}

TEST_CASE("demand::curve command: JSON output, and bad input exits 2 with FILE:WHERE lines",
          "[models]") {
  const auto dir = testing::scratch_dir("demand-curve-json");
  const auto out = (dir / "curve.json").string();
  const auto ok = testing::run_surge("curve " + kConfig + " --step 3600 -o " + out, dir);
  INFO(ok.err);
  REQUIRE(ok.exit_code == 0);
  const auto doc = nlohmann::json::parse(testing::read_text(out));
  CHECK(doc.at("step_s") == 3600.0);
  CHECK(doc.at("workloads").size() == 2);
  const auto& regulars = doc.at("workloads").at("regulars");
  CHECK(regulars.at("expected_of") == "rate");
  CHECK(regulars.at("expected") == nlohmann::json({108000.0, 108000.0}));
  CHECK(regulars.at("total").at("expected") == 216000.0);

  const auto typo = testing::run_surge("curve " + kConfig + " --workload newcomer", dir);
  CHECK(typo.exit_code == 2);
  CHECK(typo.err.find(kConfig + ":/workloads: no workload with arrivals named \"newcomer\" "
                                "(did you mean \"newcomers\"?)") != std::string::npos);
  const auto step = testing::run_surge("curve " + kConfig + " --step 0", dir);
  CHECK(step.exit_code == 2);
  CHECK(step.err.find(kConfig + ":--step:") != std::string::npos);
  const auto bad = testing::run_surge(
      "curve " + kConfig + " --set '/workloads/newcomers/rate={\"constant\": -4}'", dir);
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find(kConfig + ":/workloads/newcomers/rate/constant: expected a number >= 0") !=
        std::string::npos);
  const auto suffix =
      testing::run_surge("curve " + kConfig + " -o " + (dir / "x.txt").string(), dir);
  CHECK(suffix.exit_code == 2);
}

}  // namespace
}  // namespace surge

#endif  // SURGE_BINARY
