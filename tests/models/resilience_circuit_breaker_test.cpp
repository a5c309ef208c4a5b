// CircuitBreaker on hand-built sequences of results with exact times: when it opens,
// failing fast while open, half-open exactly open_s later, re-opening on a failed probe,
// closing after the probes succeed, min_calls, and old results leaving the window.
#include <catch2/catch.hpp>

#include "models/resilience/circuit_breaker.hpp"

namespace surge::resilience {
namespace {

constexpr SimTime kS = 1'000'000'000;
constexpr SimTime kMs = 1'000'000;

// 50% over 10 s (buckets of 100 ms), at least 4 calls, open 5 s, 2 probes.
const BreakerSpec kSpec{0.5, 10.0, 4, 5.0, 2};

TEST_CASE("models::resilience::circuit_breaker: the full cycle with exact times", "[models]") {
  CircuitBreaker breaker(kSpec);
  CHECK(breaker.allow(0));
  breaker.on_result(1 * kS, true);
  breaker.on_result(2 * kS, false);
  breaker.on_result(3 * kS, false);  // 2 of 3 failed, but 3 < min_calls
  CHECK(breaker.state(3 * kS) == BreakerState::kClosed);
  breaker.on_result(4 * kS, false);  // 3 of 4 >= 50%: opens at 4 s
  CHECK(breaker.state(4 * kS) == BreakerState::kOpen);
  CHECK(breaker.times_opened() == 1);
  CHECK(breaker.changes(4 * kS) == 1);

  // Fail fast until exactly 4 s + open_s.
  CHECK_FALSE(breaker.allow(4 * kS));
  CHECK_FALSE(breaker.allow(9 * kS - 1));
  CHECK(breaker.state(9 * kS - 1) == BreakerState::kOpen);
  breaker.on_result(6 * kS, true);  // a straggler while open changes nothing
  CHECK(breaker.state(9 * kS) == BreakerState::kHalfOpen);
  CHECK(breaker.changes(9 * kS) == 2);
  CHECK(breaker.time_open(7 * kS) == 3 * kS);
  CHECK(breaker.time_open(50 * kS) == 5 * kS);  // the open period ended at 9 s

  // Half-open: two probes out, the third call fails fast; a failed probe re-opens.
  CHECK(breaker.allow(9 * kS));
  CHECK(breaker.allow(9 * kS));
  CHECK_FALSE(breaker.allow(9 * kS));
  breaker.on_result(9500 * kMs, true);
  CHECK(breaker.state(9500 * kMs) == BreakerState::kHalfOpen);
  breaker.on_result(9600 * kMs, false);
  CHECK(breaker.state(9600 * kMs) == BreakerState::kOpen);
  CHECK(breaker.times_opened() == 2);
  CHECK_FALSE(breaker.allow(14600 * kMs - 1));

  // Half-open again at 14.6 s; two successful probes close it.
  CHECK(breaker.allow(14600 * kMs));
  CHECK(breaker.allow(14700 * kMs));
  CHECK_FALSE(breaker.allow(14700 * kMs));
  breaker.on_result(14800 * kMs, true);
  breaker.on_result(14900 * kMs, true);
  CHECK(breaker.state(14900 * kMs) == BreakerState::kClosed);
  CHECK(breaker.allow(14900 * kMs));
  // closed -> open -> half -> open -> half -> closed; open 5 s twice.
  CHECK(breaker.changes(100 * kS) == 5);
  CHECK(breaker.time_open(100 * kS) == 10 * kS);

  // Closing emptied the window: three failures are below min_calls again, the fourth
  // (4 of 4) opens.
  for (int i = 1; i <= 3; ++i) breaker.on_result(15 * kS + i * kMs, false);
  CHECK(breaker.state(15 * kS + 3 * kMs) == BreakerState::kClosed);
  breaker.on_result(15 * kS + 4 * kMs, false);
  CHECK(breaker.state(15 * kS + 4 * kMs) == BreakerState::kOpen);
}

TEST_CASE("models::resilience::circuit_breaker: the ratio threshold is inclusive", "[models]") {
  CircuitBreaker breaker(kSpec);
  for (int i = 0; i < 4; ++i) breaker.on_result(i * kMs, true);
  for (int i = 4; i < 7; ++i) breaker.on_result(i * kMs, false);  // 3 of 7 < 50%
  CHECK(breaker.state(7 * kMs) == BreakerState::kClosed);
  breaker.on_result(7 * kMs, false);  // 4 of 8 = 50%
  CHECK(breaker.state(7 * kMs) == BreakerState::kOpen);
}

TEST_CASE("models::resilience::circuit_breaker: min_calls holds even at 100% failures",
          "[models]") {
  BreakerSpec spec = kSpec;
  spec.min_calls = 20;
  CircuitBreaker breaker(spec);
  for (int i = 0; i < 19; ++i) {
    breaker.on_result(i * kMs, false);
    REQUIRE(breaker.allow(i * kMs));
  }
  breaker.on_result(19 * kMs, false);
  CHECK_FALSE(breaker.allow(19 * kMs));
}

TEST_CASE("models::resilience::circuit_breaker: old results leave the window", "[models]") {
  // Failures at 0 and 50 ms (bucket 0) and at 5 s; the window (buckets of 100 ms) holds
  // bucket 0 until now reaches bucket 100, at 10 s.
  auto feed = [](CircuitBreaker& b) {
    b.on_result(0, false);
    b.on_result(50 * kMs, false);
    b.on_result(5 * kS, false);
  };
  CircuitBreaker early(kSpec);
  feed(early);
  early.on_result(10 * kS - 1, false);  // 4 failures in the window
  CHECK(early.state(10 * kS - 1) == BreakerState::kOpen);

  CircuitBreaker late(kSpec);
  feed(late);
  late.on_result(10 * kS, false);  // the first two have left: 2 calls < min_calls
  CHECK(late.state(10 * kS) == BreakerState::kClosed);
  CHECK(late.changes(10 * kS) == 0);
  CHECK(late.time_open(10 * kS) == 0);
}

TEST_CASE("models::resilience::circuit_breaker: half-open waits for its probes", "[models]") {
  BreakerSpec spec = kSpec;
  spec.half_open_probes = 1;
  spec.min_calls = 1;
  CircuitBreaker breaker(spec);
  breaker.on_result(0, false);  // 1 of 1: open at 0
  CHECK(breaker.allow(5 * kS));  // the one probe
  for (SimTime t = 5 * kS; t < 60 * kS; t += kS) REQUIRE_FALSE(breaker.allow(t));
  CHECK(breaker.state(60 * kS) == BreakerState::kHalfOpen);
  CHECK(breaker.time_open(60 * kS) == 5 * kS);
  breaker.on_result(60 * kS, true);
  CHECK(breaker.state(60 * kS) == BreakerState::kClosed);
  CHECK(breaker.changes(60 * kS) == 3);
}

}  // namespace
}  // namespace surge::resilience
