// BulkheadStation: a worker pool (fifo, lifo or priority) whose workers are partly
// reserved per workload (docs/model.md, "Bulkheads"). Per instance, `reserved[w]`
// workers serve only workload w; the other workers − Σ reserved are shared by all.
// A visit of workload w takes a worker when w holds fewer than reserved[w] (one of
// its own) or a shared one is free; otherwise it waits. Workers are interchangeable,
// so a workload's busy workers count against its reservation first: when one of w's
// visits leaves while w holds more than reserved[w], a shared worker is freed.
//
// One waiting room per instance (its capacity counts every workload's visits), kept
// as a queue per workload: a freed worker takes, among the waiting visits that may
// use it, the first in the discipline's order — by arrival for fifo, newest for lifo
// (and for adaptive LIFO while overloaded), by priority then arrival for priority
// (a workload's visits share its priority). Shedding (`shed`) applies to each visit
// taken out, as in WorkerPoolStation.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "models/mesh/shedder.hpp"
#include "models/mesh/station.hpp"

namespace surge::mesh {

class BulkheadStation final : public Station {
 public:
  BulkheadStation(const ServiceSpec& spec, StationHost& host);

  AdmitResult admit(Handle visit, const Visit& v, std::uint32_t instance) override;
  SimTime begin_work(Handle /*visit*/, const Visit& v) override { return v.work; }
  std::optional<Handle> release(std::uint32_t instance, std::uint32_t workload) override;
  std::vector<Handle> crash(std::uint32_t instance) override;
  void add_instance(std::uint32_t instance) override;

  [[nodiscard]] std::size_t outstanding(std::uint32_t instance) const override {
    return instances_[instance].busy + instances_[instance].waiting;
  }

 private:
  struct Waiting {
    Handle visit;
    std::uint64_t seq;  // arrival order at the instance
    std::uint32_t priority;
  };
  struct Instance {
    std::uint32_t busy = 0;                 // all workers held
    std::uint32_t shared_busy = 0;          // of those, beyond their workload's reservation
    std::vector<std::uint32_t> held;        // per workload (grown on demand)
    std::vector<std::deque<Waiting>> queues;  // per workload (grown on demand)
    std::size_t waiting = 0;
    std::uint64_t next_seq = 0;
  };

  [[nodiscard]] std::uint32_t reserved(std::uint32_t workload) const {
    return workload < reserved_.size() ? reserved_[workload] : 0;
  }
  [[nodiscard]] bool may_take(const Instance& inst, std::uint32_t workload) const;
  void take(Instance& inst, std::uint32_t workload);
  // The workload whose waiting visit is served next among those that may take a
  // worker now (all of them when `any`), or kNone.
  [[nodiscard]] std::uint32_t next_queue(const Instance& inst, bool newest, bool any) const;
  Handle pop(Instance& inst, std::uint32_t workload, bool newest);

  static constexpr std::uint32_t kNone = 0xFFFFFFFFU;
  std::vector<Instance> instances_;
  std::vector<std::uint32_t> reserved_;  // per workload index; shorter: 0 beyond
  std::uint32_t shared_;                 // workers − Σ reserved
  std::uint32_t queue_capacity_;
  Discipline discipline_;
  Shedder shedder_;
};

}  // namespace surge::mesh
