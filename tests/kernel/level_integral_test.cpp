#include "sim/kernel/level_integral.hpp"

#include <catch2/catch.hpp>

namespace surge {
namespace {
constexpr SimTime kSecond = kNanosPerSecond;
}

TEST_CASE("kernel::level_integral: hand-computed integral and max", "[kernel]") {
  LevelIntegral q;  // 0 from time 0
  CHECK(q.integral(0) == 0);
  q.add(1 * kSecond, 2);
  q.add(3 * kSecond, 3);
  // 0 for 1 s, 2 for 2 s, 5 for 1 s: 9 level-seconds over 4 s.
  CHECK(to_level_seconds(q.integral(4 * kSecond)) == 9.0);
  CHECK(q.max() == 5);
  CHECK(q.level() == 5);
  q.add(4 * kSecond, -4);  // 1 from 4 s
  CHECK(q.level() == 1);
  CHECK(to_level_seconds(q.integral(6 * kSecond)) == 11.0);
  CHECK(q.max() == 5);
  // Several changes at one instant weigh nothing.
  q.add(6 * kSecond, 99);
  q.add(6 * kSecond, -99);
  CHECK(to_level_seconds(q.integral(8 * kSecond)) == 13.0);
  CHECK(q.max() == 100);
}

TEST_CASE("kernel::level_integral: reset_max keeps the integral", "[kernel]") {
  LevelIntegral q;
  q.add(1 * kSecond, 8);
  q.add(2 * kSecond, -3);
  q.reset_max();  // the warmup ends: maxima from here on, integral since 0
  CHECK(q.max() == 5);
  CHECK(to_level_seconds(q.integral(3 * kSecond)) == 13.0);  // 8 for 1 s, 5 for 1 s
  q.add(3 * kSecond, 1);
  CHECK(q.max() == 6);
}

TEST_CASE("kernel::level_integral: a nanosecond interval late in a long run is exact",
          "[kernel]") {
  // A double integral since t = 0 loses a 1 ns slice of a 10^6 s run to rounding
  // (10^6 level-s carries ~1e-10 s of error); the integer one keeps it exactly, so a
  // level held by every one of its workers gives a ratio of exactly 1.
  LevelIntegral busy, capacity;
  capacity.add(0, 7);
  busy.add(0, 3);
  busy.add(123'456'789, 4);  // all 7 held from here on
  const SimTime t1 = 1'000'000 * kSecond + 17, t2 = t1 + 1;
  const LevelNanos used = busy.integral(t2) - busy.integral(t1);
  const LevelNanos offered = capacity.integral(t2) - capacity.integral(t1);
  CHECK(used == 7);
  CHECK(ratio(used, offered) == 1.0);
  // Huge levels over huge times stay exact in 128 bits.
  LevelIntegral big;
  big.add(0, 1'000'000'000);
  CHECK(big.integral(1'000'000'000 * kSecond) ==
        static_cast<LevelNanos>(1'000'000'000) * 1'000'000'000 * kSecond);
}

}  // namespace surge
