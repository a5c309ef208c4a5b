#include "models/mesh/processor_sharing_station.hpp"

namespace surge::mesh {

ProcessorSharingStation::ProcessorSharingStation(const ServiceSpec& spec, StationHost& host,
                                                 std::uint32_t service)
    : WorkerPoolStation(spec, host),
      host_(host),
      service_(service),
      cores_(static_cast<double>(spec.cores)),
      shares_(spec.instances) {}

SimTime ProcessorSharingStation::begin_work(Handle visit, const Visit& v) {
  ProcessorSharing& ps = shares_[v.instance];
  ps.advance(host_.now(), cores_);
  ps.admit(visit, to_seconds(v.work));
  schedule(v.instance);
  return kTimeInfinity;
}

void ProcessorSharingStation::add_instance(std::uint32_t instance) {
  WorkerPoolStation::add_instance(instance);
  shares_.emplace_back();
}

std::vector<Handle> ProcessorSharingStation::crash(std::uint32_t instance) {
  shares_[instance].clear();
  (void)shares_[instance].bump_generation();  // its pending completion is now stale
  return WorkerPoolStation::crash(instance);
}

void ProcessorSharingStation::schedule(std::uint32_t instance) {
  ProcessorSharing& ps = shares_[instance];
  const std::uint32_t generation = ps.bump_generation();
  const SimTime dt = ps.time_to_next(cores_);
  if (dt == kTimeInfinity) return;
  host_.schedule_timer(service_, host_.now() + dt, instance, generation);
}

void ProcessorSharingStation::on_timer(std::uint32_t instance, std::uint32_t generation) {
  ProcessorSharing& ps = shares_[instance];
  if (ps.generation() != generation) return;  // the working set changed since
  ps.advance(host_.now(), cores_);
  // Finish every visit done by now, then reschedule for those still working (their
  // share grew). A finish may start a waiting visit, which admits itself.
  Handle done;
  finished_.clear();
  while (ps.pop_done(&done)) finished_.push_back(done);
  for (Handle visit : finished_) host_.work_done(visit);
  schedule(instance);
}

}  // namespace surge::mesh
