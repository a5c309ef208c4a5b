// Parses the scenario's `services` object into ServiceSpecs (sorted by name, as
// nlohmann iterates objects), checking names, kinds, capacities and every
// endpoint's work and calls. References between endpoints (`calls[].to`) are
// collected as text and resolved afterwards by resolve_calls(), once every
// service and endpoint is known.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "models/mesh/model_graph.hpp"
#include "sim/scenario/endpoint_index.hpp"
#include "sim/scenario/problems.hpp"

namespace surge::scenario {

// Most instances of one service; each instance carries its own state.
inline constexpr std::uint64_t kMaxInstances = 1'000'000;
// Most copies of one call (`count`): each is its own visit.
inline constexpr std::uint64_t kMaxCallCount = 1'000'000;
// Calls of one endpoint (the engine indexes them in 16 bits; a real handler makes a
// handful).
inline constexpr std::size_t kMaxCallsPerEndpoint = 1000;
// Most workers, waiting places or cores per instance (kUnlimited is "unlimited").
inline constexpr std::uint64_t kMaxPerInstance = mesh::kUnlimited - 1;

struct ParsedServices {
  std::vector<mesh::ServiceSpec> services;
  // Services whose endpoints could not be read (a problem was reported).
  std::set<std::string> opaque;
  // Per service (same order): the most instances it can have (the file's count, or
  // its autoscale max: the bound of a crash fault's `instances`), or nullopt
  // when the service, its kind or its instances could not be read (reported).
  std::vector<std::optional<std::uint32_t>> instances;
};

// The resolved target of every call, indexed [service][endpoint][call] like the
// services; nullopt where the reference did not resolve (reported, or into an
// opaque service).
using CallTargets = std::vector<std::vector<std::vector<std::optional<mesh::EndpointRef>>>>;

// `value` is the `services` value at `pointer` ("/services").
[[nodiscard]] ParsedServices parse_services(const nlohmann::json& value, const std::string& pointer,
                                            Problems& problems);

// Resolves every call's to_name into `to`, reporting those that do not resolve
// (unless into an opaque service), and returns what resolved.
CallTargets resolve_calls(std::vector<mesh::ServiceSpec>& services, const EndpointIndex& index,
                          Problems& problems);

// Resolves the workload names of every service's `bulkheads` (reporting unknown
// ones, with a suggestion) and refuses reserving every worker while some workload
// has no reservation. After the workloads are parsed.
void resolve_bulkheads(std::vector<mesh::ServiceSpec>& services,
                       const std::vector<mesh::WorkloadSpec>& workloads, Problems& problems);

// JSON pointer of a call of the model graph, for messages.
[[nodiscard]] std::string call_pointer(const mesh::ServiceSpec& service,
                                       const mesh::EndpointSpec& endpoint, std::size_t call);

}  // namespace surge::scenario
