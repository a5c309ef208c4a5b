// Routes between zones (models/mesh/network_routes.hpp) on small networks whose best
// paths are evident by hand. Latencies are binary fractions, so sums are exact.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "models/mesh/network_routes.hpp"

namespace surge::mesh {
namespace {

// Zones named z0, z1, ... (already in name order), service i in zone i.
NetworkSpec zones(std::uint32_t n, std::vector<LinkSpec> links) {
  NetworkSpec net;
  for (std::uint32_t z = 0; z < n; ++z) {
    ZoneSpec zone;
    zone.name = "z" + std::to_string(z);
    zone.services = {z};
    zone.latency_s = 0.0625 * (z + 1);
    net.zones.push_back(zone);
    net.zone_of_service.push_back(z);
  }
  net.links = std::move(links);
  return net;
}

LinkSpec link(std::uint32_t a, std::uint32_t b, double latency_s, double bw = kUnlimitedBandwidth) {
  return LinkSpec{a, b, latency_s, bw};
}

// The zones a route visits after its source, read from its hops.
std::vector<std::uint32_t> via(const NetworkSpec& net, const std::vector<RouteHop>& hops) {
  std::vector<std::uint32_t> out;
  for (const RouteHop& h : hops) {
    REQUIRE(h.kind == RouteHop::Kind::kLink);
    const LinkSpec& l = net.links[h.index];
    out.push_back(h.reverse ? l.zone_a : l.zone_b);
  }
  return out;
}

}  // namespace

TEST_CASE("models::network routes: least latency first, then fewer hops, then zone order",
          "[models]") {
  // 0-1-3 and 0-2-3 both cost 1 in two hops; 0-3 directly costs 1 in one hop; 0-4-3
  // costs 0.75.
  const NetworkSpec two_ways = zones(4, {link(0, 2, 0.5), link(2, 3, 0.5), link(0, 1, 0.5),
                                         link(3, 1, 0.5)});
  const NetworkRoutes r2(two_ways);
  CHECK(via(two_ways, *r2.zone_route(0, 3)) == std::vector<std::uint32_t>{1, 3});  // z1 < z2
  CHECK(via(two_ways, *r2.zone_route(3, 0)) == std::vector<std::uint32_t>{1, 0});  // reversed
  CHECK_FALSE(r2.zone_route(3, 0)->front().reverse);  // link 3 is (3, 1): 3 -> 1 is forward
  CHECK(r2.zone_route(0, 3)->back().reverse);
  NetworkSpec direct = two_ways;
  direct.links.push_back(link(0, 3, 1.0));
  const NetworkRoutes rd(direct);
  CHECK(via(direct, *rd.zone_route(0, 3)) == std::vector<std::uint32_t>{3});
  NetworkSpec faster = zones(5, direct.links);
  faster.links.push_back(link(4, 0, 0.25));
  faster.links.push_back(link(4, 3, 0.5));
  const NetworkRoutes rf(faster);
  CHECK(via(faster, *rf.zone_route(0, 3)) == std::vector<std::uint32_t>{4, 3});
  // Service 0 in z0 (0.0625) to service 3 in z3 (0.25): 0.75 of links between.
  CHECK(rf.route_latency_s(0, 3) == 0.75 + 0.0625 + 0.25);
  CHECK(rf.route_latency_s(3, 0) == rf.route_latency_s(0, 3));
  const auto hops = rf.service_route(0, 3);
  REQUIRE(hops.size() == 4);  // z0's link, 0-4, 4-3, z3's link
  CHECK(hops.front().kind == RouteHop::Kind::kZone);
  CHECK(hops.front().index == 0);
  CHECK(hops.back().kind == RouteHop::Kind::kZone);
  CHECK(hops.back().index == 3);
}

TEST_CASE("models::network routes: same zone, no zone, unreachable, narrowest bandwidth",
          "[models]") {
  NetworkSpec net = zones(3, {link(0, 1, 0.5, 1e6)});
  net.zones[0].services = {0, 3};
  net.zone_of_service = {0, 1, 2, 0, kNoZone};
  const NetworkRoutes r(net);
  CHECK(r.route_latency_s(0, 3) == 0.0625);  // inside z0: its link once
  CHECK(r.service_route(0, 3).size() == 1);
  CHECK(r.route_latency_s(0, 4) == 0.0);  // service 4 is in no zone
  CHECK(r.service_route(4, 1).empty());
  CHECK(r.route_bandwidth_bps(0, 1) == 1e6);
  CHECK(r.route_bandwidth_bps(0, 3) == kUnlimitedBandwidth);
  CHECK_FALSE(r.reachable(0, 2));  // z2 has no link
  CHECK(r.zone_route(0, 2) == nullptr);
  CHECK(r.reachable(2, 2));
  CHECK(r.zone_route(2, 2)->empty());
}

}  // namespace surge::mesh
