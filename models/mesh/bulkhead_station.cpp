#include "models/mesh/bulkhead_station.hpp"

#include "sim/kernel/assert.hpp"

namespace surge::mesh {

BulkheadStation::BulkheadStation(const ServiceSpec& spec, StationHost& host)
    : instances_(spec.instances),
      shared_(spec.workers),
      queue_capacity_(spec.queue_capacity),
      discipline_(spec.discipline),
      shedder_(spec, host) {
  SURGE_ASSERT_MSG(spec.workers != kUnlimited, "the loader refuses bulkheads on unlimited workers");
  SURGE_ASSERT_MSG(spec.discipline != Discipline::kPs, "the loader refuses bulkheads with ps");
  for (const BulkheadSpec& b : spec.bulkheads) {
    if (b.workload >= reserved_.size()) reserved_.resize(b.workload + 1, 0);
    reserved_[b.workload] += b.workers;
    SURGE_ASSERT_MSG(b.workers <= shared_, "the loader checks that reservations fit in workers");
    shared_ -= b.workers;
  }
}

void BulkheadStation::add_instance(std::uint32_t instance) {
  SURGE_ASSERT(instance == instances_.size());
  instances_.emplace_back();
  shedder_.add_instance();
}

bool BulkheadStation::may_take(const Instance& inst, std::uint32_t workload) const {
  const std::uint32_t held = workload < inst.held.size() ? inst.held[workload] : 0;
  return held < reserved(workload) || inst.shared_busy < shared_;
}

void BulkheadStation::take(Instance& inst, std::uint32_t workload) {
  if (workload >= inst.held.size()) inst.held.resize(workload + 1, 0);
  if (inst.held[workload] >= reserved(workload)) ++inst.shared_busy;
  ++inst.held[workload];
  ++inst.busy;
}

AdmitResult BulkheadStation::admit(Handle visit, const Visit& v, std::uint32_t instance) {
  Instance& inst = instances_[instance];
  if (may_take(inst, v.workload)) {
    take(inst, v.workload);
    return {Admission::kStarted, Outcome::kOk};
  }
  if (queue_capacity_ != kUnlimited && inst.waiting >= queue_capacity_)
    return {Admission::kRefused, Outcome::kRejected};
  if (inst.waiting == 0) shedder_.note_empty(instance);
  if (v.workload >= inst.queues.size()) inst.queues.resize(v.workload + 1);
  inst.queues[v.workload].push_back(Waiting{visit, inst.next_seq++, v.priority});
  ++inst.waiting;
  return {Admission::kQueued, Outcome::kOk};
}

std::uint32_t BulkheadStation::next_queue(const Instance& inst, bool newest, bool any) const {
  std::uint32_t best = kNone;
  const Waiting* best_entry = nullptr;
  for (std::uint32_t w = 0; w < inst.queues.size(); ++w) {
    const std::deque<Waiting>& q = inst.queues[w];
    if (q.empty() || (!any && !may_take(inst, w))) continue;
    const Waiting& e = newest ? q.back() : q.front();
    bool better = best_entry == nullptr;
    if (!better && discipline_ == Discipline::kPriority && e.priority != best_entry->priority) {
      better = e.priority < best_entry->priority;
    } else if (!better) {
      better = newest ? e.seq > best_entry->seq : e.seq < best_entry->seq;
    }
    if (better) {
      best = w;
      best_entry = &e;
    }
  }
  return best;
}

Handle BulkheadStation::pop(Instance& inst, std::uint32_t workload, bool newest) {
  std::deque<Waiting>& q = inst.queues[workload];
  const Handle h = newest ? q.back().visit : q.front().visit;
  if (newest) {
    q.pop_back();
  } else {
    q.pop_front();
  }
  --inst.waiting;
  return h;
}

// The leaving visit's worker goes back to its workload's reservation or to the
// shared pool; then the first waiting visit that may take a worker does (at most
// one: a single worker came free), shedding the late ones on the way.
std::optional<Handle> BulkheadStation::release(std::uint32_t instance, std::uint32_t workload) {
  Instance& inst = instances_[instance];
  SURGE_ASSERT(inst.busy > 0 && workload < inst.held.size() && inst.held[workload] > 0);
  --inst.held[workload];
  --inst.busy;
  if (inst.held[workload] >= reserved(workload)) --inst.shared_busy;
  while (inst.waiting > 0) {
    const bool newest = discipline_ == Discipline::kLifo || shedder_.newest_first(instance);
    const std::uint32_t w = next_queue(inst, newest, /*any=*/false);
    if (w == kNone) break;
    const Handle next = pop(inst, w, newest);
    if (shedder_.enabled() && shedder_.sheds(instance, next)) continue;
    take(inst, w);
    return next;
  }
  return std::nullopt;
}

std::vector<Handle> BulkheadStation::crash(std::uint32_t instance) {
  Instance& inst = instances_[instance];
  const bool newest = discipline_ == Discipline::kLifo;
  std::vector<Handle> out;
  out.reserve(inst.waiting);
  for (std::uint32_t w = next_queue(inst, newest, true); w != kNone;
       w = next_queue(inst, newest, true)) {
    out.push_back(pop(inst, w, newest));
  }
  inst.busy = 0;
  inst.shared_busy = 0;
  inst.held.assign(inst.held.size(), 0);
  return out;
}

}  // namespace surge::mesh
