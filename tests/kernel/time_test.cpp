#include "sim/kernel/time.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "sim/kernel/rng.hpp"

namespace surge {

TEST_CASE("kernel::time: checked_from_seconds rounds to the nearest nanosecond", "[kernel]") {
  CHECK(checked_from_seconds(0.0) == SimTime{0});
  CHECK(checked_from_seconds(1.0) == kNanosPerSecond);
  CHECK(checked_from_seconds(0.1) == SimTime{100'000'000});
  CHECK(checked_from_seconds(1e-9) == SimTime{1});
  CHECK(checked_from_seconds(0.4e-9) == SimTime{0});
  CHECK(checked_from_seconds(0.6e-9) == SimTime{1});
  CHECK(checked_from_seconds(2.5e-9) == SimTime{3});  // halves away from zero
  CHECK(checked_from_seconds(1.2345678904) == SimTime{1'234'567'890});
  CHECK(checked_from_seconds(1.2345678906) == SimTime{1'234'567'891});
  CHECK(checked_from_seconds(kMaxSeconds) == SimTime{1'000'000'000'000'000'000});
}

TEST_CASE("kernel::time: checked_from_seconds rejects NaN, inf, negative, too large", "[kernel]") {
  const double inf = std::numeric_limits<double>::infinity();
  CHECK_FALSE(checked_from_seconds(std::numeric_limits<double>::quiet_NaN()));
  CHECK_FALSE(checked_from_seconds(inf));
  CHECK_FALSE(checked_from_seconds(-inf));
  CHECK_FALSE(checked_from_seconds(-1e-12));
  CHECK_FALSE(checked_from_seconds(-1.0));
  CHECK_FALSE(checked_from_seconds(std::nextafter(kMaxSeconds, inf)));
  CHECK_FALSE(checked_from_seconds(1e300));
}

TEST_CASE("kernel::time: from_seconds clamps instead of failing", "[kernel]") {
  CHECK(from_seconds(-1.0) == 0);
  CHECK(from_seconds(std::numeric_limits<double>::quiet_NaN()) == 0);
  CHECK(from_seconds(2e9) == SimTime{1'000'000'000'000'000'000});
  CHECK(from_seconds(std::numeric_limits<double>::infinity()) ==
        SimTime{1'000'000'000'000'000'000});
  CHECK(from_seconds(0.25) == SimTime{250'000'000});
}

TEST_CASE("kernel::time: to_seconds round-trips", "[kernel]") {
  CHECK(to_seconds(kNanosPerSecond) == 1.0);
  CHECK(to_seconds(1) == 1e-9);
  // Exact below 2^50 ns (13 days): two roundings of 2^-53 each stay under half a
  // nanosecond. Above, the error is relative, at most a few 1e-16.
  Rng rng(hash_name("kernel/time/round-trip"));
  for (int i = 0; i < 100'000; ++i) {
    const auto t = static_cast<SimTime>(rng.below(std::uint64_t{1} << 50));
    REQUIRE(checked_from_seconds(to_seconds(t)) == t);
  }
  for (int i = 0; i < 10'000; ++i) {
    const auto t = static_cast<SimTime>(rng.below(std::uint64_t{1'000'000'000'000'000'000}));
    const auto back = checked_from_seconds(to_seconds(t));
    REQUIRE(back.has_value());
    REQUIRE(std::abs(static_cast<double>(*back - t)) <= 1e-15 * static_cast<double>(t) + 0.5);
  }
}

}  // namespace surge
