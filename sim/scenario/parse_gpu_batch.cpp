#include "sim/scenario/parse_gpu_batch.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "sim/kernel/time.hpp"
#include "sim/scenario/parse_distribution.hpp"
#include "sim/scenario/parse_services.hpp"

namespace surge::scenario {
namespace {

using nlohmann::json;

// Keys of a worker pool that mean nothing on a GPU tier, and what to use instead.
struct ForeignKey {
  const char* key;
  const char* fix;
};
constexpr ForeignKey kForeignKeys[] = {
    {"workers", "a GPU replica runs up to max_batch sequences at once: use max_batch"},
    {"queue_capacity", "waiting sequences per replica are bounded by max_queue"},
    {"discipline", "a GPU replica admits waiting sequences in arrival order (fifo)"},
    {"cores", "a GPU replica's speed is its iteration times (iteration)"},
    {"shed", "a GPU replica drops sequences that waited too long with max_wait_s"},
    {"bulkheads", "a GPU tier has no worker pool to partition; put bulkheads on its callers"},
};

void parse_iteration(mesh::GpuBatchSpec& gpu, ObjectReader& parent) {
  const json* value = parent.require("iteration");
  if (!value) return;
  ObjectReader reader(*value, parent.child("iteration"), parent.problems());
  if (!reader.valid()) return;
  if (const auto base = reader.required_duration("base_s")) gpu.base_s = *base;
  gpu.per_prefill_token_s = reader.number("per_prefill_token_s", 0.0, Range{0.0, kMaxSeconds});
  gpu.per_decode_seq_s = reader.number("per_decode_seq_s", 0.0, Range{0.0, kMaxSeconds});
  reader.finish();
}

mesh::EndpointSpec parse_gpu_endpoint(const std::string& name, const json& value,
                                      const std::string& pointer, Problems& problems) {
  mesh::EndpointSpec endpoint;
  endpoint.name = name;
  ObjectReader reader(value, pointer, problems);
  if (!reader.valid()) return endpoint;
  if (reader.get("work")) {
    reader.fail("work",
                "a GPU endpoint's time comes from its iterations: give prompt_tokens "
                "and output_tokens, and the tier's iteration times");
  }
  if (reader.get("calls")) {
    reader.fail("calls",
                "a GPU endpoint calls nothing: make the calls from the service that "
                "calls it");
  }
  for (const char* key : {"prompt_tokens", "output_tokens"}) {
    const json* d = reader.require(key);
    if (!d) continue;
    auto parsed = parse_distribution(*d, reader.child(key), Quantity::kCount, problems);
    if (!parsed) continue;
    (std::string_view(key) == "prompt_tokens" ? endpoint.prompt_tokens : endpoint.output_tokens) =
        std::move(*parsed);
  }
  reader.finish();
  return endpoint;
}

}  // namespace

void parse_gpu_batch_keys(mesh::ServiceSpec& service, ObjectReader& reader) {
  for (const ForeignKey& k : kForeignKeys) {
    if (reader.get(k.key)) {
      reader.fail(k.key, fmt::format("a gpu_batch service has no `{}`: {}", k.key, k.fix));
    }
  }
  mesh::GpuBatchSpec& gpu = service.gpu;
  if (const auto b = reader.required_integer("max_batch", 1, kMaxBatch)) {
    gpu.max_batch = static_cast<std::uint32_t>(*b);
  }
  if (const auto kv = reader.required_integer("kv_cache_tokens", 1, kMaxKvCacheTokens)) {
    gpu.kv_cache_tokens = *kv;
  }
  parse_iteration(gpu, reader);
  gpu.max_queue =
      static_cast<std::uint32_t>(reader.integer("max_queue", mesh::kUnlimited, 1, kMaxPerInstance));
  if (const auto wait = reader.optional_duration("max_wait_s")) gpu.max_wait_s = *wait;
  service.workers = gpu.max_batch;
  service.queue_capacity = gpu.max_queue;
}

bool parse_gpu_endpoints(mesh::ServiceSpec& service, ObjectReader& reader) {
  const json* endpoints = reader.require("endpoints");
  if (!endpoints) return false;
  const std::string pointer = reader.child("endpoints");
  if (!endpoints->is_object() || endpoints->empty()) {
    reader.problems().add(
        pointer,
        fmt::format("expected an object of endpoints (at least one, e.g. "
                    "{{\"generate\": {{\"prompt_tokens\": ..., \"output_tokens\": ...}}}}), "
                    "got {}",
                    describe(*endpoints)));
    return false;
  }
  for (const auto& [name, value] : endpoints->items()) {
    const std::string at = child_pointer(pointer, name);
    check_name(name, at, "endpoint", reader.problems());
    service.endpoints.push_back(parse_gpu_endpoint(name, value, at, reader.problems()));
  }
  return true;
}

}  // namespace surge::scenario
