// The SimGrid platform of a model graph (docs/simgrid.md, "Mapping" and "Network"): a
// host per service instance, with one core per worker and a speed of one flop per
// nanosecond, so a visit's work of w ns is an execution of w flops that takes exactly
// w ns; one control host where clients, arrival processes and faults run; and, when
// the scenario has a network, the zones' and inter-zone links with a route for every
// pair of services in zones, between per-service message ports.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/mesh/model_graph.hpp"

namespace simgrid::s4u {
class Host;
class Link;
}  // namespace simgrid::s4u

namespace surge::simgrid {

inline constexpr double kFlopsPerSecond = 1e9;  // one flop per nanosecond of work
// An unlimited worker pool's host: never fewer cores than visits at once in practice.
inline constexpr int kUnlimitedCores = 1 << 30;
// An unlimited bandwidth, in bytes per second: 10^10 times the largest a scenario
// accepts, so the largest message (10^12 bytes) crosses it in 10^-13 s, far below the
// nanosecond the engine keeps.
inline constexpr double kUnlimitedLinkBandwidth = 1e25;
// SimGrid's TCP window (network/TCP-gamma) bounds a flow at gamma / (2 x latency):
// large enough that the bound stays above kUnlimitedLinkBandwidth for any latency
// a scenario accepts (<= 1e9 s), so only the links' bandwidths bound a flow.
inline constexpr double kTcpGamma = 1e40;

// A link the network section defines: a zone's own link, or one direction of an
// inter-zone link (docs/report.md, "network").
struct NetworkLink {
  ::simgrid::s4u::Link* link = nullptr;
  std::string name;            // "us-east", or "us-east->eu-west" for a direction
  std::string from, to;        // zones; a zone's link has its zone at both ends
  double bandwidth_bps = 0.0;  // the scenario's: mesh::kUnlimitedBandwidth when unlimited
};

struct Platform {
  ::simgrid::s4u::Host* control = nullptr;
  std::vector<std::vector<::simgrid::s4u::Host*>> hosts;  // [service][instance]
  // Where a service's messages leave from and arrive at (nullptr: in no zone, its
  // messages are free). Messages go to a service, not an instance: the balancer
  // chooses the instance when the request arrives, and every instance of a service
  // is in the same zone, so the route (links, latency, sharing) is the service's.
  std::vector<::simgrid::s4u::Host*> out_port, in_port;  // [service]
  std::vector<NetworkLink> links;  // zones' links (zone order), then each link's two directions
  // The links (indices into `links`) a message from service a to service b crosses,
  // at [a * services + b]; empty when it crosses none.
  std::vector<std::vector<std::uint32_t>> routes;
  [[nodiscard]] const std::vector<std::uint32_t>& route(std::uint32_t from,
                                                         std::uint32_t to) const {
    return routes[static_cast<std::size_t>(from) * out_port.size() + to];
  }
};

// Sets SimGrid's models and precisions. REQUIRES: the s4u::Engine exists, before the
// platform is built.
void configure_models();

// REQUIRES: the s4u::Engine exists and has no platform yet.
[[nodiscard]] Platform build_platform(const mesh::ModelGraph& graph);

}  // namespace surge::simgrid
