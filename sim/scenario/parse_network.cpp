#include "sim/scenario/parse_network.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

#include "models/mesh/network_routes.hpp"
#include "sim/kernel/time.hpp"
#include "sim/scenario/did_you_mean.hpp"
#include "sim/scenario/object_reader.hpp"
#include "sim/scenario/parse_distribution.hpp"

namespace surge::scenario {
namespace {

using nlohmann::json;

const Range kLatency{0.0, kMaxSeconds};
const Range kBandwidth{0.0, kMaxBandwidthBps, true};

// latency_s (default 0) and bandwidth_bps (default unlimited) of a zone or a link.
void parse_link_figures(ObjectReader& reader, double& latency_s, double& bandwidth_bps) {
  latency_s = reader.number("latency_s", 0.0, kLatency);
  bandwidth_bps = reader.number("bandwidth_bps", mesh::kUnlimitedBandwidth, kBandwidth);
}

std::vector<std::string> service_names(const std::vector<mesh::ServiceSpec>& services) {
  std::vector<std::string> names;
  for (const mesh::ServiceSpec& s : services) names.push_back(s.name);
  return names;
}

// The index of `name` in a sorted list of names, if there.
std::optional<std::uint32_t> find_sorted(const std::vector<std::string>& names,
                                         const std::string& name) {
  const auto it = std::lower_bound(names.begin(), names.end(), name);
  if (it == names.end() || *it != name) return std::nullopt;
  return static_cast<std::uint32_t>(it - names.begin());
}

// One zone's `services`: names resolved to indices; a service listed by an earlier
// zone (or twice here) is reported.
void parse_zone_services(mesh::ZoneSpec& zone, std::uint32_t zone_index, ObjectReader& reader,
                         const std::vector<std::string>& services, mesh::NetworkSpec& network) {
  const json* list = reader.require("services");
  if (list == nullptr) return;
  const std::string pointer = reader.child("services");
  Problems& problems = reader.problems();
  if (!list->is_array()) {
    problems.add(pointer, fmt::format("expected a list of service names such as [\"auth\", "
                                      "\"db\"], got {}",
                                      describe(*list)));
    return;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string at = child_pointer(pointer, std::to_string(i));
    const json& item = (*list)[i];
    if (!item.is_string()) {
      problems.add(at, fmt::format("expected a service name, got {}", describe(item)));
      continue;
    }
    const std::string name = item.get<std::string>();
    const auto s = find_sorted(services, name);
    if (!s) {
      problems.add(at, fmt::format("unknown service \"{}\"{}", name, did_you_mean(name, services)));
      continue;
    }
    std::uint32_t& owner = network.zone_of_service[*s];
    if (owner == zone_index) {
      problems.add(at, fmt::format("service \"{}\" is listed twice in this zone", name));
      continue;
    }
    if (owner != mesh::kNoZone) {
      problems.add(at, fmt::format("service \"{}\" is already in zone \"{}\": a service's "
                                   "instances are all in one zone; list it once",
                                   name, network.zones[owner].name));
      continue;
    }
    owner = zone_index;
    zone.services.push_back(*s);
  }
  std::sort(zone.services.begin(), zone.services.end());
}

void parse_zones(mesh::NetworkSpec& network, const json& value, const std::string& pointer,
                 const std::vector<std::string>& services, Problems& problems) {
  if (!value.is_object() || value.empty()) {
    problems.add(pointer, fmt::format("expected an object of zones (at least one, e.g. "
                                      "{{\"us-east\": {{\"services\": [\"auth\"], "
                                      "\"latency_s\": 0.0005}}}}), got {}",
                                      describe(value)));
    return;
  }
  // Named first, so that a service listed twice can name the earlier zone.
  for (const auto& item : value.items()) {
    mesh::ZoneSpec zone;
    zone.name = item.key();
    network.zones.push_back(std::move(zone));
  }
  std::uint32_t index = 0;
  for (const auto& item : value.items()) {
    const std::string at = child_pointer(pointer, item.key());
    check_name(item.key(), at, "zone", problems);
    mesh::ZoneSpec& zone = network.zones[index];
    ObjectReader reader(item.value(), at, problems);
    if (reader.valid()) {
      parse_zone_services(zone, index, reader, services, network);
      parse_link_figures(reader, zone.latency_s, zone.bandwidth_bps);
      reader.finish();
    }
    ++index;
  }
}

// `between` of a link: two different zones, joined by no earlier link.
void parse_between(mesh::LinkSpec& link, ObjectReader& reader,
                   const std::vector<std::string>& zones, bool& ok) {
  ok = false;
  const json* between = reader.require("between");
  if (between == nullptr) return;
  const std::string pointer = reader.child("between");
  Problems& problems = reader.problems();
  if (!between->is_array() || between->size() != 2) {
    problems.add(pointer, fmt::format("expected the two zones the link joins, such as "
                                      "[\"us-east\", \"eu-west\"], got {}",
                                      describe(*between)));
    return;
  }
  std::uint32_t ends[2] = {0, 0};
  bool resolved = true;
  for (std::size_t i = 0; i < 2; ++i) {
    const std::string at = child_pointer(pointer, std::to_string(i));
    const json& item = (*between)[i];
    const auto z = item.is_string() ? find_sorted(zones, item.get<std::string>()) : std::nullopt;
    if (!z) {
      problems.add(at, item.is_string()
                           ? fmt::format("unknown zone \"{}\"{}", item.get<std::string>(),
                                         did_you_mean(item.get<std::string>(), zones))
                           : fmt::format("expected a zone name, got {}", describe(item)));
      resolved = false;
      continue;
    }
    ends[i] = *z;
  }
  if (!resolved) return;
  if (ends[0] == ends[1]) {
    problems.add(pointer, fmt::format("a link joins two different zones, got \"{}\" twice: "
                                      "messages inside a zone use the zone's own latency_s "
                                      "and bandwidth_bps",
                                      zones[ends[0]]));
    return;
  }
  link.zone_a = ends[0];
  link.zone_b = ends[1];
  ok = true;
}

void parse_links(mesh::NetworkSpec& network, const json& value, const std::string& pointer,
                 Problems& problems) {
  if (!value.is_array()) {
    problems.add(pointer, fmt::format("expected a list of links such as [{{\"between\": "
                                      "[\"us-east\", \"eu-west\"], \"latency_s\": 0.04}}], got {}",
                                      describe(value)));
    return;
  }
  std::vector<std::string> zones;
  for (const mesh::ZoneSpec& z : network.zones) zones.push_back(z.name);
  // Which earlier link joins each unordered pair of zones.
  std::vector<std::pair<std::pair<std::uint32_t, std::uint32_t>, std::size_t>> joined;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string at = child_pointer(pointer, std::to_string(i));
    ObjectReader reader(value[i], at, problems);
    if (!reader.valid()) continue;
    mesh::LinkSpec link;
    bool ok = false;
    parse_between(link, reader, zones, ok);
    parse_link_figures(reader, link.latency_s, link.bandwidth_bps);
    reader.finish();
    if (!ok) continue;
    const std::pair<std::uint32_t, std::uint32_t> key{std::min(link.zone_a, link.zone_b),
                                                     std::max(link.zone_a, link.zone_b)};
    const auto earlier = std::find_if(joined.begin(), joined.end(),
                                      [&](const auto& j) { return j.first == key; });
    if (earlier != joined.end()) {
      problems.add(reader.child("between"),
                   fmt::format("zones \"{}\" and \"{}\" are already joined by {}: one link "
                               "per pair of zones (each direction is its own link already)",
                               zones[key.first], zones[key.second],
                               child_pointer(pointer, std::to_string(earlier->second))));
      continue;
    }
    joined.emplace_back(key, i);
    network.links.push_back(link);
  }
}

std::string bytes_pointer(const mesh::ServiceSpec& service, const mesh::EndpointSpec& endpoint,
                          std::size_t call, const char* key) {
  return child_pointer(call_pointer(service, endpoint, call), key);
}

}  // namespace

mesh::NetworkSpec parse_network(const json& value, const std::string& pointer,
                                const std::vector<mesh::ServiceSpec>& services,
                                Problems& problems) {
  mesh::NetworkSpec network;
  ObjectReader reader(value, pointer, problems);
  if (!reader.valid()) return network;
  network.zone_of_service.assign(services.size(), mesh::kNoZone);
  if (const json* zones = reader.require("zones")) {
    parse_zones(network, *zones, reader.child("zones"), service_names(services), problems);
  }
  // Links name zones: without any (reported), each would only add an unknown zone.
  if (const json* links = reader.get("links"); links != nullptr && !network.zones.empty()) {
    parse_links(network, *links, reader.child("links"), problems);
  }
  reader.finish();
  if (network.zones.empty()) network.zone_of_service.clear();
  return network;
}

std::optional<Distribution> parse_message_bytes(const json& value, const std::string& pointer,
                                                Problems& problems) {
  if (value.is_number()) {
    const auto bytes = check_number(value, pointer, Range{0.0, kMaxMessageBytes}, problems);
    if (!bytes) return std::nullopt;
    return Distribution::deterministic(*bytes);
  }
  if (!value.is_object()) {
    problems.add(pointer, fmt::format("expected a number of bytes >= 0 or a count distribution "
                                      "such as {{\"dist\": \"lognormal\", \"mean\": 2048, "
                                      "\"cv\": 1}}, got {}",
                                      describe(value)));
    return std::nullopt;
  }
  return parse_distribution(value, pointer, Quantity::kCount, problems);
}

void check_call_routes(const mesh::ModelGraph& graph, const CallTargets& targets,
                       Problems& problems) {
  if (!graph.network.present()) return;
  const mesh::NetworkRoutes routes(graph.network);
  for (std::uint32_t s = 0; s < graph.services.size(); ++s) {
    const mesh::ServiceSpec& service = graph.services[s];
    for (std::size_t e = 0; e < service.endpoints.size(); ++e) {
      const mesh::EndpointSpec& endpoint = service.endpoints[e];
      for (std::size_t c = 0; c < endpoint.calls.size(); ++c) {
        if (s >= targets.size() || e >= targets[s].size() || c >= targets[s][e].size() ||
            !targets[s][e][c]) {
          continue;
        }
        const std::uint32_t to = targets[s][e][c]->service;
        if (routes.reachable(s, to)) continue;
        const auto& zones = graph.network.zones;
        problems.add(call_pointer(service, endpoint, c),
                     fmt::format("no route from zone \"{}\" ({}) to zone \"{}\" ({}): add a link "
                                 "between them, or between zones that join them, in "
                                 "/network/links",
                                 zones[graph.network.zone_of_service[s]].name, service.name,
                                 zones[graph.network.zone_of_service[to]].name,
                                 graph.services[to].name));
      }
    }
  }
}

void check_native_network(const mesh::ModelGraph& graph, Problems& problems) {
  if (!graph.network.present()) return;
  const mesh::NetworkRoutes routes(graph.network);
  for (std::uint32_t s = 0; s < graph.services.size(); ++s) {
    const mesh::ServiceSpec& service = graph.services[s];
    for (const mesh::EndpointSpec& endpoint : service.endpoints) {
      for (std::size_t c = 0; c < endpoint.calls.size(); ++c) {
        const mesh::CallSpec& call = endpoint.calls[c];
        const double bandwidth = routes.route_bandwidth_bps(s, call.to.service);
        if (bandwidth == mesh::kUnlimitedBandwidth) continue;
        for (const auto& [key, bytes] : {std::pair{"request_bytes", &call.request_bytes},
                                         std::pair{"response_bytes", &call.response_bytes}}) {
          if (bytes->mean() <= 0.0) continue;
          problems.add(bytes_pointer(service, endpoint, c, key),
                       fmt::format("the native engine applies latencies but does not transfer "
                                   "bytes, and the route from {} to {} has a finite "
                                   "bandwidth_bps ({} bytes/s): run with `--engine simgrid`, or "
                                   "drop the bytes or the bandwidth",
                                   service.name, call.to_name, bandwidth));
        }
      }
    }
  }
}

}  // namespace surge::scenario
