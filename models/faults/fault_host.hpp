// FaultHost: what a fault may do to a running engine. The native engine
// implements it; each fault type (fault.hpp) acts only through it, so a new kind
// of fault is a new type, not a new branch in the engine.
#pragma once

#include <cstdint>
#include <vector>

#include "models/faults/fault_effects.hpp"
#include "sim/kernel/time.hpp"

namespace surge::faults {

class FaultHost {
 public:
  virtual ~FaultHost() = default;
  [[nodiscard]] virtual SimTime now() const = 0;
  // Calls fault `fault`'s on_event(a, b) at `at`; dropped when `at` is at or past
  // the end of the run. REQUIRES: at >= now()
  virtual void schedule_fault(std::uint32_t fault, SimTime at, std::uint32_t a,
                              std::uint32_t b) = 0;
  // Takes down up to `count` of the service's up instances, the lowest ids first;
  // their visits fail with `error`. Returns the instances it took down.
  virtual std::vector<std::uint32_t> crash_up_instances(std::uint32_t service,
                                                        std::uint32_t count) = 0;
  // Takes down one instance if it is up; false when it was not.
  virtual bool crash_if_up(std::uint32_t service, std::uint32_t instance) = 0;
  // Brings back an instance a fault took down.
  virtual void bring_back(std::uint32_t service, std::uint32_t instance) = 0;
  // A session store loses every session.
  virtual void wipe_state(std::uint32_t service) = 0;
  [[nodiscard]] virtual FaultEffects& effects() = 0;
};

}  // namespace surge::faults
