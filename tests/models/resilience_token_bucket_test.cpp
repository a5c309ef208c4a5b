// TokenBucket: under a flood (at each time, requests until one is refused) the
// requests admitted over [0, t] are exactly floor(burst + rate x t), checked at every
// step against an exact rational expectation, for integer, fractional and extreme
// rates, at every nanosecond and at dense random times; plus refill and cap cases.
#include <catch2/catch.hpp>

#include <cstdint>

#include "models/resilience/token_bucket.hpp"
#include "sim/kernel/rng.hpp"

namespace surge::resilience {
namespace {

__extension__ using I128 = __int128;
constexpr SimTime kMs = 1'000'000;
constexpr SimTime kS = 1'000'000'000;

// rate = rate_num / rate_den tokens per second, burst = burst_num / burst_den tokens.
struct Case {
  double rate;
  std::int64_t rate_num, rate_den;
  double burst;
  std::int64_t burst_num, burst_den;
};

// floor(burst + rate x t) for t in ns, in exact integers.
std::int64_t expected_admitted(const Case& c, SimTime t) {
  const I128 den = I128{c.burst_den} * c.rate_den * kS;
  const I128 num = I128{c.burst_num} * c.rate_den * kS + I128{c.rate_num} * c.burst_den * t;
  return static_cast<std::int64_t>(num / den);
}

// Requests at `now` until one is refused; returns how many were admitted.
std::int64_t flood(TokenBucket& bucket, SimTime now) {
  std::int64_t n = 0;
  while (bucket.try_take(now)) ++n;
  return n;
}

TEST_CASE("models::resilience::token_bucket: a flood at every nanosecond admits exactly "
          "floor(burst + rate t)",
          "[models]") {
  const Case cases[] = {
      {3.7e6, 3'700'000, 1, 5.0, 5, 1},        // integer rate, many tokens per ms
      {123456.789, 123456789, 1000, 2.5, 5, 2}, // fractional rate and burst
      {1e9, 1'000'000'000, 1, 1.0, 1, 1},      // the largest rate: one token per ns
  };
  for (const Case& c : cases) {
    INFO("rate " << c.rate << " burst " << c.burst);
    TokenBucket bucket(c.rate, c.burst);
    std::int64_t admitted = 0;
    for (SimTime t = 0; t <= 10 * kMs; ++t) {
      admitted += flood(bucket, t);
      if (admitted != expected_admitted(c, t)) {
        FAIL_CHECK("at t = " << t << " ns: " << admitted << " admitted, expected "
                             << expected_admitted(c, t));
        break;
      }
    }
  }
}

TEST_CASE("models::resilience::token_bucket: slow fractional rates and dense random times",
          "[models]") {
  {
    const Case c{0.3, 3, 10, 2.0, 2, 1};  // a token every 3.33 s; every 1 ms for 100 s
    TokenBucket bucket(c.rate, c.burst);
    std::int64_t admitted = 0;
    for (SimTime t = 0; t <= 100 * kS; t += kMs) {
      admitted += flood(bucket, t);
      REQUIRE(admitted == expected_admitted(c, t));
    }
    CHECK(admitted == 32);
  }
  {
    // Random gaps below (burst - 1) / rate, so the bucket never fills up again.
    const Case c{7777.5, 15555, 2, 3.0, 3, 1};
    TokenBucket bucket(c.rate, c.burst);
    Rng rng(21);
    std::int64_t admitted = 0;
    SimTime t = 0;
    for (int i = 0; i < 300'000; ++i) {
      admitted += flood(bucket, t);
      REQUIRE(admitted == expected_admitted(c, t));
      t += static_cast<SimTime>(rng.below(257'150));  // 2 / 7777.5 s = 257152.9 ns
    }
  }
}

TEST_CASE("models::resilience::token_bucket: a token accrues exactly 1/rate later",
          "[models]") {
  TokenBucket bucket(4.0, 1.0);
  CHECK(bucket.try_take(0));
  CHECK_FALSE(bucket.try_take(250 * kMs - 1));
  CHECK(bucket.try_take(250 * kMs));
  CHECK_FALSE(bucket.try_take(250 * kMs));
  CHECK(bucket.tokens(375 * kMs) == 0.5);
}

TEST_CASE("models::resilience::token_bucket: idle time refills at most to burst",
          "[models]") {
  TokenBucket bucket(10.0, 3.0);
  CHECK(flood(bucket, 0) == 3);
  CHECK(bucket.tokens(100 * kS) == 3.0);
  CHECK(flood(bucket, 100 * kS) == 3);
  // Even after the longest idle time the engine can produce: no overflow.
  CHECK(flood(bucket, 1'000'000'000 * kS) == 3);

  TokenBucket no_refill(0.0, 2.0);
  CHECK(flood(no_refill, 0) == 2);
  CHECK(flood(no_refill, 1000 * kS) == 0);

  TokenBucket too_small(100.0, 0.5, 5 * kS);  // never a whole token
  CHECK(flood(too_small, 5 * kS) == 0);
  CHECK(flood(too_small, 500 * kS) == 0);
}

}  // namespace
}  // namespace surge::resilience
