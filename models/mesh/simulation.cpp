#include "models/mesh/simulation.hpp"

#include "models/mesh/engine.hpp"

namespace surge::mesh {

Simulation::Simulation(const ModelGraph& graph) : engine_(std::make_unique<Engine>(graph)) {}
Simulation::~Simulation() = default;

void Simulation::set_observer(RunObserver* observer) { engine_->set_observer(observer); }

void Simulation::set_station_factory(StationFactory factory) {
  engine_->set_station_factory(std::move(factory));
}

RunResult Simulation::run(const std::function<void(const Progress&)>& on_progress) {
  return engine_->run(on_progress);
}

}  // namespace surge::mesh
