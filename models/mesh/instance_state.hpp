// The life cycle of one instance of a service (docs/model.md, "Services and
// instances" and "Autoscaling"):
//
//   initial instances:  up
//   autoscaled ones:    provisioning --provision_delay_s--> cold --warm_s--> up
//   scale-down:         cold or up --> draining --last visit leaves--> gone
//                       provisioning --> gone (cancelled, it held nothing)
//   crash fault:        cold or up --> down --fault ends--> up (warm again)
//
// Ids are never reused: an instance that is gone keeps its id, and a new one takes
// the next unused id. Only cold and up instances take new visits; cold, up and
// draining ones are "serving" (they hold workers, and count in `instances` and in
// utilization's capacity).
#pragma once

#include <cstdint>

namespace surge::mesh {

enum class InstanceState : std::uint8_t { kUp, kProvisioning, kCold, kDraining, kDown, kGone };

[[nodiscard]] constexpr bool takes_visits(InstanceState s) {
  return s == InstanceState::kUp || s == InstanceState::kCold;
}
[[nodiscard]] constexpr bool is_serving(InstanceState s) {
  return takes_visits(s) || s == InstanceState::kDraining;
}
// Counted by the scaler as part of the service's size.
[[nodiscard]] constexpr bool is_member(InstanceState s) {
  return s == InstanceState::kUp || s == InstanceState::kCold ||
         s == InstanceState::kProvisioning || s == InstanceState::kDown;
}

}  // namespace surge::mesh
