// The keys of every random stream of a run (docs/model.md, "Randomness").
//
// A workload's arrivals come from a stream keyed by (seed, replication, workload
// name). Everything drawn for a request comes from generators keyed by (seed,
// replication, workload, request index, client attempt; a closed user's request
// index is (user, request number)) and then, one step per
// call made, by (call index in the endpoint, copy index within `count`, retry
// index of that call). Within a visit each purpose has its own generator, so the
// number of draws one purpose makes never shifts another's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/kernel/hash.hpp"
#include "sim/kernel/rng.hpp"

namespace surge::mesh {

// What a visit's generator is used for; part of the key, so never renumber.
enum class DrawPurpose : std::uint64_t {
  kWork = 1,         // the visit's own work
  kRoute = 2,        // balancer choices (random, power of two choices)
  kCallChance = 3,   // a call's `probability` (combined with the call index)
  kRetryJitter = 4,  // backoff jitter of a call's or a client's retries
  kThink = 5,        // a closed or session user's think time before a request
  kSessionHit = 6,   // whether a session store's `get` without a user hits
  kRepeat = 7,       // how many calls a session user's script step makes
  kRetryAfter = 8,   // a session user's wait before trying a failed step again
  kFaultError = 9,   // error faults' draws (combined with the fault index)
  kPromptTokens = 10,  // a GPU sequence's prompt length
  kOutputTokens = 11,  // a GPU sequence's output length
  kRequestBytes = 12,   // a call's request_bytes (the callee visit's key)
  kResponseBytes = 13,  // a call's response_bytes (the callee visit's key)
};

[[nodiscard]] inline std::uint64_t run_key(std::uint64_t seed, std::uint32_t replication) {
  return hash_combine(hash_combine(0x5375726765ULL /* "Surge" */, seed), replication);
}

[[nodiscard]] inline std::uint64_t arrival_stream_key(std::uint64_t seed,
                                                      std::uint32_t replication,
                                                      std::string_view workload) {
  return hash_combine(run_key(seed, replication),
                      std::string("workloads/") + std::string(workload) + "/arrivals");
}

[[nodiscard]] inline std::uint64_t workload_key(std::uint64_t run, std::string_view workload) {
  return hash_combine(run, workload);
}

// The request index of a closed user's request: (user, its request number).
[[nodiscard]] inline std::uint64_t closed_request_index(std::uint32_t user,
                                                        std::uint32_t request) {
  return hash_combine(hash_combine(0xC105EDULL, user), request);
}

// A session user's key: its session in a store, and the root of its draws.
[[nodiscard]] inline std::uint64_t session_user_key(std::uint64_t workload, std::uint32_t user) {
  return hash_combine(hash_combine(workload, 0x5E55ULL), user);
}

// The request index of one call of a session user's script: (user, step, repeat,
// relogins so far); a login redone after `unauthenticated` is step kReloginStep.
inline constexpr std::uint32_t kReloginStep = 0xFFFFFFFFU;
[[nodiscard]] inline std::uint64_t session_request_index(std::uint32_t user, std::uint32_t step,
                                                         std::uint32_t repeat,
                                                         std::uint32_t relogins) {
  return hash_combine(hash_combine(hash_combine(hash_combine(0x5E551011ULL, user), step), repeat),
                      relogins);
}

// The key of a client attempt: the root of its call tree.
[[nodiscard]] inline std::uint64_t attempt_key(std::uint64_t workload,
                                               std::uint64_t request_index,
                                               std::uint32_t attempt) {
  return hash_combine(hash_combine(workload, request_index), attempt);
}

// One step down the call tree.
[[nodiscard]] inline std::uint64_t call_key(std::uint64_t parent, std::uint32_t call_index,
                                            std::uint32_t copy, std::uint32_t retry) {
  return hash_combine(hash_combine(hash_combine(parent, call_index), copy), retry);
}

// The root of a visit's error-fault draws; FaultEffects combines the fault index.
[[nodiscard]] inline std::uint64_t fault_error_key(std::uint64_t visit_key) {
  return hash_combine(visit_key, static_cast<std::uint64_t>(DrawPurpose::kFaultError));
}

[[nodiscard]] inline Rng purpose_rng(std::uint64_t visit_key, DrawPurpose purpose,
                                     std::uint64_t detail = 0) {
  return Rng(hash_combine(hash_combine(visit_key, static_cast<std::uint64_t>(purpose)), detail));
}

}  // namespace surge::mesh
