// Routes of a scenario's network (docs/model.md, "Network"), computed once from the
// NetworkSpec and read by every engine: the native one takes each route's latency,
// the SimGrid engine builds its platform routes from the hops.
//
// A message from service a to service b crosses:
//   - nothing, when a or b is listed in no zone (outside the network: no latency,
//     unlimited bandwidth, whatever the other end);
//   - the zone's own link once, when both are in the same zone;
//   - the source zone's link, the inter-zone links of the route between the two
//     zones, then the destination zone's link, otherwise. A zone a route merely
//     passes through adds its inter-zone links, not its own link.
// The route between two zones is the path of least total latency over the links;
// ties go to fewer hops, then to the path whose sequence of zone indices (zones are
// sorted by name) is smallest. B -> A is A -> B reversed, so a route and its answer
// take the same links (each direction of a link is its own link for bandwidth) and
// exactly the same latency.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "models/mesh/network_spec.hpp"

namespace surge::mesh {

// One link a message crosses.
struct RouteHop {
  enum class Kind : std::uint8_t { kZone, kLink };
  Kind kind = Kind::kZone;
  std::uint32_t index = 0;  // kZone: the zone; kLink: into NetworkSpec::links
  bool reverse = false;     // kLink: crossed from zone_b to zone_a
  double latency_s = 0.0;
  double bandwidth_bps = kUnlimitedBandwidth;
};

class NetworkRoutes {
 public:
  NetworkRoutes() = default;  // no network: every message is free
  explicit NetworkRoutes(const NetworkSpec& network);

  [[nodiscard]] bool present() const { return zones_ > 0; }

  // The inter-zone links from zone `from` to zone `to` (empty when from == to).
  // nullptr when no chain of links joins them.
  [[nodiscard]] const std::vector<RouteHop>* zone_route(std::uint32_t from,
                                                        std::uint32_t to) const;

  // Whether a message can go from one service to the other (false only between two
  // zones that no chain of links joins).
  [[nodiscard]] bool reachable(std::uint32_t from_service, std::uint32_t to_service) const;
  // Every link the message crosses, in order (see above). Requires reachable().
  [[nodiscard]] std::vector<RouteHop> service_route(std::uint32_t from_service,
                                                    std::uint32_t to_service) const;
  // The sum of the latencies of service_route(), the same both ways. Requires
  // reachable().
  [[nodiscard]] double route_latency_s(std::uint32_t from_service,
                                       std::uint32_t to_service) const;
  // The smallest bandwidth on service_route() (kUnlimitedBandwidth: none is finite).
  [[nodiscard]] double route_bandwidth_bps(std::uint32_t from_service,
                                           std::uint32_t to_service) const;

 private:
  [[nodiscard]] std::uint32_t zone_of(std::uint32_t service) const {
    return service < zone_of_service_.size() ? zone_of_service_[service] : kNoZone;
  }
  [[nodiscard]] std::size_t pair(std::uint32_t from, std::uint32_t to) const {
    return static_cast<std::size_t>(from) * zones_ + to;
  }

  std::uint32_t zones_ = 0;
  std::vector<std::uint32_t> zone_of_service_;
  std::vector<double> zone_latency_s_, zone_bandwidth_bps_;
  // Per ordered pair of zones (from * zones + to): the hops, whether a route
  // exists, and the hops' latency summed in the from < to direction.
  std::vector<std::vector<RouteHop>> routes_;
  std::vector<bool> joined_;
  std::vector<double> path_latency_s_;
};

}  // namespace surge::mesh
