// The call graph check: synchronous calls between endpoints must not form a
// cycle. A cycle would make a visit wait on a visit of itself (or on a chain back
// to itself), holding a worker at every step: the model would never finish a
// request, and the layered-queueing reading of the mesh would be meaningless.
// The check is structural: a call with probability 0 still counts.
#pragma once

#include <vector>

#include "models/mesh/model_graph.hpp"
#include "sim/scenario/parse_services.hpp"
#include "sim/scenario/problems.hpp"

namespace surge::scenario {

// Reports each cycle as "call cycle: a.x -> b.y -> a.x" at the pointer of the
// call that closes it. Follows the calls `targets` resolved (resolve_calls) and
// skips the others. Iterative: any depth is safe.
void check_call_cycles(const std::vector<mesh::ServiceSpec>& services, const CallTargets& targets,
                       Problems& problems);

}  // namespace surge::scenario
