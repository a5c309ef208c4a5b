#include "sim/simgrid/platform.hpp"

#include <fmt/format.h>

#include <simgrid/s4u.hpp>

#include "models/mesh/network_routes.hpp"

namespace surge::simgrid {
namespace sg4 = ::simgrid::s4u;

void configure_models() {
  // The solver's default tolerances (1e-9 s on dates, 1e-5 on remaining work) are
  // coarser than the nanosecond the engine keeps: tighten them so an execution ends
  // on its exact date.
  sg4::Engine::set_config("surf/precision", 1e-12);
  sg4::Engine::set_config("maxmin/precision", 1e-9);
  // An actor per visit: SimGrid's default 8 MiB stacks would cost a mapping each.
  sg4::Engine::set_config("contexts/stack-size", 256);
  sg4::Engine::set_config("contexts/guard-size", 0);
  // The network (docs/simgrid.md, "Network"): CM02, the max-min flow model with no
  // correction factors, so a lone message of S bytes over a route of total latency L
  // and narrowest bandwidth B takes exactly L + S / B, and flows of equal route
  // latency share a link equally. The factors are set even though they are CM02's
  // defaults, so that the model is stated here in full. No cross-traffic (it would
  // charge every flow 5% on the reverse links), and a TCP window that never binds.
  sg4::Engine::set_config("network/model", std::string("CM02"));
  sg4::Engine::set_config("network/latency-factor", 1.0);
  sg4::Engine::set_config("network/bandwidth-factor", 1.0);
  sg4::Engine::set_config("network/weight-S", 0.0);
  sg4::Engine::set_config("network/crosstraffic", false);
  sg4::Engine::set_config("network/TCP-gamma", kTcpGamma);
}

namespace {

sg4::Link* new_link(sg4::NetZone* zone, const std::string& name, double latency_s,
                    double bandwidth_bps) {
  const double bandwidth =
      bandwidth_bps == mesh::kUnlimitedBandwidth ? kUnlimitedLinkBandwidth : bandwidth_bps;
  return zone->create_link(name, bandwidth)->set_latency(latency_s)->seal();
}

// The zones' links, one per direction of each inter-zone link, and a route between
// every ordered pair of services in zones that a chain of links joins.
void build_network(const mesh::ModelGraph& graph, sg4::NetZone* zone, Platform& platform) {
  const mesh::NetworkSpec& network = graph.network;
  const std::size_t services = graph.services.size();
  platform.out_port.assign(services, nullptr);
  platform.in_port.assign(services, nullptr);
  platform.routes.assign(services * services, {});
  if (!network.present()) return;
  const auto add_link = [&](const std::string& name, const std::string& from,
                            const std::string& to, double latency_s, double bandwidth_bps) {
    platform.links.push_back(NetworkLink{new_link(zone, name, latency_s, bandwidth_bps), name,
                                         from, to, bandwidth_bps});
  };
  for (const mesh::ZoneSpec& z : network.zones)
    add_link(z.name, z.name, z.name, z.latency_s, z.bandwidth_bps);
  // Link l's forward direction (zone_a to zone_b) is links[zones + 2 l], its reverse the next.
  const auto first_link = static_cast<std::uint32_t>(network.zones.size());
  for (const mesh::LinkSpec& spec : network.links) {
    const std::string& a = network.zones[spec.zone_a].name;
    const std::string& b = network.zones[spec.zone_b].name;
    add_link(a + "->" + b, a, b, spec.latency_s, spec.bandwidth_bps);
    add_link(b + "->" + a, b, a, spec.latency_s, spec.bandwidth_bps);
  }
  std::vector<std::uint32_t> zoned;
  for (std::uint32_t s = 0; s < services; ++s) {
    if (network.zone_of_service[s] == mesh::kNoZone) continue;
    zoned.push_back(s);
    const std::string& name = graph.services[s].name;
    platform.out_port[s] = zone->create_host(name + "/out", kFlopsPerSecond)->seal();
    platform.in_port[s] = zone->create_host(name + "/in", kFlopsPerSecond)->seal();
  }
  const mesh::NetworkRoutes routes(network);
  for (const std::uint32_t from : zoned) {
    for (const std::uint32_t to : zoned) {
      if (!routes.reachable(from, to)) continue;
      std::vector<sg4::LinkInRoute> hops;
      std::vector<std::uint32_t>& indices = platform.routes[from * services + to];
      for (const mesh::RouteHop& hop : routes.service_route(from, to)) {
        const std::uint32_t index = hop.kind == mesh::RouteHop::Kind::kZone
                                        ? hop.index
                                        : first_link + 2 * hop.index + (hop.reverse ? 1 : 0);
        indices.push_back(index);
        hops.emplace_back(platform.links[index].link);
      }
      zone->add_route(platform.out_port[from]->get_netpoint(),
                      platform.in_port[to]->get_netpoint(), nullptr, nullptr, hops,
                      /*symmetrical=*/false);
    }
  }
}

}  // namespace

Platform build_platform(const mesh::ModelGraph& graph) {
  Platform platform;
  sg4::NetZone* zone = sg4::create_full_zone("surge");
  platform.control = zone->create_host("control", kFlopsPerSecond)->seal();
  for (const mesh::ServiceSpec& spec : graph.services) {
    std::vector<sg4::Host*>& hosts = platform.hosts.emplace_back();
    const int cores =
        spec.workers == mesh::kUnlimited ? kUnlimitedCores : static_cast<int>(spec.workers);
    for (std::uint32_t i = 0; i < spec.instances; ++i) {
      hosts.push_back(zone->create_host(fmt::format("{}/{}", spec.name, i), kFlopsPerSecond)
                          ->set_core_count(cores)
                          ->seal());
    }
  }
  build_network(graph, zone, platform);
  zone->seal();
  return platform;
}

}  // namespace surge::simgrid
