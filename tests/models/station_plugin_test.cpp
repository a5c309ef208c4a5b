// A station kind written here, outside the engine, plugs in through the
// StationFactory: the engine's visit life cycle (admission, work, calls, departure,
// statistics) drives it unchanged. The toy is an infinite server that doubles every
// visit's work, so every figure below follows by hand.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "models/mesh/simulation.hpp"
#include "models/mesh/station.hpp"
#include "sim/scenario/report_writer.hpp"
#include "tests/validation/queueing_harness.hpp"

namespace surge::mesh {
namespace {

using nlohmann::json;

class DoublingInfiniteServer final : public Station {
 public:
  explicit DoublingInfiniteServer(std::uint32_t instances) : held_(instances, 0) {}
  AdmitResult admit(Handle, const Visit&, std::uint32_t instance) override {
    ++held_[instance];
    ++admitted;
    return {Admission::kStarted, Outcome::kOk};
  }
  SimTime begin_work(Handle, const Visit& v) override { return 2 * v.work; }
  std::optional<Handle> release(std::uint32_t instance, std::uint32_t) override {
    --held_[instance];
    return std::nullopt;
  }
  std::vector<Handle> crash(std::uint32_t instance) override {
    held_[instance] = 0;
    return {};
  }
  [[nodiscard]] std::size_t outstanding(std::uint32_t instance) const override {
    return held_[instance];
  }
  std::uint64_t admitted = 0;

 private:
  std::vector<std::uint32_t> held_;
};

// "front" (1 worker, 0.25 s) calls "toy" (0.5 s of work, doubled to 1 s). Arrivals
// every 2 s from t = 2, so nothing ever waits: each user request takes 0.25 + 1.
json toy_scenario() {
  using validation::deterministic;
  using validation::station;
  json front = station(1, deterministic(0.25));
  front["endpoints"]["e"]["calls"] = json::array({{{"to", "toy.e"}}});
  json doc = validation::scenario("toy", 22.0, 0.0,
                                  {{"front", front}, {"toy", station(1, deterministic(0.5))}},
                                  "front.e", 0.5);
  doc["workloads"]["w"]["arrivals"] = "deterministic";
  return doc;
}

TEST_CASE("models::station: a toy station kind plugs in without engine changes", "[models]") {
  const auto loaded = scenario::load_scenario_text(toy_scenario().dump(), {});
  REQUIRE(loaded.problems.empty());

  DoublingInfiniteServer* toy = nullptr;
  Simulation simulation(loaded.scenario->graph);
  simulation.set_station_factory(
      [&toy](const ServiceSpec& spec, StationHost& host, std::uint32_t service) {
        if (spec.name != "toy") return make_station(spec, host, service);
        auto station = std::make_unique<DoublingInfiniteServer>(spec.instances);
        toy = station.get();
        return std::unique_ptr<Station>(std::move(station));
      });
  const json report = scenario::make_report(*loaded.scenario, simulation.run());

  REQUIRE(toy != nullptr);
  // Arrivals at 2, 4, ..., 20: ten requests, each done 1.25 s later, before 22.
  CHECK(toy->admitted == 10);
  const json& w = report.at("workloads").at("w");
  CHECK(w.at("offered") == 10);
  CHECK(w.at("succeeded") == 10);
  CHECK(w.at("latency_s").at("mean").get<double>() == Approx(1.25).epsilon(1e-12));
  const json& toy_report = report.at("services").at("toy");
  CHECK(toy_report.at("completed") == 10);
  CHECK(toy_report.at("response_s").at("mean").get<double>() == Approx(1.0).epsilon(1e-12));
  // Its worker (the statistics are the engine's, not the station's) is busy 1 s of
  // every 2 after t = 2.25: ten seconds over a 22 s run.
  CHECK(toy_report.at("busy_workers").at("mean").get<double>() == Approx(10.0 / 22.0));
}

}  // namespace
}  // namespace surge::mesh
