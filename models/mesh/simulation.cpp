#include "models/mesh/simulation.hpp"

#include <fmt/format.h>

#include "models/mesh/engine.hpp"

namespace surge::mesh {

std::vector<Limitation> engine_limitations(const ModelGraph& graph) {
  std::vector<Limitation> out;
  for (const ServiceSpec& s : graph.services) {
    if (s.discipline == Discipline::kPs)
      out.push_back({fmt::format("/services/{}/discipline", s.name),
                     "\"ps\" (processor sharing) is not supported yet by this version of surge"});
  }
  return out;
}

Simulation::Simulation(const ModelGraph& graph) : engine_(std::make_unique<Engine>(graph)) {}
Simulation::~Simulation() = default;

void Simulation::set_observer(RunObserver* observer) { engine_->set_observer(observer); }

RunResult Simulation::run(const std::function<void(const Progress&)>& on_progress) {
  return engine_->run(on_progress);
}

}  // namespace surge::mesh
