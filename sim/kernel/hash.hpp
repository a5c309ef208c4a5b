// Stable 64-bit hashing for keying random streams.
//
// Every random stream in surge is seeded from a hash of its identity (scenario
// seed, replication, names, request index, call-tree position). std::hash is not
// stable across standard libraries, so we use the SplitMix64 finalizer for
// integers and FNV-1a (then the finalizer) for names. These functions are part of
// the reproducibility contract: changing them changes every report.
#pragma once

#include <cstdint>
#include <string_view>

namespace surge {

// SplitMix64's output function (Steele, Lea, Flood 2014): a bijective avalanche mix.
[[nodiscard]] constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Combines a running key with one more component. Order matters:
// hash_combine(hash_combine(k, a), b) != hash_combine(hash_combine(k, b), a).
[[nodiscard]] constexpr std::uint64_t hash_combine(std::uint64_t key, std::uint64_t value) {
  return mix64(key ^ mix64(value + 0x9e3779b97f4a7c15ULL));
}

[[nodiscard]] constexpr std::uint64_t hash_name(std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a 64 offset basis
  for (char c : name) {
    h ^= static_cast<std::uint8_t>(c);
    h *= 0x100000001b3ULL;  // FNV-1a 64 prime
  }
  return mix64(h);
}

[[nodiscard]] constexpr std::uint64_t hash_combine(std::uint64_t key, std::string_view name) {
  return hash_combine(key, hash_name(name));
}

}  // namespace surge
