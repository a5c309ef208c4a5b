// Outcome: how a visit, an attempt or a user request ended. One enum for the whole
// project (docs/model.md, "Outcomes"); the report uses the names.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace surge::mesh {

enum class Outcome : std::uint8_t {
  kOk,
  kRejected,         // a full waiting room turned the visit away
  kTimeout,          // the caller (or client) stopped waiting
  kCircuitOpen,      // a circuit breaker refused the call
  kRateLimited,      // a token bucket refused the visit
  kShed,             // load shedding dropped the visit at dequeue
  kUnauthenticated,  // the session store had no session for the user
  kError,            // a crashed instance, an injected error, a partition
  kAbandoned,        // a session user gave up
};

inline constexpr std::size_t kOutcomeCount = 9;

inline constexpr std::array<std::string_view, kOutcomeCount> kOutcomeNames = {
    "ok",   "rejected",        "timeout", "circuit_open", "rate_limited",
    "shed", "unauthenticated", "error",   "abandoned"};

[[nodiscard]] constexpr std::string_view outcome_name(Outcome o) {
  return kOutcomeNames[static_cast<std::size_t>(o)];
}

}  // namespace surge::mesh
