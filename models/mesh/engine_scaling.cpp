// The native engine's autoscaler (docs/model.md, "Autoscaling"; configs/README.md,
// "Autoscaling"): evaluations every period_s from t = period_s, the decision of
// models/scaling, and the instance life cycle of instance_state.hpp. The metric is
// read from the results collector's integrals, so measuring costs the hot path
// nothing: a period's time average is a difference of two integrals.
#include <algorithm>
#include <cmath>

#include "models/mesh/engine.hpp"
#include "models/scaling/scaling_rule.hpp"
#include "sim/kernel/assert.hpp"

namespace surge::mesh {

void Simulation::Engine::start_autoscalers() {
  for (std::uint32_t s = 0; s < services_.size(); ++s) {
    ServiceRuntime& svc = services_[s];
    if (!svc.spec->autoscale) continue;
    svc.autoscale = &*svc.spec->autoscale;
    svc.cold_since.assign(svc.state.size(), kTimeInfinity);
    svc.scaling.members_max = static_cast<std::uint32_t>(svc.state.size());
    const SimTime first = from_seconds(svc.autoscale->period_s);
    if (first < horizon_) events_.push(first, kind_of(EventKind::kScaleEval), s, 0);
  }
}

void Simulation::Engine::on_scale_eval(std::uint32_t service) {
  ServiceRuntime& svc = services_[service];
  const scaling::AutoscaleSpec& spec = *svc.autoscale;
  const SimTime now = events_.now();
  const SimTime period = from_seconds(spec.period_s);
  if (now + period < horizon_) events_.push(now + period, kind_of(EventKind::kScaleEval), service, 0);

  // The period's time averages, from the collector's integrals since t = 0.
  const ResultsCollector::Integrals at = collector_.integrals(service, now);
  const ResultsCollector::Integrals before = svc.measured;
  svc.measured = at;
  if (now < svc.next_action) return;  // cooling down: measured, not acted on

  const LevelNanos busy = at.busy - before.busy, queued = at.queued - before.queued;
  scaling::Measurement m;
  m.served = at.serving > before.serving;
  switch (spec.metric) {
    case scaling::ScaleMetric::kUtilization:
      m.load = ratio(busy, static_cast<LevelNanos>(period) * svc.spec->workers);
      break;
    case scaling::ScaleMetric::kQueuePerInstance:
      m.load = ratio(queued, period);
      break;
    case scaling::ScaleMetric::kInFlight:
      m.load = ratio(busy + queued, period);
      break;
  }
  for (InstanceState s : svc.state) m.members += is_member(s) ? 1 : 0;
  const std::int64_t change = scaling::scaling_change(spec, m);
  std::uint32_t acted = 0;
  if (change > 0) {
    acted = static_cast<std::uint32_t>(change);
    add_instances(service, acted);
    ++svc.scaling.scale_ups;
  } else if (change < 0) {
    acted = remove_instances(service, static_cast<std::uint32_t>(-change));
    if (acted > 0) ++svc.scaling.scale_downs;
  }
  if (acted > 0) svc.next_action = now + from_seconds(spec.cooldown_s);
}

void Simulation::Engine::set_instance_state(std::uint32_t service, std::uint32_t instance,
                                            InstanceState state) {
  services_[service].state[instance] = state;
  if (state == InstanceState::kGone) services_[service].station->remove_instance(instance);
  if (observer_) observer_->on_instance(service, instance, state, to_seconds(events_.now()));
}

// New instances take the next unused ids; each provisions for provision_delay_s.
void Simulation::Engine::add_instances(std::uint32_t service, std::uint32_t count) {
  ServiceRuntime& svc = services_[service];
  const SimTime ready = events_.now() + from_seconds(svc.autoscale->provision_delay_s);
  for (std::uint32_t k = 0; k < count; ++k) {
    const auto id = static_cast<std::uint32_t>(svc.state.size());
    svc.state.push_back(InstanceState::kProvisioning);
    svc.cold_since.push_back(kTimeInfinity);
    svc.balancer.add_instance();
    svc.station->add_instance(id);
    ++svc.scaling.added;
    if (observer_) {
      observer_->on_instance(service, id, InstanceState::kProvisioning, to_seconds(events_.now()));
    }
    if (ready == events_.now()) {
      on_instance_ready(service, id);
    } else if (ready < horizon_) {
      events_.push(ready, kind_of(EventKind::kInstanceReady), service, 0, id);
    }
  }
  std::uint32_t members = 0;
  for (InstanceState s : svc.state) members += is_member(s) ? 1 : 0;
  svc.scaling.members_max = std::max(svc.scaling.members_max, members);
}

// The newest instances that are provisioning, cold or up leave (down ones are left
// to their fault): a provisioning one is cancelled, the others drain. Returns how
// many left.
std::uint32_t Simulation::Engine::remove_instances(std::uint32_t service, std::uint32_t count) {
  ServiceRuntime& svc = services_[service];
  std::uint32_t removed = 0;
  for (std::size_t i = svc.state.size(); i-- > 0 && removed < count;) {
    const auto id = static_cast<std::uint32_t>(i);
    const InstanceState s = svc.state[id];
    if (s == InstanceState::kProvisioning) {
      set_instance_state(service, id, InstanceState::kGone);
    } else if (takes_visits(s)) {
      set_instance_state(service, id, InstanceState::kDraining);
      svc.balancer.set_routable(id, false);  // deregistered at once, no health lag
      if (svc.station->outstanding(id) == 0) drained(service, id);
    } else {
      continue;
    }
    ++removed;
    ++svc.scaling.removed;
  }
  return removed;
}

void Simulation::Engine::drained(std::uint32_t service, std::uint32_t instance) {
  set_instance_state(service, instance, InstanceState::kGone);
  collector_.instances_changed(service, events_.now(), -1);
}

void Simulation::Engine::on_instance_ready(std::uint32_t service, std::uint32_t instance) {
  ServiceRuntime& svc = services_[service];
  if (svc.state[instance] != InstanceState::kProvisioning) return;  // cancelled meanwhile
  const SimTime now = events_.now();
  set_instance_state(service, instance, InstanceState::kCold);
  svc.cold_since[instance] = now;
  collector_.instances_changed(service, now, 1);
  svc.balancer.set_routable(instance, true);  // registered at once, no health lag
  note_load(svc, instance);
  const SimTime warm = now + from_seconds(svc.autoscale->cold_start.warm_s);
  if (warm == now) {
    on_instance_warm(service, instance);
  } else if (warm < horizon_) {
    events_.push(warm, kind_of(EventKind::kInstanceWarm), service, 0, instance);
  }
}

void Simulation::Engine::on_instance_warm(std::uint32_t service, std::uint32_t instance) {
  // A crashed, recovered or draining instance is no longer cold: leave it as it is.
  if (services_[service].state[instance] == InstanceState::kCold)
    set_instance_state(service, instance, InstanceState::kUp);
}

// A visit starting on a cold instance (or one draining before it warmed) carries
// more work: the multiplier at the instance's age now, rounded to whole ns.
void Simulation::Engine::cold_start_work(ServiceRuntime& svc, Visit& v) {
  const InstanceState s = svc.state[v.instance];
  if (s != InstanceState::kCold && s != InstanceState::kDraining) return;
  const SimTime since = svc.cold_since[v.instance];
  if (since == kTimeInfinity) return;
  const double m =
      scaling::cold_multiplier(svc.autoscale->cold_start, to_seconds(events_.now() - since));
  if (m != 1.0) v.work = static_cast<SimTime>(std::llround(static_cast<double>(v.work) * m));
}

}  // namespace surge::mesh
