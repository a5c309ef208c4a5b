// The call graph check: synchronous calls between endpoints must not form a
// cycle. A cycle would make a visit wait on a visit of itself (or on a chain back
// to itself), holding a worker at every step: the model would never finish a
// request, and the layered-queueing reading of the mesh would be meaningless.
// The check is structural: a call with probability 0 still counts.
#pragma once

#include <cstdint>
#include <vector>

#include "models/mesh/model_graph.hpp"
#include "sim/scenario/parse_services.hpp"
#include "sim/scenario/problems.hpp"

namespace surge::scenario {

// The most visits one visit may make down its call tree, itself included (counts
// multiply along it; probabilities are taken as 1). Zero-work calls run within one
// instant, so an unbounded tree would be unbounded work with no event between:
// a hang no event limit could stop.
inline constexpr std::uint64_t kMaxVisitsPerVisit = 1'000'000;

// Reports each cycle as "call cycle: a.x -> b.y -> a.x" at the pointer of the
// call that closes it; when there is none, each endpoint whose call tree exceeds
// kMaxVisitsPerVisit while its callees' trees do not, at its `calls`. Follows the
// calls `targets` resolved (resolve_calls) and skips the others. Iterative: any
// depth is safe.
void check_call_graph(const std::vector<mesh::ServiceSpec>& services, const CallTargets& targets,
                      Problems& problems);

}  // namespace surge::scenario
