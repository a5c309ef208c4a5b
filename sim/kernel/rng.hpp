// Rng: the one uniform random source of surge, a counter-based generator.
//
// Output i of the generator with key k is mix64(k + (i + 1) * golden): SplitMix64
// (Steele et al. 2014), which passes BigCrush. Because output i depends only on
// (k, i), a generator keyed by a request's identity gives that request the same
// draws in every what-if variant (docs/model.md, "Randomness"). Arrival
// streams use the same generator keyed by (seed, replication, stream name).
//
// Keys come from hash.hpp; distinct identities give unrelated keys, so streams do
// not overlap in practice (two keys would have to differ by a small multiple of
// the golden gamma).
#pragma once

#include <cstdint>

#include "sim/kernel/hash.hpp"

namespace surge {

class Rng {
 public:
  constexpr explicit Rng(std::uint64_t key) : key_(key) {}

  [[nodiscard]] constexpr std::uint64_t next_u64() {
    counter_ += kGamma;
    return mix64(key_ + counter_);
  }

  // Uniform on [0, 1) with 53 random bits.
  [[nodiscard]] constexpr double uniform01() {
    return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
  }

  // Uniform on (0, 1): never 0, so log(u) is always finite, and never 1. 52 bits:
  // with 53, the top value plus one half would round up to exactly 1.
  [[nodiscard]] constexpr double uniform_open01() {
    return (static_cast<double>(next_u64() >> 12) + 0.5) * 0x1.0p-52;
  }

  // Uniform integer in [0, n) by Lemire's multiply-shift (bias < n / 2^64).
  // REQUIRES: n > 0
  [[nodiscard]] std::uint64_t below(std::uint64_t n) {
    __extension__ using U128 = unsigned __int128;
    return static_cast<std::uint64_t>((static_cast<U128>(next_u64()) * n) >> 64);
  }

  [[nodiscard]] constexpr std::uint64_t key() const { return key_; }
  // The counter is draws * gamma modulo 2^64; multiplying by gamma's inverse modulo
  // 2^64 recovers the count.
  [[nodiscard]] constexpr std::uint64_t draws() const { return counter_ * kGammaInverse; }

 private:
  static constexpr std::uint64_t kGamma = 0x9e3779b97f4a7c15ULL;
  static constexpr std::uint64_t kGammaInverse = 0xf1de83e19937733dULL;
  static_assert(kGamma * kGammaInverse == 1, "inverse modulo 2^64");
  std::uint64_t key_;
  std::uint64_t counter_ = 0;
};

}  // namespace surge
