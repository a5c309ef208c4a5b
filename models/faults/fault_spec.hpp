// Injected faults as plain values in the model graph (docs/model.md, "Faults").
//
// `crash` and `flush` exist so far; the other kinds (slow, error, partition, random
// crashes by mtbf_s/mttr_s) are rejected by the loader as planned.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

namespace surge::faults {

inline constexpr double kForever = std::numeric_limits<double>::infinity();

enum class FaultKind : std::uint8_t {
  kCrash,  // instances down from at_s for duration_s
  kFlush,  // a session store loses every session at at_s
};

struct FaultSpec {
  FaultKind kind = FaultKind::kCrash;
  double at_s = 0.0;             // simulated time the fault starts
  double duration_s = kForever;  // how long it lasts; kForever: to the end of the run
  std::uint32_t service = 0;     // index into ModelGraph::services
  std::string service_name;      // for messages
  // crash: how many instances go down, the lowest ids among those up at at_s.
  std::uint32_t instances = 1;
};

}  // namespace surge::faults
