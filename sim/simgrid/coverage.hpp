// What the SimGrid engine covers (docs/simgrid.md, "Covered and refused"): a
// validated model graph using anything else is refused before the run, each
// feature at its JSON pointer, never silently ignored.
#pragma once

#include <string>
#include <vector>

#include "models/mesh/model_graph.hpp"

namespace surge::simgrid {

struct Refusal {
  std::string pointer;  // JSON pointer of the feature in the scenario
  std::string message;  // names the feature and `--engine simgrid`
};

// Every feature of `graph` the SimGrid engine does not run, in the scenario's order
// (services, workloads, faults, network, limits); empty when it runs them all.
[[nodiscard]] std::vector<Refusal> unsupported_features(const mesh::ModelGraph& graph);

}  // namespace surge::simgrid
