// Injected faults as plain values in the model graph (docs/model.md, "Faults";
// configs/README.md, "Faults"). The loader fills them; the native engine runs
// each through its own type (fault.hpp), never by switching on the kind.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

namespace surge::faults {

inline constexpr double kForever = std::numeric_limits<double>::infinity();
inline constexpr std::uint32_t kEveryService = 0xFFFFFFFFU;
inline constexpr std::uint32_t kEveryEndpoint = 0xFFFFFFFFU;

enum class FaultKind : std::uint8_t {
  kCrash,        // instances down from at_s for duration_s
  kFlush,        // a session store loses every session at at_s
  kSlow,         // work of visits starting in the window is multiplied by factor
  kError,        // visits whose work ends in the window fail with probability
  kPartition,    // calls from -> to issued in the window fail at once
  kRandomCrash,  // each instance alternates up ~ Exp(mtbf_s), down ~ Exp(mttr_s)
};

struct FaultSpec {
  FaultKind kind = FaultKind::kCrash;
  double at_s = 0.0;             // simulated time the fault starts
  double duration_s = kForever;  // how long it lasts; kForever: to the end of the run
  // The service it strikes (index into ModelGraph::services); slow and error also
  // take kEveryService. partition: the calling service (`from`).
  std::uint32_t service = 0;
  std::string service_name;      // for messages and random-crash keys
  // crash: how many instances go down, the lowest ids among those up at at_s.
  std::uint32_t instances = 1;
  double factor = 1.0;           // slow: > 0
  double probability = 0.0;      // error: in [0, 1]
  std::uint32_t endpoint = kEveryEndpoint;  // error: only this endpoint of `service`
  std::uint32_t to = 0;          // partition: the called service
  bool bidirectional = false;    // partition: also cut calls to -> from
  double mtbf_s = 0.0;           // random crash: mean time up, > 0
  double mttr_s = 0.0;           // random crash: mean time down, > 0
};

}  // namespace surge::faults
