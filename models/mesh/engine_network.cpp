// The native engine's network (docs/model.md, "Network"): a call's request takes its
// route's latency before the visit arrives at the callee, and the answer takes the
// same latency back before the caller hears it. Bytes and bandwidth are the SimGrid
// engine's; the loader refuses what would need them here.
#include "models/mesh/engine.hpp"
#include "models/mesh/network_routes.hpp"

namespace surge::mesh {

void Simulation::Engine::build_network() {
  if (!graph_.network.present()) return;
  const NetworkRoutes routes(graph_.network);
  call_latency_.assign(breakers_.size(), 0);  // one per timeout list; clients' stay 0
  for (std::uint32_t s = 0; s < graph_.services.size(); ++s) {
    const ServiceSpec& spec = graph_.services[s];
    for (std::uint32_t e = 0; e < spec.endpoints.size(); ++e) {
      for (std::uint32_t c = 0; c < spec.endpoints[e].calls.size(); ++c) {
        const SimTime latency =
            from_seconds(routes.route_latency_s(s, spec.endpoints[e].calls[c].to.service));
        call_latency_[services_[s].call_lists[e] + c] = latency;
        network_ = network_ || latency > 0;
      }
    }
  }
}

// The request has crossed: the visit arrives at its service now, and counts from now.
void Simulation::Engine::on_request_arrival(Handle ch) {
  Visit& v = visits_.at(ch);  // nothing ends a visit in transit
  v.arrived = events_.now();
  v.counted = v.arrived >= warmup_;
  collector_.visit_arrived(v.service, v.endpoint, v.workload, v.counted);
  if (observer_)
    observer_->on_visit(v.workload, v.key, EndpointRef{v.service, v.endpoint}, to_seconds(v.work));
  if (v.address.retry > 0) collector_.retry_arrived(v.service, v.workload, v.counted);
  arrive(ch);
}

// Sends a departing callee's answer over its call's route, unless it crosses in no
// time or nobody would hear it (then false: depart answers as without a network).
// The call's timeout keeps running from the sending: when its deadline comes no
// later than the answer would, the caller hears a timeout at the deadline instead,
// and the late answer is dropped. Either way the breaker hears what the caller hears,
// when it hears it.
bool Simulation::Engine::answer_over_network(const Visit& callee, Outcome outcome) {
  std::uint32_t list = callee.breaker;
  const Visit* parent = visits_.get(callee.parent);
  if (parent != nullptr && parent->epoch == callee.parent_epoch) {
    list = call_list(*parent, callee.address.call);
  } else if (list == kNoBreaker) {
    return false;  // the caller moved on and no breaker listens: the answer drops
  }
  const SimTime latency = call_latency_[list];
  if (latency == 0) return false;
  SimTime at = events_.now() + latency;
  if (callee.timer != kNoTimer) {
    const SimTime deadline = timers_.timer(callee.timer).deadline;
    timers_.cancel(callee.timer);
    if (deadline <= at) {
      at = deadline;
      outcome = Outcome::kTimeout;
    }
  }
  const Handle h = transit_answers_.acquire(
      TransitAnswer{callee.parent, callee.parent_epoch, callee.breaker, outcome, callee.address});
  events_.push(at, kind_of(EventKind::kAnswerArrival), h.index, h.generation);
  return true;
}

void Simulation::Engine::on_answer_arrival(Handle h) {
  const TransitAnswer a = transit_answers_.at(h);
  transit_answers_.release(h);
  if (a.breaker != kNoBreaker) {
    breakers_[a.breaker]->on_result(events_.now(), a.outcome == Outcome::kOk);
    note_breaker(a.breaker);
  }
  // deliver_answers drops it if the caller moved on meanwhile.
  answers_.push_back(Answer{a.to, a.epoch, a.outcome, false, a.from});
}

}  // namespace surge::mesh
