#include "sim/kernel/rng.hpp"

#include <boost/math/distributions/chi_squared.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

namespace surge {

TEST_CASE("kernel::rng: outputs are SplitMix64's for the key as seed", "[kernel]") {
  // The published SplitMix64 sequence for seed 0, then pinned values for key 42.
  Rng zero(0);
  CHECK(zero.next_u64() == 0xe220a8397b1dcdafULL);
  CHECK(zero.next_u64() == 0x6e789e6aa1b965f4ULL);
  CHECK(zero.next_u64() == 0x06c45d188009454fULL);
  Rng rng(42);
  CHECK(rng.next_u64() == 0xbdd732262feb6e95ULL);
  CHECK(rng.next_u64() == 0x28efe333b266f103ULL);
  CHECK(rng.next_u64() == 0x47526757130f9f52ULL);
  CHECK(rng.key() == 42);
}

TEST_CASE("kernel::rng: output i depends only on the key and i", "[kernel]") {
  Rng a(7);
  Rng b(7);
  (void)a.uniform01();
  (void)a.below(10);
  (void)b.next_u64();
  (void)b.next_u64();
  CHECK(a.next_u64() == b.next_u64());
}

// The inverse of mix64 (each xor-shift undone by repeating it, each multiply by
// the inverse constant modulo 2^64), so a test can choose a generator's output.
std::uint64_t unmix64(std::uint64_t y) {
  y ^= (y >> 31) ^ (y >> 62);
  y *= 0x319642b2d24d8ec3ULL;  // inverse of 0x94d049bb133111eb
  y ^= (y >> 27) ^ (y >> 54);
  y *= 0x96de1b173f119089ULL;  // inverse of 0xbf58476d1ce4e5b9
  y ^= (y >> 30) ^ (y >> 60);
  return y;
}

// A generator whose first output is `x`.
Rng rng_giving(std::uint64_t x) { return Rng(unmix64(x) - 0x9e3779b97f4a7c15ULL); }

TEST_CASE("kernel::rng: unmix64 inverts mix64", "[kernel]") {
  Rng rng(9);
  for (int i = 0; i < 1000; ++i) {
    const std::uint64_t x = rng.next_u64();
    REQUIRE(mix64(unmix64(x)) == x);
  }
  CHECK(rng_giving(0x0123456789abcdefULL).next_u64() == 0x0123456789abcdefULL);
}

TEST_CASE("kernel::rng: uniform01 is the top 53 bits, from 0 up to below 1", "[kernel]") {
  Rng bits(5);
  Rng u(5);
  for (int i = 0; i < 1000; ++i) {
    REQUIRE(u.uniform01() == static_cast<double>(bits.next_u64() >> 11) * 0x1.0p-53);
  }
  CHECK(rng_giving(0).uniform01() == 0.0);
  CHECK(rng_giving(~std::uint64_t{0}).uniform01() == 1.0 - 0x1.0p-53);
  CHECK(rng_giving(0).uniform_open01() > 0.0);
  Rng rng(hash_name("kernel/rng/range"));
  for (int i = 0; i < 100'000; ++i) {
    const double a = rng.uniform01();
    const double b = rng.uniform_open01();
    REQUIRE(a >= 0.0);
    REQUIRE(a < 1.0);
    REQUIRE(b > 0.0);
    REQUIRE(b < 1.0);
  }
}

// Regression: uniform_open01 once mapped 53 bits x to (x + 0.5) 2^-53, and for
// x = 2^53 - 1 the sum needs 54 bits and rounded to exactly 1.0.
TEST_CASE("kernel::rng: uniform_open01 stays below 1 at the top of its range",
          "[kernel]") {
  CHECK(rng_giving(~std::uint64_t{0}).uniform_open01() < 1.0);
}

TEST_CASE("kernel::rng: below(n) is uniform by chi-square", "[kernel]") {
  // n not a power of two, so a biased reduction would show; 20k draws per cell on
  // average for n = 7 and 200 per cell for n = 1000. Critical value at 0.999.
  for (std::uint64_t n : {std::uint64_t{2}, std::uint64_t{7}, std::uint64_t{1000}}) {
    const int draws = 200'000;
    std::vector<double> counts(n, 0.0);
    Rng rng(hash_combine(hash_name("kernel/rng/below"), n));
    for (int i = 0; i < draws; ++i) {
      const std::uint64_t k = rng.below(n);
      REQUIRE(k < n);
      counts[k] += 1.0;
    }
    const double expected = draws / static_cast<double>(n);
    double chi2 = 0.0;
    for (double c : counts) chi2 += (c - expected) * (c - expected) / expected;
    const boost::math::chi_squared_distribution<double> law(static_cast<double>(n - 1));
    INFO("n = " << n << ", chi2 = " << chi2);
    CHECK(chi2 < boost::math::quantile(law, 0.999));
  }
  Rng one(3);
  CHECK(one.below(1) == 0);
}

// Regression: draws() once divided the counter (n * gamma modulo 2^64) by gamma,
// which is wrong from the second draw on.
TEST_CASE("kernel::rng: draws() counts the outputs taken", "[kernel]") {
  Rng rng(11);
  CHECK(rng.draws() == 0);
  for (std::uint64_t i = 1; i <= 5; ++i) {
    (void)rng.next_u64();
    CHECK(rng.draws() == i);
  }
}

}  // namespace surge
