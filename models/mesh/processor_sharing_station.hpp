// ProcessorSharingStation: discipline `ps`. Admission is a worker pool's (at most
// `workers` visits admitted per instance, the rest wait, a full waiting room
// refuses); the admitted visits in their work phase share the instance's `cores`
// (ProcessorSharing), so the station itself reports when each work phase ends.
#pragma once

#include <vector>

#include "models/mesh/processor_sharing.hpp"
#include "models/mesh/worker_pool_station.hpp"

namespace surge::mesh {

class ProcessorSharingStation : public WorkerPoolStation {
 public:
  ProcessorSharingStation(const ServiceSpec& spec, StationHost& host, std::uint32_t service);

  SimTime begin_work(Handle visit, const Visit& v) override;
  std::vector<Handle> crash(std::uint32_t instance) override;
  void add_instance(std::uint32_t instance) override;
  void on_timer(std::uint32_t instance, std::uint32_t generation) override;

 private:
  // Reschedules the instance's next completion after its working set changed; the
  // previous timer becomes stale (its generation no longer matches).
  void schedule(std::uint32_t instance);

  StationHost& host_;
  std::uint32_t service_;
  double cores_;
  std::vector<ProcessorSharing> shares_;  // per instance
  std::vector<Handle> finished_;          // scratch for on_timer, kept to avoid allocating
};

}  // namespace surge::mesh
