#include "sim/scenario/endpoint_index.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "sim/scenario/object_reader.hpp"

namespace surge::scenario {
namespace {

template <typename Map>
std::vector<std::string> keys_of(const Map& map) {
  std::vector<std::string> keys;
  keys.reserve(map.size());
  for (const auto& [key, value] : map) keys.push_back(key);
  return keys;
}

}  // namespace

EndpointIndex::EndpointIndex(const std::vector<mesh::ServiceSpec>& services,
                             const std::set<std::string>& opaque)
    : opaque_(opaque.begin(), opaque.end()), known_(true) {
  for (std::size_t s = 0; s < services.size(); ++s) {
    ServiceEntry entry{static_cast<std::uint32_t>(s), {}};
    const auto& endpoints = services[s].endpoints;
    for (std::size_t e = 0; e < endpoints.size(); ++e) {
      entry.endpoints.emplace(endpoints[e].name, static_cast<std::uint32_t>(e));
    }
    services_.emplace(services[s].name, std::move(entry));
  }
}

std::optional<mesh::EndpointRef> EndpointIndex::resolve(const nlohmann::json& value,
                                                        const std::string& pointer,
                                                        Problems& problems) const {
  if (!value.is_string()) {
    problems.add(pointer, fmt::format("expected \"service.endpoint\", got {}", describe(value)));
    return std::nullopt;
  }
  const std::string text = value.get<std::string>();
  const std::size_t dot = text.find('.');
  if (dot == std::string::npos) {
    problems.add(pointer, fmt::format("expected \"service.endpoint\", got \"{}\"", text));
    return std::nullopt;
  }
  const std::string_view service = std::string_view(text).substr(0, dot);
  const std::string_view endpoint = std::string_view(text).substr(dot + 1);
  if (!known_ || opaque_.count(service) != 0) return std::nullopt;
  const ServiceEntry* s = find_service(service, pointer, problems);
  if (!s) return std::nullopt;
  const auto e = s->endpoints.find(endpoint);
  if (e == s->endpoints.end()) {
    problems.add_lazily(pointer, [&] {
      return fmt::format(
          "service \"{}\" has no endpoint {}{}", service,
          describe(nlohmann::json(std::string(endpoint))),
          did_you_mean(endpoint, keys_of(s->endpoints), fmt::format("{}.", service)));
    });
    return std::nullopt;
  }
  return mesh::EndpointRef{s->index, e->second};
}

std::optional<std::uint32_t> EndpointIndex::resolve_service(std::string_view name,
                                                            const std::string& pointer,
                                                            Problems& problems) const {
  if (!known_) return std::nullopt;
  const ServiceEntry* s = find_service(name, pointer, problems);
  if (!s) return std::nullopt;
  return s->index;
}

const EndpointIndex::ServiceEntry* EndpointIndex::find_service(std::string_view name,
                                                               const std::string& pointer,
                                                               Problems& problems) const {
  const auto s = services_.find(name);
  if (s == services_.end()) {
    problems.add_lazily(pointer, [&] {
      return fmt::format("no service {}{}", describe(nlohmann::json(std::string(name))),
                         did_you_mean(name, keys_of(services_)));
    });
    return nullptr;
  }
  return &s->second;
}

}  // namespace surge::scenario
