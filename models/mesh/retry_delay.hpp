// The delay before a retry, replayed from its key: no per-request state is kept.
// Decorrelated jitter makes each delay depend on the one before, so retry n draws
// delays 1..n from one generator keyed by the request (or call copy); every other
// kind needs only its own draw, but replays the same way so that one generator per
// key serves all kinds. n is at most max_attempts - 1 (<= 99).
#pragma once

#include <cstdint>

#include "models/resilience/backoff.hpp"
#include "sim/kernel/rng.hpp"

namespace surge::mesh {

[[nodiscard]] inline double retry_delay_s(const resilience::BackoffSpec& backoff,
                                          std::uint32_t retry, Rng& rng) {
  double delay = backoff.base_s;
  for (std::uint32_t n = 1; n <= retry; ++n)
    delay = resilience::backoff_delay_s(backoff, n, delay, rng);
  return delay;
}

}  // namespace surge::mesh
