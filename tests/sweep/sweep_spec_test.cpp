// Reading sweep files: every problem at its pointer in the sweep file, before any run.
#include "sim/sweep/sweep_spec.hpp"

#include <catch2/catch.hpp>
#include <filesystem>

using nlohmann::json;
using surge::sweep::load_sweep_file;
using surge::sweep::load_sweep_text;

namespace {

const std::string kSource = SURGE_SOURCE_DIR;

const char* const kBase = R"({"name": "mm1", "seed": 7, "duration_s": 5,
  "services": {"s": {"instances": 1, "workers": 1,
                     "endpoints": {"e": {"work": {"dist": "exponential", "mean_s": 0.01}}}}},
  "workloads": {"w": {"entry": "s.e", "rate": {"constant": 50}}}})";

std::string sweep_with(const std::string& rest) {
  return std::string(R"({"base": )") + kBase + ", " + rest + "}";
}

// "WHERE: reason" of every problem, one per line.
std::string problems_of(const std::string& text) {
  const auto load = load_sweep_text(text, "");
  CHECK_FALSE(load.spec.has_value());
  std::string out;
  for (const auto& p : load.problems.list()) out += p.where + ": " + p.reason + "\n";
  return out;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("sweep::spec: the sample sweep file loads with its 9 grid points", "[sweep]") {
  for (const auto& entry : std::filesystem::directory_iterator(kSource + "/configs/sweeps")) {
    const auto load = load_sweep_file(entry.path().string());
    INFO(entry.path().string());
    for (const auto& p : load.problems.list()) INFO(p.where + ": " + p.reason);
    CHECK(load.problems.empty());
  }
  const auto load = load_sweep_file(kSource + "/configs/sweeps/quickstart-sweep.json");
  REQUIRE(load.spec);
  CHECK(load.spec->point_values.size() == 9);
  CHECK(load.spec->replications == 3);
  CHECK(load.spec->metrics.size() == 3);
  CHECK(load.spec->sha256.size() == 64);
}

TEST_CASE("sweep::spec: every problem is listed at its pointer in the sweep file", "[sweep]") {
  const std::string found = problems_of(sweep_with(R"(
    "parameters": {"/services/s/instance": [1, 2],
                   "/services/s/workers": [],
                   "/workloads/w/rate/constant": {"range": [10, 50, 0]},
                   "/duration_s": {"range": [10, 5, 1]},
                   "/seed": {"rnage": [1, 2, 1]}},
    "replications": 0, "metrics": {"p99": "workloads/w/latency_s/p99"},
    "desing": "grid")"));
  INFO(found);
  CHECK(has(found,
            "/parameters/~1services~1s~1instance: not in the base scenario: /services/s "
            "has no key \"instance\" (did you mean \"/services/s/instances\"?)"));
  CHECK(has(found, "/parameters/~1services~1s~1workers: the list of values is empty"));
  CHECK(has(found, "/parameters/~1workloads~1w~1rate~1constant/range: step is 0"));
  CHECK(has(found, "/parameters/~1duration_s/range: step 1 goes away from the end"));
  CHECK(has(found, "/parameters/~1seed/rnage: unknown key"));
  CHECK(has(found, "/replications: "));
  CHECK(has(found, "/metrics/p99: expected a JSON pointer"));
  CHECK(has(found, "/desing: unknown key"));
  CHECK(has(found, "did you mean \"design\""));
}

TEST_CASE("sweep::spec: a point whose scenario is invalid is named with its parameters",
          "[sweep]") {
  const std::string found =
      problems_of(sweep_with(R"("parameters": {"/services/s/workers": [1, 0]})"));
  INFO(found);
  CHECK(has(found,
            "/parameters: point 1 (/services/s/workers = 0): the scenario is invalid at "
            "/services/s/workers: "));
  CHECK_FALSE(has(found, "point 0"));
}

TEST_CASE("sweep::spec: design keys: points only for random and latin_hypercube", "[sweep]") {
  CHECK(has(problems_of(sweep_with(R"("parameters": {}, "points": 3)")),
            "/points: a grid runs every combination"));
  CHECK(has(problems_of(sweep_with(R"("parameters": {}, "design": "random")")), "/points: "));
  CHECK(has(problems_of(sweep_with(R"("parameters": {}, "design": "lhs", "points": 2)")),
            "/design: "));
  const auto load =
      load_sweep_text(sweep_with(R"("parameters": {"/duration_s": {"range": [1.0, 9.0, 1]}},
                   "design": "latin_hypercube", "points": 8, "seed": 3)"),
                      "");
  REQUIRE(load.spec);
  REQUIRE(load.spec->point_values.size() == 8);
  // A continuous range: one value in each eighth of [1, 9).
  std::vector<int> hits(8, 0);
  for (const auto& p : load.spec->point_values) ++hits[static_cast<int>(p[0].get<double>() - 1.0)];
  CHECK(hits == std::vector<int>(8, 1));
}

TEST_CASE("sweep::spec: a base that is missing or invalid is reported at /base", "[sweep]") {
  const auto missing = load_sweep_text(R"({"base": "nowhere.json", "parameters": {}})", "/tmp");
  REQUIRE_FALSE(missing.problems.empty());
  CHECK(missing.problems.list()[0].where == "/base");
  CHECK(has(missing.problems.list()[0].reason, "nowhere.json"));
  const std::string found = problems_of(R"({"base": {"duration_s": -1}, "parameters": {}})");
  CHECK(has(found, "/base: the inline base scenario at /duration_s: "));
}

TEST_CASE("sweep::spec: a parameter inside another parameter is refused at its pointer",
          "[sweep]") {
  // A number replacing the parent once made the point's scenario unbuildable.
  CHECK(has(problems_of(sweep_with(
                R"("parameters": {"/services/s": [5], "/services/s/workers": [1]})")),
            "/parameters/~1services~1s~1workers: lies inside parameter /services/s"));
  // An object replacing the parent once ran with the inner value while the results
  // listed the outer one.
  CHECK(has(problems_of(sweep_with(
                R"("parameters": {"/services/s": [{"workers": 2, "endpoints": {"e": {}}}],
                                  "/services/s/workers": [1, 3]})")),
            "/parameters/~1services~1s~1workers: lies inside parameter /services/s"));
}
