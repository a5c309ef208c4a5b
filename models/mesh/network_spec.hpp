// The network of a scenario (docs/model.md, "Network"): zones of services, each
// with one shared link inside it, and links between zones. Absent (no zones), a
// message takes no time. sim/scenario validates it; models may rely on that.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace surge::mesh {

inline constexpr double kUnlimitedBandwidth = std::numeric_limits<double>::infinity();
inline constexpr std::uint32_t kNoZone = std::numeric_limits<std::uint32_t>::max();

struct ZoneSpec {
  std::string name;
  std::vector<std::uint32_t> services;  // indices, sorted
  double latency_s = 0.0;               // of the zone's one link, >= 0
  double bandwidth_bps = kUnlimitedBandwidth;  // bytes per second, > 0
};

// Between two zones; each direction is its own link of these figures, shared by every
// flow that crosses it in that direction.
struct LinkSpec {
  std::uint32_t zone_a = 0;
  std::uint32_t zone_b = 0;  // != zone_a
  double latency_s = 0.0;
  double bandwidth_bps = kUnlimitedBandwidth;
};

struct NetworkSpec {
  std::vector<ZoneSpec> zones;  // sorted by name
  std::vector<LinkSpec> links;  // in the order given
  // zone_of_service[s]: the zone listing service s, or kNoZone (an implicit zone of its
  // own with no latency). Empty when the scenario has no network.
  std::vector<std::uint32_t> zone_of_service;
  [[nodiscard]] bool present() const { return !zones.empty(); }
};

}  // namespace surge::mesh
