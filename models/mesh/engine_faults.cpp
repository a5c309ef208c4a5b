// The native engine's side of injected faults (the fault types live in
// models/faults): instances crash and recover, and each service's balancer learns
// of it health_check_s late (docs/model.md, "Services
// and instances" and "Faults"; configs/README.md, "Faults").
#include <algorithm>
#include <vector>

#include "models/mesh/engine.hpp"
#include "sim/kernel/assert.hpp"

namespace surge::mesh {

void Simulation::Engine::start_faults() {
  for (const std::unique_ptr<faults::Fault>& fault : faults_) fault->start(*this);
}

void Simulation::Engine::schedule_fault(std::uint32_t fault, SimTime at, std::uint32_t a,
                                        std::uint32_t b) {
  if (at < horizon_) events_.push(at, kind_of(EventKind::kFault), fault, b, a);
}

std::vector<std::uint32_t> Simulation::Engine::crash_up_instances(std::uint32_t service,
                                                                  std::uint32_t count) {
  std::vector<std::uint32_t> downed;
  const std::vector<InstanceState>& state = services_[service].state;
  for (std::uint32_t i = 0; i < state.size() && downed.size() < count; ++i)
    if (takes_visits(state[i])) downed.push_back(i);
  crash_instances(service, downed);
  return downed;
}

bool Simulation::Engine::crash_if_up(std::uint32_t service, std::uint32_t instance) {
  if (!takes_visits(services_[service].state[instance])) return false;
  crash_instances(service, {instance});
  return true;
}

void Simulation::Engine::bring_back(std::uint32_t service, std::uint32_t instance) {
  recover_instance(service, instance);
}

void Simulation::Engine::wipe_state(std::uint32_t service) {
  services_[service].station->flush();
  sync_held(service);
}

// Everything the instances held fails with `error`, instance by instance: waiting
// visits in serving order, then those holding a worker in slot order (both
// deterministic). Calls they made downstream are not cancelled; their answers find
// no caller and drop. One scan of the visit pool finds the holders of all of them.
void Simulation::Engine::crash_instances(std::uint32_t service,
                                         const std::vector<std::uint32_t>& instances) {
  if (instances.empty()) return;
  ServiceRuntime& svc = services_[service];
  std::vector<std::vector<Handle>> holding(instances.size());
  visits_.for_each_live([&](Handle h, const Visit& v) {
    if (v.service != service || v.phase == VisitPhase::kQueued) return;
    const auto it = std::lower_bound(instances.begin(), instances.end(), v.instance);
    if (it != instances.end() && *it == v.instance) holding[it - instances.begin()].push_back(h);
  });
  const SimTime now = events_.now();
  for (std::size_t k = 0; k < instances.size(); ++k) {
    const std::uint32_t instance = instances[k];
    svc.state[instance] = InstanceState::kDown;
    collector_.instances_changed(service, now, -1);
    for (Handle vh : svc.station->crash(instance)) {
      collector_.queue_changed(service, now, -1);
      depart(vh, Outcome::kError);
    }
    sync_held(service);
    for (Handle vh : holding[k]) depart(vh, Outcome::kError);
    SURGE_ASSERT(svc.station->outstanding(instance) == 0);
    note_load(svc, instance);
    schedule_health_view(service, instance, /*up=*/false);
  }
}

// A recovered instance comes back empty.
void Simulation::Engine::recover_instance(std::uint32_t service, std::uint32_t instance) {
  ServiceRuntime& svc = services_[service];
  svc.state[instance] = InstanceState::kUp;
  svc.station->recover(instance);
  collector_.instances_changed(service, events_.now(), 1);
  schedule_health_view(service, instance, /*up=*/true);
}

// The balancer's view follows the truth health_check_s later, in both directions,
// so views change in the order the truth did.
void Simulation::Engine::schedule_health_view(std::uint32_t service, std::uint32_t instance,
                                              bool up) {
  const SimTime lag = from_seconds(services_[service].spec->health_check_s);
  if (lag == 0) {
    on_health_seen(service, instance, up);
  } else if (events_.now() + lag < horizon_) {
    events_.push(events_.now() + lag, kind_of(EventKind::kHealthSeen), service,
                 up ? 1 : 0, instance);
  }
}

void Simulation::Engine::on_health_seen(std::uint32_t service, std::uint32_t instance, bool up) {
  // A recovered instance the autoscaler drained meanwhile is not routed to again.
  if (up && !takes_visits(services_[service].state[instance])) return;
  services_[service].balancer.set_routable(instance, up);
}

}  // namespace surge::mesh
