// Parses a gpu_batch service's own keys (docs/model.md, "GPU batch tier";
// configs/README.md, "GPU batch tier"): max_batch, kv_cache_tokens, iteration,
// max_queue, max_wait_s, and its endpoints, which give token counts instead of work
// and call nothing. The keys every kind shares (instances, balancer, health_check_s,
// rate_limit) are read by parse_services.
#pragma once

#include "models/mesh/model_graph.hpp"
#include "sim/scenario/object_reader.hpp"

namespace surge::scenario {

// Largest KV cache of one replica, in tokens: sums of token counts stay exact.
inline constexpr std::uint64_t kMaxKvCacheTokens = 1'000'000'000'000;
// Largest batch of one replica.
inline constexpr std::uint64_t kMaxBatch = 1'000'000;

// Reads the tier's keys into service.gpu; sets workers = max_batch and
// queue_capacity = max_queue (what the results collector compares against), and
// reports the worker-pool keys a GPU tier does not have.
void parse_gpu_batch_keys(mesh::ServiceSpec& service, ObjectReader& reader);

// Reads `endpoints`; false when it could not be read at all.
bool parse_gpu_endpoints(mesh::ServiceSpec& service, ObjectReader& reader);

}  // namespace surge::scenario
