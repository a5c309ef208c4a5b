// Fault: one entry of the scenario's `faults` at run time (docs/model.md,
// "Faults"). Each kind is its own small type; the engine only starts them and
// hands each back the events it scheduled, through FaultHost.
//
// A timed fault (crash, flush, slow, error, partition) takes effect at at_s and
// ends duration_s later (never, without one); a random crash runs each instance
// of its service through its own up/down cycles (random_crash.hpp).
#pragma once

#include <cstdint>
#include <memory>

#include "models/faults/fault_host.hpp"
#include "models/faults/fault_spec.hpp"

namespace surge::faults {

class Fault {
 public:
  virtual ~Fault() = default;
  // At the run's start: schedules its first events.
  virtual void start(FaultHost& host) = 0;
  // One of the events it scheduled, with the two values it gave.
  virtual void on_event(FaultHost& host, std::uint32_t a, std::uint32_t b) = 0;
};

// The fault of `spec`, entry `index` of the scenario's list; `run_key` roots the
// random draws of a random crash (seed and replication).
[[nodiscard]] std::unique_ptr<Fault> make_fault(const FaultSpec& spec, std::uint32_t index,
                                                std::uint64_t run_key);

}  // namespace surge::faults
