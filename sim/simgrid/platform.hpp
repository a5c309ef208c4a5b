// The SimGrid platform of a model graph (docs/simgrid.md, "Mapping"): a host per
// service instance, with one core per worker and a speed of one flop per nanosecond,
// so a visit's work of w ns is an execution of w flops that takes exactly w ns; and
// one control host where clients, arrival processes and faults run.
#pragma once

#include <vector>

#include "models/mesh/model_graph.hpp"

namespace simgrid::s4u {
class Host;
}

namespace surge::simgrid {

inline constexpr double kFlopsPerSecond = 1e9;  // one flop per nanosecond of work
// An unlimited worker pool's host: never fewer cores than visits at once in practice.
inline constexpr int kUnlimitedCores = 1 << 30;

struct Platform {
  ::simgrid::s4u::Host* control = nullptr;
  std::vector<std::vector<::simgrid::s4u::Host*>> hosts;  // [service][instance]
};

// Sets SimGrid's models and precisions. REQUIRES: the s4u::Engine exists, before the
// platform is built.
void configure_models();

// REQUIRES: the s4u::Engine exists and has no platform yet.
[[nodiscard]] Platform build_platform(const mesh::ModelGraph& graph);

}  // namespace surge::simgrid
