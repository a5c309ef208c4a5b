#include "sim/simgrid/platform.hpp"

#include <fmt/format.h>

#include <simgrid/s4u.hpp>

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
}

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
  zone->seal();
  return platform;
}

}  // namespace surge::simgrid
