#include "models/mesh/worker_pool_station.hpp"

#include "sim/kernel/assert.hpp"

namespace surge::mesh {

WorkerPoolStation::WorkerPoolStation(const ServiceSpec& spec, StationHost& host)
    : instances_(spec.instances),
      workers_(spec.workers),
      queue_capacity_(spec.queue_capacity),
      discipline_(spec.discipline),
      shedder_(spec, host) {
  for (Instance& inst : instances_) inst.room = WaitingRoom(spec.discipline);
}

AdmitResult WorkerPoolStation::admit(Handle visit, const Visit& v, std::uint32_t instance) {
  Instance& inst = instances_[instance];
  if (workers_ == kUnlimited || inst.busy < workers_) {
    ++inst.busy;
    return {Admission::kStarted, Outcome::kOk};
  }
  if (queue_capacity_ == kUnlimited || inst.room.size() < queue_capacity_) {
    if (inst.room.empty()) shedder_.note_empty(instance);
    inst.room.push(visit, v.priority);
    return {Admission::kQueued, Outcome::kOk};
  }
  return {Admission::kRefused, Outcome::kRejected};
}

SimTime WorkerPoolStation::begin_work(Handle /*visit*/, const Visit& v) { return v.work; }

std::optional<Handle> WorkerPoolStation::release(std::uint32_t instance,
                                                 std::uint32_t /*workload*/) {
  Instance& inst = instances_[instance];
  SURGE_ASSERT(inst.busy > 0);
  if (inst.room.empty()) {
    --inst.busy;
    return std::nullopt;
  }
  if (shedder_.enabled()) return release_shedding(inst, instance);
  return inst.room.pop();  // the worker passes straight to the next waiting visit
}

// Each visit taken out is either shed (handed to the engine, which fails it without
// calling back here) or takes the worker.
std::optional<Handle> WorkerPoolStation::release_shedding(Instance& inst, std::uint32_t instance) {
  while (!inst.room.empty()) {
    const Handle next = shedder_.newest_first(instance) ? inst.room.pop_newest() : inst.room.pop();
    if (!shedder_.sheds(instance, next)) return next;
  }
  --inst.busy;
  return std::nullopt;
}

void WorkerPoolStation::add_instance(std::uint32_t instance) {
  SURGE_ASSERT(instance == instances_.size());
  instances_.emplace_back().room = WaitingRoom(discipline_);
  shedder_.add_instance();
}

std::vector<Handle> WorkerPoolStation::crash(std::uint32_t instance) {
  Instance& inst = instances_[instance];
  inst.busy = 0;  // the engine fails the visits that held workers
  return inst.room.drain();
}

}  // namespace surge::mesh
