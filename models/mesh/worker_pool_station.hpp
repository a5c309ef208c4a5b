// WorkerPoolStation: instances of `workers` workers each (or unlimited: an infinite
// server) with a waiting room of `queue_capacity` served fifo, lifo or by priority
// (DESIGN "Service"). A full waiting room refuses the newcomer with `rejected`, under
// every discipline. The work phase is a fixed duration: the visit's drawn work.
// With `shed`, a freed worker drops the waiting visits Codel says waited too long
// (they depart with `shed`) until one starts or the room is empty; with adaptive
// LIFO it takes the newest waiting visit while the room is overloaded.
//
// ProcessorSharingStation derives from it and changes only the work phase.
#pragma once

#include <vector>

#include "models/mesh/shedder.hpp"
#include "models/mesh/station.hpp"
#include "models/mesh/waiting_room.hpp"

namespace surge::mesh {

class WorkerPoolStation : public Station {
 public:
  WorkerPoolStation(const ServiceSpec& spec, StationHost& host);

  AdmitResult admit(Handle visit, const Visit& v, std::uint32_t instance) override;
  SimTime begin_work(Handle visit, const Visit& v) override;
  std::optional<Handle> release(std::uint32_t instance, std::uint32_t workload) override;
  std::vector<Handle> crash(std::uint32_t instance) override;
  void add_instance(std::uint32_t instance) override;

  [[nodiscard]] std::size_t outstanding(std::uint32_t instance) const override {
    return instances_[instance].busy + instances_[instance].room.size();
  }

 private:
  struct Instance {
    std::uint32_t busy = 0;  // workers held (working or blocked on calls)
    WaitingRoom room;
  };
  std::optional<Handle> release_shedding(Instance& inst, std::uint32_t instance);

  std::vector<Instance> instances_;
  std::uint32_t workers_;         // kUnlimited: never wait
  std::uint32_t queue_capacity_;  // kUnlimited: never refuse
  Discipline discipline_;
  Shedder shedder_;
};

}  // namespace surge::mesh
