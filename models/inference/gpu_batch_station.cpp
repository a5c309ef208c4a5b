#include "models/inference/gpu_batch_station.hpp"

#include <algorithm>
#include <cmath>

#include "models/mesh/random_keys.hpp"

namespace surge::inference {
namespace {

// Largest token count drawn: far above any KV budget, and exact in a double.
constexpr double kMaxTokens = 1e15;

std::uint64_t prompt_tokens(const Distribution& d, std::uint64_t key) {
  Rng rng = mesh::purpose_rng(key, mesh::DrawPurpose::kPromptTokens);
  return static_cast<std::uint64_t>(std::llround(std::clamp(d.sample(rng), 1.0, kMaxTokens)));
}

std::uint64_t output_tokens(const Distribution& d, std::uint64_t key) {
  Rng rng = mesh::purpose_rng(key, mesh::DrawPurpose::kOutputTokens);
  return static_cast<std::uint64_t>(std::llround(std::clamp(d.sample(rng), 1.0, kMaxTokens)));
}

}  // namespace

GpuBatchStation::GpuBatchStation(const mesh::ServiceSpec& spec, mesh::StationHost& host,
                                 std::uint32_t service)
    : host_(host),
      service_(service),
      spec_(spec.gpu),
      max_wait_(spec.gpu.max_wait_s == mesh::kNoTimeout ? kTimeInfinity
                                                        : from_seconds(spec.gpu.max_wait_s)),
      endpoints_(spec.endpoints),
      replicas_(spec.instances),
      figures_(from_seconds(host.graph().warmup_s), from_seconds(host.graph().report.interval_s),
               spec.instances, spec.gpu.max_batch, spec.gpu.kv_cache_tokens) {}

mesh::AdmitResult GpuBatchStation::admit(Handle visit, const mesh::Visit& v,
                                         std::uint32_t instance) {
  const mesh::EndpointSpec& endpoint = endpoints_[v.endpoint];
  Sequence s;
  s.visit = visit;
  s.arrived = host_.now();
  s.counted = v.counted;
  s.prompt = prompt_tokens(endpoint.prompt_tokens, v.key);
  s.output = output_tokens(endpoint.output_tokens, v.key);
  Replica& r = replicas_[instance];
  mesh::GpuBatchResult& counts = figures_.counts();
  if (s.prompt + s.output > spec_.kv_cache_tokens) {
    if (s.counted) ++counts.too_long;
    return {mesh::Admission::kRefused, mesh::Outcome::kRejected};
  }
  if (r.waiting.size() >= spec_.max_queue) {
    if (s.counted) ++counts.queue_full;
    return {mesh::Admission::kRefused, mesh::Outcome::kRejected};
  }
  r.waiting.push_back(s);
  if (!r.timer_pending) {
    // An idle replica starts its next iteration after everything arriving now.
    r.timer_pending = true;
    host_.schedule_timer(service_, host_.now(), instance, r.generation);
  }
  return {mesh::Admission::kQueued, mesh::Outcome::kOk};
}

void GpuBatchStation::on_timer(std::uint32_t instance, std::uint32_t generation) {
  Replica& r = replicas_[instance];
  if (generation != r.generation) return;  // the replica crashed since
  const SimTime now = host_.now();
  r.timer_pending = false;
  figures_.roll(now);
  if (r.iterating) end_iteration(r, instance, now);
  begin_iteration(r, instance, now);
}

void GpuBatchStation::end_iteration(Replica& r, std::uint32_t instance, SimTime now) {
  r.iterating = false;
  const std::uint64_t tokens = r.running.size() + r.admitted.size();
  r.kv_held += tokens;
  finished_.clear();
  while (!r.running.empty() && r.running.front().last_iteration == r.iteration) {
    std::pop_heap(r.running.begin(), r.running.end(), EndsLater{});
    finished_.push_back(r.running.back());
    r.running.pop_back();
  }
  // The admitted ones produced their first token; they were admitted after every
  // running one, so those ending now follow the heap's in admission order.
  for (Sequence& s : r.admitted) {
    s.first_token = now;
    figures_.first_token(now - s.arrived, s.counted);
    if (s.last_iteration == r.iteration) {
      finished_.push_back(s);
    } else {
      r.running.push_back(s);
      std::push_heap(r.running.begin(), r.running.end(), EndsLater{});
    }
  }
  r.admitted.clear();
  for (const Sequence& s : finished_) {
    r.kv_reserved -= s.prompt + s.output;
    r.kv_held -= s.prompt + s.output;
  }
  figures_.iteration_ended(now, tokens);
  report_levels(r, instance, now);
  // Finishing departs the visits; the engine asks release(), which hands nothing on.
  for (const Sequence& s : finished_) {
    figures_.completed(s.arrived, s.first_token, now, s.output, s.counted);
    host_.work_done(s.visit);
  }
}

void GpuBatchStation::begin_iteration(Replica& r, std::uint32_t instance, SimTime now) {
  while (max_wait_ != kTimeInfinity && !r.waiting.empty() &&
         now - r.waiting.front().arrived > max_wait_) {
    const Sequence s = r.waiting.front();
    r.waiting.pop_front();
    if (s.counted) ++figures_.counts().waited_too_long;
    host_.shed(s.visit);
  }
  const std::uint64_t iteration = r.iteration + 1;
  std::uint64_t prefill = 0;
  while (!r.waiting.empty() && r.running.size() + r.admitted.size() < spec_.max_batch) {
    Sequence head = r.waiting.front();
    if (r.kv_reserved + head.prompt + head.output > spec_.kv_cache_tokens) break;
    r.waiting.pop_front();
    r.kv_reserved += head.prompt + head.output;
    r.kv_held += head.prompt;
    prefill += head.prompt;
    head.last_iteration = iteration + head.output - 1;
    head.order = r.admissions++;
    r.admitted.push_back(head);
    host_.start_waiting(head.visit);
  }
  report_levels(r, instance, now);
  const std::size_t batch = r.running.size() + r.admitted.size();
  if (batch == 0) return;  // idle until the next arrival
  r.iteration = iteration;
  figures_.prefilled(now, prefill);
  // At most kMaxSeconds (a scenario's longest duration): far past any horizon, and
  // representable once added to any time of the run.
  const double length_s = std::min(
      kMaxSeconds, spec_.base_s + spec_.per_prefill_token_s * static_cast<double>(prefill) +
                       spec_.per_decode_seq_s * static_cast<double>(batch));
  r.iterating = true;
  r.timer_pending = true;
  host_.schedule_timer(service_, now + from_seconds(length_s), instance, r.generation);
}

void GpuBatchStation::report_levels(const Replica& r, std::uint32_t instance, SimTime now) {
  figures_.set_replica(now, instance, r.running.size() + r.admitted.size(), r.kv_held,
                       r.kv_reserved);
}

std::vector<Handle> GpuBatchStation::crash(std::uint32_t instance) {
  Replica& r = replicas_[instance];
  const SimTime now = host_.now();
  figures_.roll(now);
  std::vector<Handle> waiting;
  waiting.reserve(r.waiting.size());
  for (const Sequence& s : r.waiting) waiting.push_back(s.visit);
  r.waiting.clear();
  r.running.clear();  // the engine fails them: they hold workers
  r.admitted.clear();
  r.kv_reserved = 0;
  r.kv_held = 0;
  ++r.generation;
  r.timer_pending = false;
  r.iterating = false;
  report_levels(r, instance, now);
  return waiting;
}

void GpuBatchStation::add_instance(std::uint32_t instance) {
  replicas_.resize(instance + 1);
  figures_.add_replica(host_.now());
}

void GpuBatchStation::remove_instance(std::uint32_t /*instance*/) {
  figures_.remove_replica(host_.now());
}

void GpuBatchStation::finish(mesh::ServiceResult& result, SimTime end) {
  mesh::GpuBatchResult out;
  figures_.finish(end, out, result.series);
  result.inference = std::move(out);
}

}  // namespace surge::inference
