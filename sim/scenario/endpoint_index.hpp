// EndpointIndex: resolves "service.endpoint" strings to EndpointRef indices of
// the model graph (services and endpoints in sorted name order), and service
// names to service indices, with a "did you mean" when a name is close to an
// existing one.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "models/mesh/model_graph.hpp"
#include "sim/scenario/problems.hpp"

namespace surge::scenario {

class EndpointIndex {
 public:
  // An index for a scenario whose services could not be read (already
  // reported): resolve() then checks only that a reference is a string.
  EndpointIndex() = default;
  // `opaque`: services whose endpoints could not be read (already reported);
  // references into them are neither resolved nor reported again.
  EndpointIndex(const std::vector<mesh::ServiceSpec>& services,
                const std::set<std::string>& opaque);

  // Resolves `value` (found at `pointer`), reporting a problem when it is not a
  // "service.endpoint" string naming an existing endpoint.
  std::optional<mesh::EndpointRef> resolve(const nlohmann::json& value, const std::string& pointer,
                                           Problems& problems) const;

  // Resolves a service name (found at `pointer`) to its index, reporting a
  // problem ("no service", with a "did you mean") when no service has it.
  // Without known services, returns nullopt and reports nothing.
  std::optional<std::uint32_t> resolve_service(std::string_view name, const std::string& pointer,
                                               Problems& problems) const;

 private:
  struct ServiceEntry {
    std::uint32_t index;
    std::map<std::string, std::uint32_t, std::less<>> endpoints;
  };
  // The entry of `name`, or nullptr after reporting it unknown.
  const ServiceEntry* find_service(std::string_view name, const std::string& pointer,
                                   Problems& problems) const;
  std::map<std::string, ServiceEntry, std::less<>> services_;
  std::set<std::string, std::less<>> opaque_;
  bool known_ = false;  // false: the services are unknown
};

}  // namespace surge::scenario
