// Simulation: the native engine. Runs a model graph on the kernel's event queue
// and returns what it measured.
//
// A Simulation is an object, never a singleton: independent runs (sweep points,
// replications, tests) may run in parallel threads, each with its own.
// Deterministic: the same graph (seed and replication included) gives the same
// RunResult, wall_s aside.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "models/mesh/instance_state.hpp"
#include "models/mesh/model_graph.hpp"
#include "models/mesh/results.hpp"
#include "models/mesh/station.hpp"

namespace surge::mesh {

struct Progress {
  double simulated_s = 0.0;
  double duration_s = 0.0;
  std::uint64_t events = 0;
  double wall_s = 0.0;
};

// Sees every arrival, every visit as it is created and as it leaves: for tests of determinism
// and common random numbers, and for traces. Costs one branch per visit when absent.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void on_request(std::uint32_t /*workload*/, std::uint64_t /*index*/,
                          double /*time_s*/) {}
  // `key` identifies the call-tree position (docs/model.md, "Randomness").
  virtual void on_visit(std::uint32_t /*workload*/, std::uint64_t /*key*/,
                        EndpointRef /*endpoint*/, double /*work_s*/) {}
  // A visit leaves its service: waited `wait_s`, stayed `response_s` in all.
  virtual void on_departure(std::uint32_t /*workload*/, std::uint64_t /*key*/,
                            EndpointRef /*endpoint*/, double /*wait_s*/,
                            double /*response_s*/, Outcome /*outcome*/) {}
  // An autoscaled service's instance entered `state` (provisioning when created).
  virtual void on_instance(std::uint32_t /*service*/, std::uint32_t /*instance*/,
                           InstanceState /*state*/, double /*time_s*/) {}
};

class Simulation {
 public:
  // REQUIRES: graph validated by sim/scenario. The graph must outlive the simulation.
  explicit Simulation(const ModelGraph& graph);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // Runs to duration_s or to a limit (then status kAborted). Call once.
  // `on_progress`, when set, is called about twice a second of wall time.
  [[nodiscard]] RunResult run(const std::function<void(const Progress&)>& on_progress = {});
  // REQUIRES: before run(); the observer outlives the run.
  void set_observer(RunObserver* observer);
  // Replaces how each service's station is made (default: make_station, by kind and
  // discipline): for tests and extensions that plug in a station type of their own.
  // REQUIRES: before run().
  void set_station_factory(StationFactory factory);

 private:
  class Engine;
  std::unique_ptr<Engine> engine_;
};

}  // namespace surge::mesh
