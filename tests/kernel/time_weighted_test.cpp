#include "sim/kernel/time_weighted.hpp"

#include <catch2/catch.hpp>

namespace surge {
namespace {
constexpr SimTime kSecond = kNanosPerSecond;
}

TEST_CASE("kernel::time_weighted: hand-computed average, integral and max", "[kernel]") {
  TimeWeighted q;  // 0 from time 0
  CHECK(q.mean(0) == 0.0);
  q.set(1 * kSecond, 2.0);
  q.set(3 * kSecond, 5.0);
  // 0 for 1 s, 2 for 2 s, 5 for 1 s: area 9 over 4 s.
  CHECK(q.integral(4 * kSecond) == 9.0);
  CHECK(q.mean(4 * kSecond) == 2.25);
  CHECK(q.max() == 5.0);
  CHECK(q.value() == 5.0);
  q.add(4 * kSecond, -4.0);  // 1 from 4 s
  CHECK(q.value() == 1.0);
  CHECK(q.mean(6 * kSecond) == Approx(11.0 / 6.0).epsilon(1e-15));
  CHECK(q.max() == 5.0);
}

TEST_CASE("kernel::time_weighted: a non-zero start and initial value", "[kernel]") {
  TimeWeighted busy(10 * kSecond, 3.0);
  CHECK(busy.mean(10 * kSecond) == 3.0);  // empty span: the current value
  busy.set(12 * kSecond, 1.0);
  CHECK(busy.mean(14 * kSecond) == 2.0);  // 3 for 2 s, 1 for 2 s
  CHECK(busy.max() == 3.0);
  // Several changes at one instant weigh nothing.
  busy.set(14 * kSecond, 100.0);
  busy.set(14 * kSecond, 1.0);
  CHECK(busy.integral(16 * kSecond) == 10.0);
  CHECK(busy.max() == 100.0);
  // Sub-second spans.
  TimeWeighted fine;
  fine.set(250'000'000, 4.0);
  CHECK(fine.integral(kSecond) == Approx(3.0).epsilon(1e-15));
}

TEST_CASE("kernel::time_weighted: restart forgets the history", "[kernel]") {
  TimeWeighted q;
  q.set(1 * kSecond, 8.0);
  q.set(2 * kSecond, 5.0);
  q.restart(4 * kSecond);  // warmup over; the value 5 carries on
  CHECK(q.max() == 5.0);
  CHECK(q.integral(4 * kSecond) == 0.0);
  CHECK(q.mean(4 * kSecond) == 5.0);
  q.set(5 * kSecond, 1.0);
  CHECK(q.mean(6 * kSecond) == 3.0);  // 5 for 1 s, 1 for 1 s
  CHECK(q.max() == 5.0);
  q.restart(6 * kSecond);
  CHECK(q.max() == 1.0);
  CHECK(q.mean(10 * kSecond) == 1.0);
}

TEST_CASE("kernel::time_weighted: reset_max keeps the integral", "[kernel]") {
  TimeWeighted q;
  q.set(1 * kSecond, 8.0);
  q.set(2 * kSecond, 5.0);
  q.reset_max();  // the warmup ends: maxima from here on, integral since 0
  CHECK(q.max() == 5.0);
  CHECK(q.integral(3 * kSecond) == 13.0);  // 8 for 1 s, 5 for 1 s
  q.set(3 * kSecond, 6.0);
  CHECK(q.max() == 6.0);
}

}  // namespace surge
