// The native engine's injected faults: instances crash and recover, and each
// service's balancer learns of it health_check_s late (docs/model.md, "Services
// and instances" and "Faults"; configs/README.md, "Faults").
#include <algorithm>
#include <vector>

#include "models/mesh/engine.hpp"
#include "sim/kernel/assert.hpp"

namespace surge::mesh {

void Simulation::Engine::on_fault(std::uint32_t fault, bool starts) {
  const faults::FaultSpec& spec = graph_.faults[fault];
  switch (spec.kind) {
    case faults::FaultKind::kCrash: {
      std::vector<std::uint32_t>& downed = fault_downed_[fault];
      if (!starts) {
        for (std::uint32_t i : downed) recover_instance(spec.service, i);
        downed.clear();
        return;
      }
      // The lowest ids among the instances still up: overlapping crashes of one
      // service take different instances, and each brings back only its own.
      const auto n = static_cast<std::uint32_t>(services_[spec.service].instances.size());
      for (std::uint32_t i = 0; i < n && downed.size() < spec.instances; ++i) {
        if (services_[spec.service].instances[i].state != InstanceState::kUp) continue;
        crash_instance(spec.service, i);
        downed.push_back(i);
      }
      if (spec.duration_s != faults::kForever) {
        const SimTime end = events_.now() + from_seconds(spec.duration_s);
        if (end < horizon_)
          events_.push(end, static_cast<std::uint32_t>(EventKind::kFault), fault, 0, 1);
      }
      return;
    }
  }
}

// Everything the instance held fails with `error`: waiting visits in serving
// order, then those holding a worker in slot order (both deterministic). Calls
// they made downstream are not cancelled; their answers find no caller and drop.
void Simulation::Engine::crash_instance(std::uint32_t service, std::uint32_t instance) {
  ServiceRuntime& svc = services_[service];
  Instance& inst = svc.instances[instance];
  const SimTime now = events_.now();
  inst.state = InstanceState::kDown;
  change_instance_count(svc, -1.0);
  for (Handle vh : inst.room.drain()) {
    svc.queued.add(now, -1.0);
    depart(vh, Outcome::kError);
  }
  inst.ps.clear();
  (void)inst.ps.bump_generation();  // its pending completion event is now stale
  std::vector<Handle> holding;
  visits_.for_each_live([&](Handle h, const Visit& v) {
    if (v.service == service && v.instance == instance && v.phase != VisitPhase::kQueued)
      holding.push_back(h);
  });
  for (Handle vh : holding) depart(vh, Outcome::kError);
  SURGE_ASSERT(inst.busy == 0);
  schedule_health_view(service, instance, /*up=*/false);
}

// A recovered instance comes back empty.
void Simulation::Engine::recover_instance(std::uint32_t service, std::uint32_t instance) {
  ServiceRuntime& svc = services_[service];
  svc.instances[instance].state = InstanceState::kUp;
  change_instance_count(svc, 1.0);
  schedule_health_view(service, instance, /*up=*/true);
}

void Simulation::Engine::change_instance_count(ServiceRuntime& service, double delta) {
  const SimTime now = events_.now();
  service.up.add(now, delta);
  if (now >= warmup_) service.up_min = std::min(service.up_min, service.up.value());
}

// The balancer's view follows the truth health_check_s later, in both directions,
// so views change in the order the truth did.
void Simulation::Engine::schedule_health_view(std::uint32_t service, std::uint32_t instance,
                                              bool up) {
  const SimTime lag = from_seconds(services_[service].spec->health_check_s);
  if (lag == 0) {
    on_health_seen(service, instance, up);
  } else if (events_.now() + lag < horizon_) {
    events_.push(events_.now() + lag, static_cast<std::uint32_t>(EventKind::kHealthSeen), service,
                 up ? 1 : 0, instance);
  }
}

void Simulation::Engine::on_health_seen(std::uint32_t service, std::uint32_t instance, bool up) {
  ServiceRuntime& svc = services_[service];
  svc.instances[instance].seen_up = up;
  svc.routable.clear();
  for (std::uint32_t i = 0; i < svc.instances.size(); ++i)
    if (svc.instances[i].seen_up) svc.routable.push_back(i);
}

}  // namespace surge::mesh
