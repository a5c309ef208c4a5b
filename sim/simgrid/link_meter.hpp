// LinkMeter: the bytes each network link carries, after the warmup and per report
// interval (docs/simgrid.md, "Link figures"), for RunResult::links.
//
// A link of finite bandwidth is read from SimGrid's link load plugin, whose cumulative
// load is the integral of the link's used bandwidth (bytes per second) over time, in
// bytes. The plugin itself updates a link only when a communication over it starts or
// ends, taking the rate it sees then as the rate since its last update; a rate also
// changes when a message's latency ends or a flow on another link ends. So the meter
// reads every link at every step of SimGrid's clock, before anything happens at the
// new time: the rates, solved at the previous step, held over the whole step, and the
// integral is exact. Between two steps the rate is constant, so the bytes of a step
// that a warmup or interval boundary cuts are split in proportion to time.
//
// A link of unlimited bandwidth (10^25 bytes/s in the platform) moves a message's bytes
// in less time than the clock can tell, so the plugin's integral says nothing there:
// the meter counts the bytes of each message that crosses it, when it lands.
#pragma once

#include <cstdint>
#include <vector>

#include "models/mesh/results.hpp"
#include "sim/kernel/time.hpp"
#include "sim/simgrid/platform.hpp"

namespace surge::simgrid {

class LinkMeter {
 public:
  // REQUIRES: sg_link_load_plugin_init() ran before the platform was built; the
  // platform outlives the meter. Starts tracking the finite links at the current time.
  LinkMeter(const Platform& platform, SimTime interval, SimTime warmup);
  LinkMeter() = default;

  // At each step of SimGrid's clock, now its new time (>= the previous one).
  void advance(SimTime now);
  // A message of `bytes` from one service to another landed at `now` (or crossed for
  // free): counted on the unlimited links of its route.
  void landed(std::uint32_t from_service, std::uint32_t to_service, std::uint64_t bytes,
              SimTime now);
  // REQUIRES: end >= the last advance().
  [[nodiscard]] std::vector<mesh::LinkResult> finish(SimTime end);

 private:
  struct Tracked {
    double cumulative = 0.0;      // the plugin's reading at last_
    double interval_bytes = 0.0;  // in the current interval
    double bytes = 0.0;           // after the warmup
  };
  void close_interval(SimTime end);
  [[nodiscard]] bool unlimited(std::size_t link) const;

  const Platform* platform_ = nullptr;
  SimTime interval_ = 1, warmup_ = 0;
  SimTime last_ = 0;            // time of the last reading
  SimTime interval_start_ = 0;  // of the interval being filled
  std::vector<Tracked> tracked_;                   // [link]
  std::vector<mesh::LinkResult> results_;          // [link]
  std::vector<double> carried_;                    // [link], advance()'s scratch
};

}  // namespace surge::simgrid
