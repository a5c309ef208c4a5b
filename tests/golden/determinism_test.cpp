// Determinism and common random numbers (docs/model.md, "Randomness").
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "models/mesh/simulation.hpp"
#include "sim/scenario/run.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace {

using surge::scenario::LoadOptions;
using surge::scenario::LoadedScenario;

LoadedScenario load(const std::string& relative, std::vector<std::string> overrides = {}) {
  LoadOptions options;
  options.overrides = std::move(overrides);
  auto result = surge::scenario::load_scenario_file(std::string(SURGE_SOURCE_DIR) + "/" + relative,
                                                    options);
  INFO((result.problems.empty() ? "" : result.problems.list().front().where + ": " +
                                           result.problems.list().front().reason));
  REQUIRE(result.problems.empty());
  return std::move(*result.scenario);
}

nlohmann::json without_host_fields(nlohmann::json report) {
  report["run"].erase("wall_s");
  report["run"].erase("events_per_s");
  return report;
}

// Records what the simulation drew: arrival times and each visit's work by identity.
class Recorder final : public surge::mesh::RunObserver {
 public:
  void on_request(std::uint32_t workload, std::uint64_t index, double time_s) override {
    arrivals[{workload, index}] = time_s;
  }
  void on_visit(std::uint32_t workload, std::uint64_t key, surge::mesh::EndpointRef endpoint,
                double work_s) override {
    work[{workload, key}] = {endpoint.service, endpoint.endpoint, work_s};
  }
  std::map<std::pair<std::uint32_t, std::uint64_t>, double> arrivals;
  std::map<std::pair<std::uint32_t, std::uint64_t>, std::tuple<std::uint32_t, std::uint32_t, double>>
      work;
};

Recorder record(const LoadedScenario& scenario) {
  Recorder recorder;
  surge::mesh::Simulation simulation(scenario.graph);
  simulation.set_observer(&recorder);
  (void)simulation.run();
  return recorder;
}

}  // namespace

TEST_CASE("golden::determinism: two runs give the same report but host timings", "[golden]") {
  const LoadedScenario scenario = load("configs/quickstart.json", {"/duration_s=120"});
  const auto first = without_host_fields(surge::scenario::run_to_report(scenario));
  const auto second = without_host_fields(surge::scenario::run_to_report(scenario));
  CHECK(first.dump() == second.dump());
  CHECK(first["run"]["events"].get<std::uint64_t>() > 100000);
}

TEST_CASE("golden::determinism: another seed or replication gives another run", "[golden]") {
  const auto base = without_host_fields(
      surge::scenario::run_to_report(load("configs/quickstart.json", {"/duration_s=60", "/warmup_s=10"})));
  const auto reseeded = without_host_fields(surge::scenario::run_to_report(
      load("configs/quickstart.json", {"/duration_s=60", "/warmup_s=10", "/seed=43"})));
  CHECK(base["workloads"].dump() != reseeded["workloads"].dump());
}

TEST_CASE("golden::crn: changing a service's instances leaves arrivals and drawn work unchanged",
          "[golden]") {
  // Fewer auth instances: the variant rejects and times out more, so it creates a
  // different set of visits; every visit both runs create must carry the same work.
  const Recorder base = record(load("configs/quickstart.json", {"/duration_s=60", "/warmup_s=10"}));
  const Recorder variant = record(
      load("configs/quickstart.json", {"/duration_s=60", "/warmup_s=10", "/services/auth/instances=1"}));
  CHECK(base.arrivals == variant.arrivals);
  REQUIRE(base.arrivals.size() > 10000);
  std::size_t shared = 0;
  for (const auto& [identity, drawn] : base.work) {
    const auto it = variant.work.find(identity);
    if (it == variant.work.end()) continue;
    ++shared;
    REQUIRE(it->second == drawn);
  }
  // Every entry visit exists in both runs, so at least one visit per request is shared.
  CHECK(shared >= base.arrivals.size());
}
