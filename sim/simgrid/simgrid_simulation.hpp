// SimgridSimulation: the second engine. Runs a model graph as SimGrid S4U actors
// (docs/simgrid.md) and returns the same RunResult as the native Simulation
// (models/mesh/simulation.hpp), through the same ResultsCollector and with the same
// RunObserver notifications, so the report writer and the time series apply as they
// are. The same request gets the same draws as in the native engine (the keys of
// models/mesh/random_keys.hpp), so on what both cover the two engines agree request
// by request.
#pragma once

#include <functional>
#include <memory>

#include "models/mesh/model_graph.hpp"
#include "models/mesh/results.hpp"
#include "models/mesh/simulation.hpp"

namespace surge::simgrid {

class SimgridSimulation {
 public:
  // REQUIRES: graph validated by sim/scenario and unsupported_features(graph) empty
  // (coverage.hpp). The graph must outlive the simulation.
  explicit SimgridSimulation(const mesh::ModelGraph& graph);
  ~SimgridSimulation();
  SimgridSimulation(const SimgridSimulation&) = delete;
  SimgridSimulation& operator=(const SimgridSimulation&) = delete;

  // REQUIRES: before run(); the observer outlives the run.
  void set_observer(mesh::RunObserver* observer);
  // Runs to duration_s (or to limits.max_in_flight). Call once, and once per process:
  // SimGrid's engine is a process-wide singleton that cannot be made twice.
  // `on_progress`, when set, is called about twice a second of wall time.
  [[nodiscard]] mesh::RunResult run(
      const std::function<void(const mesh::Progress&)>& on_progress = {});

 private:
  class Engine;
  std::unique_ptr<Engine> engine_;
};

}  // namespace surge::simgrid
