// Which instance of a session store holds a user's session: instance_of_user(user, n).
//
// The store has no balancer: every visit of a user goes to the instance its id hashes
// to, so the user's session is found where it was created. mix64 (sim/kernel/hash.hpp)
// spreads ids that differ in few bits; the remainder's bias is below n / 2^64.
// SessionTable indexes users with a salted hash, independent of this one, so the users
// routed to one instance do not crowd into part of its index.
#pragma once

#include <cstdint>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/hash.hpp"

namespace surge::sessions {

// REQUIRES: instances >= 1.
[[nodiscard]] inline std::uint32_t instance_of_user(std::uint64_t user, std::uint32_t instances) {
  SURGE_ASSERT(instances >= 1);
  return static_cast<std::uint32_t>(mix64(user) % instances);
}

}  // namespace surge::sessions
