// Backoff: how long a caller waits before retry n, as defined in the AWS Architecture
// Blog's "Exponential Backoff And Jitter" (Marc Brooker, 2015).
//
// The plain delay of retry n (n = 1 for the first retry) is
//   none:        0
//   constant:    min(cap, base)
//   exponential: min(cap, base * 2^(n-1))   (saturates at cap; no overflow for any n)
// and jitter turns it into the delay actually waited:
//   none:         plain
//   full:         uniform(0, plain)
//   equal:        plain/2 + uniform(0, plain/2)
//   decorrelated: min(cap, uniform(base, 3 * previous)), previous = the delay waited
//                 before the last retry, base before the first. It grows by itself,
//                 so it ignores constant vs exponential; kind none still means 0.
// A jittered delay takes exactly one draw from the caller's Rng, an unjittered one none.
// REQUIRES: 0 <= base_s <= cap_s, both finite (the scenario parser checks).
#pragma once

#include <cstdint>

#include "sim/kernel/rng.hpp"

namespace surge::resilience {

enum class BackoffKind : std::uint8_t { kNone, kConstant, kExponential };
enum class Jitter : std::uint8_t { kNone, kFull, kEqual, kDecorrelated };

struct BackoffSpec {
  BackoffKind kind = BackoffKind::kNone;
  double base_s = 0.1;  // seconds, >= 0
  // Seconds, >= base_s. DESIGN leaves the default open; 20 s is the largest backoff of
  // the AWS SDKs' "standard" retry mode, long enough never to bind for the few attempts
  // a retry policy allows with a base of 0.1 s to 1 s.
  double cap_s = 20.0;
  Jitter jitter = Jitter::kNone;
};

// The delay to wait before retry number `retry`; see the contract above for
// `previous_delay_s` (ignored unless jitter is decorrelated). REQUIRES: retry >= 1.
[[nodiscard]] double backoff_delay_s(const BackoffSpec& spec, std::uint32_t retry,
                                     double previous_delay_s, Rng& rng);

// The delay before jitter (the "plain" delay above). REQUIRES: retry >= 1.
[[nodiscard]] double plain_backoff_s(const BackoffSpec& spec, std::uint32_t retry);

}  // namespace surge::resilience
