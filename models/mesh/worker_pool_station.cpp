#include "models/mesh/worker_pool_station.hpp"

#include "sim/kernel/assert.hpp"

namespace surge::mesh {

WorkerPoolStation::WorkerPoolStation(const ServiceSpec& spec)
    : instances_(spec.instances), workers_(spec.workers), queue_capacity_(spec.queue_capacity) {
  for (Instance& inst : instances_) inst.room = WaitingRoom(spec.discipline);
}

AdmitResult WorkerPoolStation::admit(Handle visit, const Visit& v, std::uint32_t instance) {
  Instance& inst = instances_[instance];
  if (workers_ == kUnlimited || inst.busy < workers_) {
    ++inst.busy;
    return {Admission::kStarted, Outcome::kOk};
  }
  if (queue_capacity_ == kUnlimited || inst.room.size() < queue_capacity_) {
    inst.room.push(visit, v.priority);
    return {Admission::kQueued, Outcome::kOk};
  }
  return {Admission::kRefused, Outcome::kRejected};
}

SimTime WorkerPoolStation::begin_work(Handle /*visit*/, const Visit& v) { return v.work; }

std::optional<Handle> WorkerPoolStation::release(std::uint32_t instance) {
  Instance& inst = instances_[instance];
  SURGE_ASSERT(inst.busy > 0);
  if (inst.room.empty()) {
    --inst.busy;
    return std::nullopt;
  }
  return inst.room.pop();  // the worker passes straight to the next waiting visit
}

std::vector<Handle> WorkerPoolStation::crash(std::uint32_t instance) {
  Instance& inst = instances_[instance];
  inst.busy = 0;  // the engine fails the visits that held workers
  return inst.room.drain();
}

}  // namespace surge::mesh
