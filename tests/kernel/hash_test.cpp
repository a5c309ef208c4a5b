// Known answers for the stable hashes that key every random stream. A change here
// changes every report: these tests make such a change deliberate.
#include "sim/kernel/hash.hpp"

#include <catch2/catch.hpp>
#include <cstdint>

namespace surge {

TEST_CASE("kernel::hash: mix64 is SplitMix64's finalizer", "[kernel]") {
  CHECK(mix64(0) == 0);  // the finalizer fixes 0
  CHECK(mix64(1) == 0x5692161d100b05e5ULL);
  CHECK(mix64(0x0123456789abcdefULL) == 0xb2c058e4ebb5112cULL);
  // The first SplitMix64 output for seed 0 (Steele et al. 2014; Vigna's splitmix64.c).
  CHECK(mix64(0x9e3779b97f4a7c15ULL) == 0xe220a8397b1dcdafULL);
}

TEST_CASE("kernel::hash: hash_name is FNV-1a then mix64", "[kernel]") {
  // FNV-1a 64 of "" is the offset basis and of "a" is the published 0xaf63dc4c8601ec8c.
  CHECK(hash_name("") == mix64(0xcbf29ce484222325ULL));
  CHECK(hash_name("a") == mix64(0xaf63dc4c8601ec8cULL));
  CHECK(hash_name("workloads/web/arrivals") == 0x0fc490fce42eb9a1ULL);
  CHECK(hash_name("workloads/web/arrivals") != hash_name("workloads/web/arrival"));
  static_assert(hash_name("a") == 0x02c0bdbf481420f8ULL, "usable at compile time");
}

TEST_CASE("kernel::hash: hash_combine is order-sensitive and pinned", "[kernel]") {
  CHECK(hash_combine(42, std::uint64_t{7}) == 0xd56fd4491d82a4ddULL);
  const std::uint64_t k = hash_combine(42, std::string_view("workloads/web/arrivals"));
  CHECK(hash_combine(k, std::uint64_t{3}) == 0x8559365707f895f1ULL);
  CHECK(hash_combine(hash_combine(1, std::uint64_t{2}), std::uint64_t{3}) !=
        hash_combine(hash_combine(1, std::uint64_t{3}), std::uint64_t{2}));
}

}  // namespace surge
