// Scenario keys of the demand layer (docs/model.md, rate curves): every curve kind,
// hawkes and timestamps parse into the right model; bad curves are rejected at
// validation with their JSON pointer (issue 4).
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/demand/thinned_poisson.hpp"
#include "models/mesh/random_keys.hpp"
#include "models/mesh/simulation.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace surge::scenario {
namespace {

using nlohmann::json;

// A scenario with one open workload `w` whose rate is replaced by each test.
json scenario_with_rate(const json& rate) {
  json doc = json::parse(R"({
    "name": "demand", "seed": 3, "duration_s": 600,
    "services": {"app": {"instances": 1, "workers": 4,
                         "endpoints": {"hit": {"work": {"dist": "exponential", "mean_s": 0.01}}}}},
    "workloads": {"w": {"kind": "open", "entry": "app.hit", "rate": {"constant": 1}}}
  })");
  doc["workloads"]["w"]["rate"] = rate;
  return doc;
}

// A fresh directory for the files a test's scenario references.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("surge-demand-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  void write(const std::string& name, const std::string& contents) const {
    std::ofstream(path_ / name) << contents;
  }
  [[nodiscard]] std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

LoadResult load(const json& rate, const std::string& base_dir = "") {
  LoadOptions options;
  options.base_dir = base_dir;
  return load_scenario_text(scenario_with_rate(rate).dump(), options);
}

std::string render(const Problems& problems) {
  std::string out;
  for (const auto& p : problems.list()) out += p.where + ": " + p.reason + "\n";
  return out;
}

// The load fails with a problem at `where` whose reason contains `part`.
void require_problem(const LoadResult& result, const std::string& where,
                     const std::string& part = "") {
  INFO(render(result.problems));
  REQUIRE(!result.scenario);
  bool found = false;
  for (const auto& p : result.problems.list()) {
    found = found || (p.where == where && p.reason.find(part) != std::string::npos);
  }
  REQUIRE(found);
}

demand::ArrivalSpec arrivals_of(const LoadResult& result) {
  INFO(render(result.problems));
  REQUIRE(result.scenario);
  return result.scenario->graph.workloads.at(0).arrivals;
}

TEST_CASE("demand::parse: every curve kind parses with its documented keys", "[models]") {
  const json curves = json::parse(R"([
    {"constant": 5},
    {"piecewise_linear": [[0, 1], [60, 10], [120, 4]]},
    {"diurnal": {"mean": 50, "amplitude": 0.3, "peak_hour": 15}},
    {"logistic": {"base": 1, "peak": 9, "midpoint_s": 300, "growth_s": 30}},
    {"shock": {"at_s": 100, "jump": 40, "decay": "exponential", "tau_s": 60}},
    {"shock": {"at_s": 100, "jump": 40, "decay": "power_law", "tau_s": 60, "exponent": 0.6}},
    {"viral": {"start_s": 60, "peak": 800, "rise_s": 300, "decay_s": 3600}},
    {"bass": {"market": 10000, "p": 0.01, "q": 0.4, "start_s": 0, "time_unit_s": 60}},
    {"sum": [{"constant": 1}, {"constant": 2}]},
    {"product": [{"constant": 3}, {"diurnal": {"mean": 1, "amplitude": 0.5, "peak_hour": 2}}]},
    {"scale": {"by": 2, "curve": {"constant": 4}}},
    {"shift": {"by_s": 30, "curve": {"shock": {"at_s": 0, "jump": 5, "tau_s": 10}}}},
    {"clip": {"min": 2, "max": 6, "curve": {"piecewise_linear": [[0, 0], [600, 12]]}}}
  ])");
  for (const auto& rate : curves) {
    INFO(rate.dump());
    const auto spec = arrivals_of(load(rate));
    REQUIRE(spec.kind == demand::ArrivalSpec::Kind::kRate);
    REQUIRE(spec.rate != nullptr);
  }
  // Values land where the keys say.
  CHECK(arrivals_of(load(curves[1])).rate->rate(90.0) == Approx(7.0));
  CHECK(arrivals_of(load(curves[4])).rate->rate(160.0) == Approx(40.0 * std::exp(-1.0)));
  CHECK(arrivals_of(load(curves[5])).rate->rate(160.0) == Approx(40.0 * std::pow(2.0, -0.6)));
  CHECK(arrivals_of(load(curves[10])).rate->rate(1.0) == 8.0);
  CHECK(arrivals_of(load(curves[11])).rate->rate(40.0) == Approx(5.0 * std::exp(-1.0)));
  CHECK(arrivals_of(load(curves[12])).rate->rate(50.0) == 2.0);
  CHECK(arrivals_of(load(curves[12])).rate->rate(200.0) == Approx(4.0));
  CHECK(arrivals_of(load(curves[12])).rate->rate(599.0) == 6.0);
}

TEST_CASE("demand::parse: hawkes and timestamps parse as whole rates", "[models]") {
  const auto exponential = arrivals_of(load(json::parse(R"({"hawkes": {
      "background": {"constant": 2}, "branching_ratio": 0.5,
      "kernel": {"exponential": {"tau_s": 3}}}})")));
  CHECK(exponential.kind == demand::ArrivalSpec::Kind::kHawkes);
  CHECK(exponential.branching_ratio == 0.5);
  CHECK(exponential.kernel.kind == demand::HawkesKernelKind::kExponential);
  CHECK(exponential.kernel.tau_s == 3.0);
  const auto power = arrivals_of(load(json::parse(R"({"hawkes": {
      "background": {"constant": 2}, "branching_ratio": 0.9,
      "kernel": {"power_law": {"c_s": 0.5, "theta": 0.4}}}})")));
  CHECK(power.kernel.kind == demand::HawkesKernelKind::kPowerLaw);
  CHECK(power.kernel.c_s == 0.5);
  CHECK(power.kernel.theta == 0.4);

  TempDir dir;
  dir.write("times.csv", "time_s\n0.5\n1.25\n1.25\n# a comment\n\n7\n");
  const auto replay =
      arrivals_of(load(json::parse(R"({"timestamps": {"path": "times.csv"}})"), dir.str()));
  REQUIRE(replay.kind == demand::ArrivalSpec::Kind::kTimestamps);
  CHECK(*replay.timestamps_s == std::vector<double>{0.5, 1.25, 1.25, 7.0});
}

TEST_CASE("demand::parse: a csv trace is read with both interpolations and enters the sha256",
          "[models]") {
  TempDir dir;
  dir.write("trace.csv", "time_s,rate\n0,10\n60,20\r\n120, 5\n");
  const json linear = json::parse(R"({"csv": {"path": "trace.csv"}})");
  const json step = json::parse(R"({"csv": {"path": "trace.csv", "interpolation": "step"}})");
  const auto first = load(linear, dir.str());
  CHECK(arrivals_of(first).rate->rate(30.0) == Approx(15.0));
  CHECK(arrivals_of(load(step, dir.str())).rate->rate(30.0) == 10.0);
  CHECK(arrivals_of(load(step, dir.str())).rate->rate(90.0) == 20.0);
  dir.write("trace.csv", "time_s,rate\n0,10\n60,21\n120,5\n");
  const auto second = load(linear, dir.str());
  REQUIRE(second.scenario);
  CHECK(first.scenario->sha256 != second.scenario->sha256);
}

TEST_CASE("demand::parse: negative rates are rejected with their pointer", "[models]") {
  require_problem(load(json::parse(R"({"constant": -1})")), "/workloads/w/rate/constant", ">= 0");
  require_problem(load(json::parse(R"({"piecewise_linear": [[0, 1], [10, -2]]})")),
                  "/workloads/w/rate/piecewise_linear/1/1", ">= 0");
  require_problem(load(json::parse(R"({"sum": [{"constant": 1},
                                       {"viral": {"start_s": 0, "peak": -5, "rise_s": 1, "decay_s": 1}}]})")),
                  "/workloads/w/rate/sum/1/viral/peak", ">= 0");
  require_problem(load(json::parse(R"({"scale": {"by": -2, "curve": {"constant": 1}}})")),
                  "/workloads/w/rate/scale/by", ">= 0");
  require_problem(
      load(json::parse(R"({"diurnal": {"mean": 5, "amplitude": 1.5, "peak_hour": 3}})")),
      "/workloads/w/rate/diurnal/amplitude", "<= 1");
}

TEST_CASE("demand::parse: unsorted points are rejected with their pointer", "[models]") {
  require_problem(load(json::parse(R"({"piecewise_linear": [[0, 1], [10, 2], [5, 3]]})")),
                  "/workloads/w/rate/piecewise_linear/2/0", "sorted");
  require_problem(load(json::parse(R"({"piecewise_linear": [[0, 1], [0, 2]]})")),
                  "/workloads/w/rate/piecewise_linear/1/0", "strictly");
  TempDir dir;
  dir.write("bad.csv", "time_s,rate\n0,1\n10,2\n5,3\n20,nan\n30\n");
  const auto result = load(json::parse(R"({"csv": {"path": "bad.csv"}})"), dir.str());
  require_problem(result, "/workloads/w/rate/csv/path", "bad.csv line 4: times must increase");
  require_problem(result, "/workloads/w/rate/csv/path", "bad.csv line 5: rate must be");
  require_problem(result, "/workloads/w/rate/csv/path", "bad.csv line 6: expected 2 fields");
  dir.write("times.csv", "1\n3\n2\n-1\n");
  const auto replay = load(json::parse(R"({"timestamps": {"path": "times.csv"}})"), dir.str());
  require_problem(replay, "/workloads/w/rate/timestamps/path",
                  "times.csv line 3: times must not decrease");
  require_problem(replay, "/workloads/w/rate/timestamps/path", "times.csv line 4: time must be");
}

TEST_CASE("demand::parse: a missing csv file is rejected at its path", "[models]") {
  TempDir dir;
  require_problem(load(json::parse(R"({"csv": {"path": "nowhere.csv"}})"), dir.str()),
                  "/workloads/w/rate/csv/path", "cannot read");
  require_problem(load(json::parse(R"({"timestamps": {"path": "nowhere.csv"}})"), dir.str()),
                  "/workloads/w/rate/timestamps/path", "cannot read");
  require_problem(load(json::parse(R"({"csv": {"interpolation": "step"}})"), dir.str()),
                  "/workloads/w/rate/csv/path", "missing");
}

TEST_CASE("demand::parse: hawkes with n >= 1 is rejected", "[models]") {
  for (double n : {1.0, 1.5}) {
    json rate = json::parse(R"({"hawkes": {"background": {"constant": 1},
                                "kernel": {"exponential": {"tau_s": 1}}}})");
    rate["hawkes"]["branching_ratio"] = n;
    require_problem(load(rate), "/workloads/w/rate/hawkes/branching_ratio", "< 1");
  }
  require_problem(
      load(json::parse(R"({"hawkes": {"background": {"constant": 1}, "branching_ratio": 0.5,
                                       "kernel": {"power_law": {"c_s": 1, "theta": 0}}}})")),
      "/workloads/w/rate/hawkes/kernel/power_law/theta");
  require_problem(
      load(json::parse(R"({"hawkes": {"background": {"constant": 1}, "branching_ratio": 0.5,
                                       "kernel": {"powerlaw": {"c_s": 1, "theta": 1}}}})")),
      "/workloads/w/rate/hawkes/kernel/powerlaw", "did you mean \"power_law\"");
}

TEST_CASE("demand::parse: hawkes and timestamps are rejected inside curves", "[models]") {
  const json hawkes =
      json::parse(R"({"hawkes": {"background": {"constant": 1}, "branching_ratio": 0.5,
                                      "kernel": {"exponential": {"tau_s": 1}}}})");
  require_problem(load(json{{"sum", {json{{"constant", 1}}, hawkes}}}),
                  "/workloads/w/rate/sum/1/hawkes", "arrival process");
  require_problem(load(json{{"product", {hawkes}}}), "/workloads/w/rate/product/0/hawkes",
                  "arrival process");
  require_problem(
      load(json::parse(R"({"scale": {"by": 2, "curve": {"timestamps": {"path": "x"}}}})")),
      "/workloads/w/rate/scale/curve/timestamps", "arrival process");
  json nested = hawkes;
  nested["hawkes"]["background"] = hawkes;
  require_problem(load(nested), "/workloads/w/rate/hawkes/background/hawkes", "arrival process");
}

TEST_CASE("demand::parse: NaN and overflow are rejected", "[models]") {
  // JSON has no NaN; an overflowing literal parses to infinity.
  const auto inf = load_scenario_text(
      R"({"name": "d", "duration_s": 60,
          "services": {"app": {"endpoints": {"hit": {"work": {"dist": "exponential", "mean_s": 0.01}}}}},
          "workloads": {"w": {"entry": "app.hit", "rate": {"constant": 1e999}}}})",
      {});
  INFO(render(inf.problems));
  CHECK(!inf.scenario);
  require_problem(load(json::parse(R"({"scale": {"by": 1e12, "curve": {"constant": 1e12}}})")),
                  "/workloads/w/rate", "above the limit");
  require_problem(load(json::parse(R"({"product": [{"constant": 1e12}, {"constant": 1e12},
                                                   {"constant": 1e12}]})")),
                  "/workloads/w/rate", "above the limit");
  require_problem(load(json::parse(R"({"bass": {"market": 1e15, "p": 1e6, "q": 0, "start_s": 0,
                                                "time_unit_s": 1e-3}})")),
                  "/workloads/w/rate", "above the limit");
}

TEST_CASE("demand::parse: unknown keys and kinds are reported with a suggestion", "[models]") {
  require_problem(
      load(json::parse(R"({"viral": {"start_s": 0, "peek": 5, "rise_s": 1, "decay_s": 1}})")),
      "/workloads/w/rate/viral/peek", "did you mean \"peak\"");
  require_problem(load(json::parse(R"({"virall": {}})")), "/workloads/w/rate/virall",
                  "did you mean \"viral\"");
  require_problem(load(json::parse(R"({"constant": 1, "diurnal": {}})")), "/workloads/w/rate",
                  "2 keys");
  require_problem(
      load(json::parse(R"({"shock": {"at_s": 0, "jump": 1, "tau_s": 1, "exponent": 2}})")),
      "/workloads/w/rate/shock/exponent", "power_law");
  require_problem(
      load(json::parse(R"({"shock": {"at_s": 0, "jump": 1, "tau_s": 1, "decay": "power_law"}})")),
      "/workloads/w/rate/shock/exponent", "missing");
  require_problem(load(json::parse(R"({"clip": {"min": 5, "max": 2, "curve": {"constant": 1}}})")),
                  "/workloads/w/rate/clip/max", ">= min");
  require_problem(load(json::parse(R"({"clip": {"curve": {"constant": 1}}})")),
                  "/workloads/w/rate/clip", "min");
  require_problem(load(json::parse(R"({"sum": []})")), "/workloads/w/rate/sum", "non-empty");
  require_problem(load(json::parse(R"(5)")), "/workloads/w/rate", "one key");
}

class ArrivalRecorder final : public mesh::RunObserver {
 public:
  void on_request(std::uint32_t, std::uint64_t, double time_s) override {
    times_s.push_back(time_s);
  }
  std::vector<double> times_s;
};

std::vector<double> engine_arrivals(const LoadedScenario& s) {
  mesh::Simulation simulation(s.graph);
  ArrivalRecorder recorder;
  simulation.set_observer(&recorder);
  (void)simulation.run();
  return recorder.times_s;
}

TEST_CASE("demand::parse: a workload's arrivals do not change when a service does", "[models]") {
  // Common random numbers (docs/model.md, "Randomness"): the arrival stream is keyed by
  // (seed, replication, workload name) only, so resizing a service leaves the
  // arrival times alone, and they are those of the demand layer's process on
  // the engine's key.
  json doc = scenario_with_rate(
      json::parse(R"({"viral": {"start_s": 10, "peak": 50, "rise_s": 20, "decay_s": 30}})"));
  doc["duration_s"] = 60;
  const auto a = load_scenario_text(doc.dump(), {});
  doc["services"]["app"]["instances"] = 7;
  doc["services"]["app"]["workers"] = 1;
  const auto b = load_scenario_text(doc.dump(), {});
  REQUIRE(a.scenario);
  REQUIRE(b.scenario);
  REQUIRE(a.scenario->sha256 != b.scenario->sha256);
  const auto times_a = engine_arrivals(*a.scenario);
  CHECK(times_a.size() > 100);
  CHECK(times_a == engine_arrivals(*b.scenario));

  const auto& graph = a.scenario->graph;
  demand::ThinnedPoisson direct(graph.workloads[0].arrivals.rate,
                                Rng(mesh::arrival_stream_key(graph.seed, graph.replication, "w")),
                                from_seconds(graph.duration_s));
  std::vector<double> expected;
  for (SimTime t = direct.next(); t != kTimeInfinity; t = direct.next())
    expected.push_back(to_seconds(t));
  CHECK(times_a == expected);
}

}  // namespace
}  // namespace surge::scenario
