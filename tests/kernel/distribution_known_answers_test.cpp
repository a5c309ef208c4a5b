// Known answers: the first draws of every sampler for one fixed key, and how many
// uniforms each sampler consumes. These values were computed once from the
// algorithms in distribution.cpp; they pin those algorithms, so any change to a
// sampler (and so to every report) shows up here. Continuous draws are compared
// to 1e-13 relative, so a libm that differs in the last bit on another platform
// still passes while a changed algorithm cannot.
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/kernel/distribution.hpp"

namespace surge {
namespace {

constexpr std::uint64_t kKey = hash_name("kernel/known-answers");

std::vector<double> first_three(const Distribution& d) {
  Rng rng(kKey);
  return {d.sample(rng), d.sample(rng), d.sample(rng)};
}

// How many uniforms one sample() took: the generator's next output is the
// reference stream's output number (draws + 1), found without trusting draws().
int draws_for_one_sample(const Distribution& d, std::uint64_t key) {
  Rng rng(key);
  (void)d.sample(rng);
  const std::uint64_t next = rng.next_u64();
  Rng reference(key);
  for (int k = 0; k < 1000; ++k) {
    if (reference.next_u64() == next) return k;
  }
  return -1;
}

void check_pinned(const Distribution& d, const std::vector<double>& expected) {
  const std::vector<double> got = first_three(d);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("draw " << i);
    CHECK(got[i] == Approx(expected[i]).epsilon(1e-13).margin(0));
  }
}

}  // namespace

TEST_CASE("kernel::distribution: first draws are pinned for a fixed key", "[kernel]") {
  SECTION("exponential") {
    check_pinned(Distribution::exponential(2.5),
                 {2.7311127229502192, 1.275324378524433, 4.9034811414538595});
  }
  SECTION("uniform") {
    check_pinned(Distribution::uniform(1, 4),
                 {2.0061862558173713, 2.8012530061568022, 1.4219872545402719});
  }
  SECTION("lognormal") {
    check_pinned(Distribution::lognormal(2, 0.5),
                 {1.0179221559891276, 0.74147628315354397, 2.5259928703047492});
  }
  SECTION("gamma, shape >= 1") {
    check_pinned(Distribution::gamma(3, 0.5),
                 {1.3673658683698049, 2.4415268138550745, 3.2365902306933556});
  }
  SECTION("gamma, shape < 1") {
    check_pinned(Distribution::gamma(2, 2),
                 {0.057515966346848538, 6.2815008976927809, 1.9710665997332868});
  }
  SECTION("hyperexponential") {
    check_pinned(Distribution::hyperexponential(1, 2),
                 {0.28746236271694248, 0.45600653990389739, 0.10808760759378576});
  }
  SECTION("empirical") {
    check_pinned(Distribution::empirical({{0.0, 0.1}, {0.5, 0.4}, {0.9, 1.0}, {1.0, 10.0}}),
                 {0.30123725116347422, 0.550626503078401, 0.18439745090805437});
  }
  SECTION("geometric") {
    CHECK(first_three(Distribution::geometric(8)) == std::vector<double>{9, 4, 15});
  }
  SECTION("poisson by inversion") {
    CHECK(first_three(Distribution::poisson(4)) == std::vector<double>{3, 4, 2});
  }
  SECTION("poisson by PTRS") {
    CHECK(first_three(Distribution::poisson(250)) == std::vector<double>{242, 230, 239});
  }
  SECTION("sample_count of a lognormal") {
    Rng rng(kKey);
    const Distribution tokens = Distribution::lognormal(800, 1.0);
    CHECK(tokens.sample_count(rng) == 209);
    CHECK(tokens.sample_count(rng) == 120);
    CHECK(tokens.sample_count(rng) == 1039);
  }
}

TEST_CASE("kernel::distribution: fixed-cost samplers take a fixed number of uniforms", "[kernel]") {
  const std::vector<std::pair<Distribution, int>> cases = {
      {Distribution::deterministic(1), 0},
      {Distribution::exponential(1), 1},
      {Distribution::uniform(0, 1), 1},
      {Distribution::empirical({{0.0, 1.0}, {1.0, 2.0}}), 1},
      {Distribution::geometric(1), 1},  // the same count whatever the mean
      {Distribution::geometric(5), 1},
      {Distribution::poisson(0), 1},
      {Distribution::poisson(12), 1},
      {Distribution::lognormal(1, 1), 2},
      {Distribution::hyperexponential(1, 3), 2},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    for (std::uint64_t key = 0; key < 20; ++key) {
      INFO("case " << i << ", key " << key);
      REQUIRE(draws_for_one_sample(cases[i].first, key) == cases[i].second);
    }
  }
}

TEST_CASE("kernel::distribution: sample_count rounds to nearest, at least 1", "[kernel]") {
  Rng rng(kKey);
  CHECK(Distribution::deterministic(2.5).sample_count(rng) == 3);  // halves away from zero
  CHECK(Distribution::deterministic(7.49).sample_count(rng) == 7);
  CHECK(Distribution::deterministic(7.51).sample_count(rng) == 8);
  CHECK(Distribution::deterministic(0.2).sample_count(rng) == 1);
  CHECK(Distribution::deterministic(0).sample_count(rng) == 1);
  CHECK(Distribution::poisson(0).sample_count(rng) == 1);
  CHECK(Distribution::deterministic(1e300).sample_count(rng) == (std::int64_t{1} << 53));
  const Distribution tokens = Distribution::lognormal(3, 2);
  for (int i = 0; i < 10'000; ++i) REQUIRE(tokens.sample_count(rng) >= 1);
}

}  // namespace surge
