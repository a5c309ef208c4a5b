// Balancer against a brute-force reference: least_outstanding's indexed heap must
// pick exactly what a scan of every routable instance picks (fewest outstanding,
// ties to the lowest id), through random load changes and instances going down.
#include <catch2/catch.hpp>

#include <vector>

#include "models/mesh/balancer.hpp"
#include "models/mesh/random_keys.hpp"
#include "sim/kernel/rng.hpp"

namespace surge::mesh {
namespace {

std::uint32_t scan_least(const std::vector<std::uint32_t>& load, const std::vector<bool>& up) {
  std::uint32_t best = kNoInstance;
  for (std::uint32_t i = 0; i < load.size(); ++i)
    if (up[i] && (best == kNoInstance || load[i] < load[best])) best = i;
  return best;
}

TEST_CASE("models::balancer: least_outstanding picks what a full scan picks", "[models]") {
  constexpr std::uint32_t kInstances = 37;
  Balancer balancer(BalancerKind::kLeastOutstanding, kInstances);
  std::vector<std::uint32_t> load(kInstances, 0);
  std::vector<bool> up(kInstances, true);
  Rng rng(7);
  for (int step = 0; step < 200'000; ++step) {
    const auto i = static_cast<std::uint32_t>(rng.below(kInstances));
    const std::uint64_t action = rng.below(10);
    if (action < 8) {
      // +-1 like visits arriving and leaving, sometimes a jump like a crash (to 0).
      load[i] = action < 4 ? load[i] + 1 : (action < 7 ? (load[i] > 0 ? load[i] - 1 : 0) : 0);
      balancer.set_load(i, load[i]);
    } else {
      up[i] = !up[i];
      balancer.set_routable(i, up[i]);
    }
    REQUIRE(balancer.choose(0) == scan_least(load, up));
  }
}

TEST_CASE("models::balancer: random picks the k-th routable instance in ascending order",
          "[models]") {
  constexpr std::uint32_t kInstances = 53;
  Balancer balancer(BalancerKind::kRandom, kInstances);
  std::vector<bool> up(kInstances, true);
  Rng flips(3);
  for (std::uint64_t key = 0; key < 50'000; ++key) {
    const auto i = static_cast<std::uint32_t>(flips.below(kInstances));
    up[i] = !up[i];
    balancer.set_routable(i, up[i]);
    std::vector<std::uint32_t> routable;
    for (std::uint32_t j = 0; j < kInstances; ++j)
      if (up[j]) routable.push_back(j);
    Rng draw = purpose_rng(key, DrawPurpose::kRoute);
    const std::uint32_t expected =
        routable.empty() ? kNoInstance
                         : routable[draw.below(static_cast<std::uint32_t>(routable.size()))];
    REQUIRE(balancer.choose(key) == expected);
  }
}

TEST_CASE("models::balancer: round robin cycles over the routable instances", "[models]") {
  Balancer balancer(BalancerKind::kRoundRobin, 4);
  CHECK(balancer.choose(0) == 0);
  CHECK(balancer.choose(0) == 1);
  balancer.set_routable(2, false);
  CHECK(balancer.choose(0) == 3);  // position 2 of {0, 1, 3}
  CHECK(balancer.choose(0) == 0);
  balancer.set_routable(0, false);
  balancer.set_routable(1, false);
  balancer.set_routable(3, false);
  CHECK(balancer.choose(0) == kNoInstance);
}

TEST_CASE("models::balancer: power of two choices takes the lighter of two distinct picks",
          "[models]") {
  Balancer balancer(BalancerKind::kPowerOfTwoChoices, 2);
  balancer.set_load(0, 5);
  balancer.set_load(1, 2);
  // With two instances both are always sampled: the lighter one wins every time.
  for (std::uint64_t key = 0; key < 100; ++key) CHECK(balancer.choose(key) == 1);
  balancer.set_load(1, 5);
  for (std::uint64_t key = 0; key < 100; ++key) CHECK(balancer.choose(key) == 0);  // tie: lower id
}

}  // namespace
}  // namespace surge::mesh
