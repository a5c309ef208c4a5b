// Shedder: a station's load shedding at dequeue (docs/model.md, "Load shedding"):
// one Codel per instance, or nothing when the service has no `shed`. A station asks
// it about each visit it takes out of a waiting room to serve; a visit Codel drops
// is handed to the engine (StationHost::shed) and the station tries the next one.
//
// The station tells it when a visit arrives at an empty waiting room (Codel's
// "good" moment: the room was empty until now).
#pragma once

#include <vector>

#include "models/mesh/station.hpp"
#include "models/resilience/codel.hpp"

namespace surge::mesh {

class Shedder {
 public:
  Shedder(const ServiceSpec& spec, StationHost& host);

  [[nodiscard]] bool enabled() const { return !codels_.empty(); }
  // The waiting room of `instance` is empty until now (a visit is about to wait).
  void note_empty(std::uint32_t instance) {
    if (enabled()) codels_[instance].note_empty(host_.now());
  }
  // Whether the next visit to serve is the newest waiting one (adaptive LIFO).
  [[nodiscard]] bool newest_first(std::uint32_t instance) const {
    return enabled() && codels_[instance].serve_newest_first(host_.now());
  }
  // At dequeue from `instance`'s waiting room: true when `visit` waited too long, in
  // which case it has been handed to the host to depart with `shed`.
  // REQUIRES: enabled().
  bool sheds(std::uint32_t instance, Handle visit);
  // A new instance (the next id) joins, with a fresh Codel.
  void add_instance() {
    if (enabled()) codels_.emplace_back(spec_, host_.now());
  }

 private:
  StationHost& host_;
  resilience::CodelSpec spec_;  // meaningful only when enabled()
  std::vector<resilience::Codel> codels_;  // per instance; empty without `shed`
};

}  // namespace surge::mesh
