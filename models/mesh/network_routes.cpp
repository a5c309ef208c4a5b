#include "models/mesh/network_routes.hpp"

#include <algorithm>
#include <optional>

#include "sim/kernel/assert.hpp"

namespace surge::mesh {
namespace {

// The best known way to reach a zone: compared by total latency, then hops, then the
// sequence of zones visited (a total, deterministic order).
struct Label {
  double latency_s = 0.0;
  std::vector<std::uint32_t> zones;  // from the source, inclusive
  std::vector<RouteHop> hops;
  [[nodiscard]] bool better_than(const Label& other) const {
    if (latency_s != other.latency_s) return latency_s < other.latency_s;
    if (zones.size() != other.zones.size()) return zones.size() < other.zones.size();
    return zones < other.zones;
  }
};

// Dijkstra from `source` over the links, with Label's order: appending the same link
// to two labels keeps their order, so settled labels are final.
std::vector<std::optional<Label>> routes_from(const NetworkSpec& network, std::uint32_t source) {
  const auto zones = static_cast<std::uint32_t>(network.zones.size());
  std::vector<std::optional<Label>> best(zones);
  std::vector<bool> settled(zones, false);
  best[source] = Label{0.0, {source}, {}};
  for (;;) {
    std::optional<std::uint32_t> next;
    for (std::uint32_t z = 0; z < zones; ++z) {
      if (settled[z] || !best[z]) continue;
      if (!next || best[z]->better_than(*best[*next])) next = z;
    }
    if (!next) break;
    settled[*next] = true;
    const Label& here = *best[*next];
    for (std::uint32_t i = 0; i < network.links.size(); ++i) {
      const LinkSpec& link = network.links[i];
      const bool forward = link.zone_a == *next;
      if (!forward && link.zone_b != *next) continue;
      const std::uint32_t to = forward ? link.zone_b : link.zone_a;
      if (settled[to]) continue;
      Label candidate = here;
      candidate.latency_s += link.latency_s;
      candidate.zones.push_back(to);
      candidate.hops.push_back(
          RouteHop{RouteHop::Kind::kLink, i, !forward, link.latency_s, link.bandwidth_bps});
      if (!best[to] || candidate.better_than(*best[to])) best[to] = std::move(candidate);
    }
  }
  return best;
}

}  // namespace

NetworkRoutes::NetworkRoutes(const NetworkSpec& network)
    : zones_(static_cast<std::uint32_t>(network.zones.size())),
      zone_of_service_(network.zone_of_service) {
  for (const ZoneSpec& z : network.zones) {
    zone_latency_s_.push_back(z.latency_s);
    zone_bandwidth_bps_.push_back(z.bandwidth_bps);
  }
  const std::size_t pairs = static_cast<std::size_t>(zones_) * zones_;
  routes_.resize(pairs);
  joined_.assign(pairs, false);
  path_latency_s_.assign(pairs, 0.0);
  for (std::uint32_t from = 0; from < zones_; ++from) {
    const auto best = routes_from(network, from);
    for (std::uint32_t to = from; to < zones_; ++to) {
      if (!best[to]) continue;
      // The reverse direction is this route backwards, so both ways agree exactly.
      std::vector<RouteHop> back(best[to]->hops.rbegin(), best[to]->hops.rend());
      for (RouteHop& hop : back) hop.reverse = !hop.reverse;
      for (const std::size_t p : {pair(from, to), pair(to, from)}) {
        joined_[p] = true;
        path_latency_s_[p] = best[to]->latency_s;
      }
      routes_[pair(from, to)] = best[to]->hops;
      routes_[pair(to, from)] = std::move(back);
    }
  }
}

const std::vector<RouteHop>* NetworkRoutes::zone_route(std::uint32_t from,
                                                       std::uint32_t to) const {
  SURGE_ASSERT(from < zones_ && to < zones_);
  return joined_[pair(from, to)] ? &routes_[pair(from, to)] : nullptr;
}

bool NetworkRoutes::reachable(std::uint32_t from_service, std::uint32_t to_service) const {
  const std::uint32_t a = zone_of(from_service), b = zone_of(to_service);
  return a == kNoZone || b == kNoZone || joined_[pair(a, b)];
}

std::vector<RouteHop> NetworkRoutes::service_route(std::uint32_t from_service,
                                                   std::uint32_t to_service) const {
  SURGE_ASSERT(reachable(from_service, to_service));
  const std::uint32_t a = zone_of(from_service), b = zone_of(to_service);
  std::vector<RouteHop> hops;
  if (a == kNoZone || b == kNoZone) return hops;
  const auto zone_hop = [&](std::uint32_t z) {
    return RouteHop{RouteHop::Kind::kZone, z, false, zone_latency_s_[z], zone_bandwidth_bps_[z]};
  };
  hops.push_back(zone_hop(a));
  if (a == b) return hops;
  const std::vector<RouteHop>& middle = routes_[pair(a, b)];
  hops.insert(hops.end(), middle.begin(), middle.end());
  hops.push_back(zone_hop(b));
  return hops;
}

double NetworkRoutes::route_latency_s(std::uint32_t from_service,
                                      std::uint32_t to_service) const {
  SURGE_ASSERT(reachable(from_service, to_service));
  const std::uint32_t a = zone_of(from_service), b = zone_of(to_service);
  if (a == kNoZone || b == kNoZone) return 0.0;
  if (a == b) return zone_latency_s_[a];
  // Commutative sums only: a -> b and b -> a give the same double.
  return path_latency_s_[pair(a, b)] + (zone_latency_s_[a] + zone_latency_s_[b]);
}

double NetworkRoutes::route_bandwidth_bps(std::uint32_t from_service,
                                          std::uint32_t to_service) const {
  double narrowest = kUnlimitedBandwidth;
  for (const RouteHop& hop : service_route(from_service, to_service))
    narrowest = std::min(narrowest, hop.bandwidth_bps);
  return narrowest;
}

}  // namespace surge::mesh
