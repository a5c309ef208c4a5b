// TokenBucket: a rate limiter (DESIGN "Errors and resilience": rate_limit with
// rate_per_s and burst). The bucket holds at most `burst` tokens and starts full; it
// gains rate_per_s tokens per second; a request that finds a whole token takes it and
// is admitted, any other is refused (rate_limited). Nothing queues.
//
// Arithmetic is exact, in integers: rate and burst are rounded to 1e-9 (tokens per
// second, tokens), and tokens are counted in units of 1e-18 token, so one nanosecond
// adds exactly round(rate x 1e9) units. Hence, as long as the bucket never fills up
// again, the requests admitted in [start, start + t] are exactly
//   floor(burst + rate x t)                 (t in seconds, at the 1e-9 rounding)
// for any pattern of requests dense enough to take each token as it comes; tests pin
// this at every nanosecond.
// Ranges: rate_per_s and burst are clamped to [0, 1e9] (the parser refuses more); a
// burst below 1 admits nothing. REQUIRES: times >= start, never decreasing.
#pragma once

#include <cstdint>

#include "sim/kernel/time.hpp"

namespace surge::resilience {

class TokenBucket {
 public:
  TokenBucket(double rate_per_s, double burst, SimTime start = 0);

  // Takes a token at `now` if there is a whole one.
  [[nodiscard]] bool try_take(SimTime now);
  // Tokens in the bucket at `now` (for reports and tests).
  [[nodiscard]] double tokens(SimTime now) const;

 private:
  __extension__ using Units = __int128;  // 1 token = kUnitsPerToken units
  static constexpr Units kUnitsPerToken = 1'000'000'000'000'000'000;  // 1e18

  [[nodiscard]] Units level(SimTime now) const;

  Units per_ns_;  // units gained per nanosecond = rate x 1e9
  Units burst_;   // in units
  Units tokens_;  // in units, at last_
  SimTime last_;
};

}  // namespace surge::resilience
