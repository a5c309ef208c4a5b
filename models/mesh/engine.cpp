#include "models/mesh/engine.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "models/mesh/random_keys.hpp"
#include "sim/kernel/assert.hpp"

namespace surge::mesh {
namespace {

std::optional<resilience::RetryBudget> make_budget(const RetrySpec& retry) {
  if (!retry.enabled() || !retry.budget_ratio) return std::nullopt;
  return resilience::RetryBudget(*retry.budget_ratio, from_seconds(retry.budget_window_s));
}

}  // namespace

Simulation::Engine::Engine(const ModelGraph& graph)
    : graph_(graph),
      horizon_(from_seconds(graph.duration_s)),
      warmup_(from_seconds(graph.warmup_s)),
      collector_(graph) {
  const std::uint64_t run = run_key(graph.seed, graph.replication);
  workloads_.resize(graph.workloads.size());
  for (std::size_t w = 0; w < graph.workloads.size(); ++w) {
    WorkloadRuntime& rt = workloads_[w];
    const WorkloadSpec& spec = graph.workloads[w];
    rt.spec = &spec;
    rt.key = workload_key(run, spec.name);
    if (spec.kind != WorkloadKind::kClosed) {
      rt.arrivals = demand::make_arrival_process(
          spec.arrivals, Rng(arrival_stream_key(graph.seed, graph.replication, spec.name)),
          horizon_);
    }
    rt.budget = make_budget(spec.client.retry);
  }
  for (std::uint32_t f = 0; f < graph.faults.size(); ++f)
    faults_.push_back(faults::make_fault(graph.faults[f], f, run));
}

// Stations are made when the run starts, so a factory set after construction applies.
// Timeout lists: one per workload (its client), then one per call of every endpoint.
void Simulation::Engine::build_services() {
  auto lists = static_cast<std::uint32_t>(graph_.workloads.size());
  services_.reserve(graph_.services.size());
  for (std::uint32_t s = 0; s < graph_.services.size(); ++s) {
    const ServiceSpec& spec = graph_.services[s];
    ServiceRuntime rt{&spec, nullptr, Balancer(spec.balancer, spec.instances),
                      std::vector<InstanceState>(spec.instances, InstanceState::kUp), {}, {}};
    for (const EndpointSpec& e : spec.endpoints) {
      rt.call_lists.push_back(lists);
      lists += static_cast<std::uint32_t>(e.calls.size());
    }
    services_.push_back(std::move(rt));
    ServiceRuntime& built = services_.back();
    built.station = factory_(spec, *this, s);
    built.decides_outcome = built.station->decides_outcome();
    built.routes_by_user = built.station->routes_by_user();
    sync_held(s);
  }
  timers_ = TimeoutLists(lists);
  call_budgets_.resize(lists);
  breakers_.resize(lists);
  breaker_views_.resize(lists);
  build_network();
  for (std::uint32_t s = 0; s < services_.size(); ++s) {
    const ServiceSpec& spec = graph_.services[s];
    for (std::uint32_t e = 0; e < spec.endpoints.size(); ++e) {
      for (std::uint32_t c = 0; c < spec.endpoints[e].calls.size(); ++c) {
        const CallSpec& call = spec.endpoints[e].calls[c];
        const std::uint32_t list = services_[s].call_lists[e] + c;
        call_budgets_[list] = make_budget(call.retry);
        any_call_budget_ = any_call_budget_ || call_budgets_[list].has_value();
        if (call.circuit_breaker) {
          breakers_[list].emplace(*call.circuit_breaker);
          breaker_views_[list] = BreakerView{s, call.circuit_breaker->open_s, false, 0};
          collector_.has_breakers(s);
          any_breaker_ = true;
        }
      }
    }
    if (spec.rate_limit) {
      const std::size_t buckets = spec.rate_limit->per_workload ? graph_.workloads.size() : 1;
      services_[s].buckets.assign(
          buckets, resilience::TokenBucket(spec.rate_limit->rate_per_s, spec.rate_limit->burst));
    }
  }
}

RunResult Simulation::Engine::run(const std::function<void(const Progress&)>& on_progress) {
  const auto wall_start = std::chrono::steady_clock::now();
  auto last_report = wall_start;
  const auto wall_seconds = [&](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(t - wall_start).count();
  };
  build_services();
  for (std::uint32_t w = 0; w < workloads_.size(); ++w) {
    if (workloads_[w].spec->kind == WorkloadKind::kClosed) {
      start_closed_users(w);
      continue;
    }
    const SimTime first = workloads_[w].arrivals->next();
    const EventKind kind = workloads_[w].spec->kind == WorkloadKind::kSessions
                               ? EventKind::kUserArrival
                               : EventKind::kArrival;
    if (first < horizon_) events_.push(first, kind_of(kind), w, 0);
  }
  if (warmup_ > 0) events_.push(warmup_, kind_of(EventKind::kWarmupEnd), 0, 0);
  start_autoscalers();
  start_faults();

  const std::uint64_t max_events = graph_.limits.max_events;
  while (!events_.empty() && events_.top().time < horizon_) {
    if (max_events != 0 && processed_ >= max_events) {
      abort_run(fmt::format("limits.max_events reached: {} events processed", max_events));
      break;
    }
    collector_.advance_to(events_.top().time);
    const Event e = events_.pop();
    ++processed_;
    dispatch(e);
    if (!answers_.empty()) deliver_answers();
    if (aborted_) break;  // a limit fired inside the event: stop where it stands
    if (on_progress && (processed_ & 0xFFFF) == 0) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last_report > std::chrono::milliseconds(500)) {
        last_report = now;
        on_progress(Progress{to_seconds(events_.now()), graph_.duration_s, processed_,
                             wall_seconds(now)});
      }
    }
  }
  const SimTime end = aborted_ ? events_.now() : horizon_;
  count_still_there();
  RunResult result = collector_.finish(end);
  report_breakers(result, end);
  for (std::uint32_t s = 0; s < services_.size(); ++s) {
    services_[s].station->finish(result.services[s], end);
    if (services_[s].autoscale) result.services[s].scaling = services_[s].scaling;
  }
  result.status = aborted_ ? RunStatus::kAborted : RunStatus::kCompleted;
  result.reason = abort_reason_;
  result.events = processed_;
  result.wall_s = wall_seconds(std::chrono::steady_clock::now());
  return result;
}

void Simulation::Engine::dispatch(const Event& e) {
  const Handle h{e.index, e.generation};
  switch (static_cast<EventKind>(e.kind)) {
    case EventKind::kArrival: on_arrival(e.index); break;
    case EventKind::kWorkDone: on_work_done(h); break;
    case EventKind::kTimeout: on_timeout_event(e.index, e.time, e.seq); break;
    case EventKind::kWarmupEnd: collector_.warmup_ended(events_.now()); break;
    case EventKind::kStationTimer: services_[e.index].station->on_timer(e.aux, e.generation); break;
    case EventKind::kFault: faults_[e.index]->on_event(*this, e.aux, e.generation); break;
    case EventKind::kHealthSeen: on_health_seen(e.index, e.aux, e.generation == 1); break;
    case EventKind::kThinkEnd: on_think_end(e.index, e.aux); break;
    case EventKind::kClientRetry: on_client_retry(h); break;
    case EventKind::kCallRetry: on_call_retry(h); break;
    case EventKind::kUserArrival: on_user_arrival(e.index); break;
    case EventKind::kUserNext: on_user_next(h); break;
    case EventKind::kBreakerTimer: on_breaker_timer(e.index, e.generation); break;
    case EventKind::kScaleEval: on_scale_eval(e.index); break;
    case EventKind::kInstanceReady: on_instance_ready(e.index, e.aux); break;
    case EventKind::kInstanceWarm: on_instance_warm(e.index, e.aux); break;
    case EventKind::kRequestArrival: on_request_arrival(h); break;
    case EventKind::kAnswerArrival: on_answer_arrival(h); break;
  }
}

void Simulation::Engine::abort_run(std::string reason) {
  if (aborted_) return;
  aborted_ = true;
  abort_reason_ = std::move(reason);
}

// Still there at the end: counted from the live records, not derived from the other
// counts, so the report's conservation checks mean something.
void Simulation::Engine::count_still_there() {
  visits_.for_each_live([&](Handle, const Visit& v) {
    if (v.counted) collector_.still_in_service(v.service);
  });
  requests_.for_each_live([&](Handle, const UserRequest& r) {
    if (r.counted) collector_.still_in_flight(r.workload);
  });
  users_.for_each_live([&](Handle, const SessionUser& u) {
    if (u.counted) collector_.user_still_active(u.workload);
  });
}

// ---- visits ----

Handle Simulation::Engine::new_visit(Handle parent, Handle request, std::uint64_t key,
                                     EndpointRef to, std::uint32_t workload,
                                     std::uint32_t priority, bool in_transit) {
  Rng work_rng = purpose_rng(key, DrawPurpose::kWork);
  const SimTime work =
      from_seconds(graph_.services[to.service].endpoints[to.endpoint].work.sample(work_rng));
  const SimTime now = events_.now();
  // In transit it is nowhere yet: not counted, not in any station (a crash passes it by).
  const bool counted = !in_transit && now >= warmup_;
  const Handle vh = visits_.acquire_with([&](Visit& fresh) {
    fresh.parent = parent;
    fresh.request = request;
    fresh.key = key;
    fresh.service = to.service;
    fresh.endpoint = to.endpoint;
    fresh.workload = workload;
    fresh.priority = priority;
    fresh.arrived = now;
    fresh.counted = counted;
    fresh.work = work;
  });
  const Visit& v = visits_.at(vh);
  // It arrives at its service now (a visit is created where it arrives), so a run
  // that stops right after still counts it, as an arrival and as still there.
  if (!in_transit) {
    collector_.visit_arrived(to.service, to.endpoint, workload, v.counted);
    if (observer_) observer_->on_visit(workload, key, to, to_seconds(v.work));
  }
  const std::size_t live = visits_.live();
  collector_.visit_created(live);
  if (live > graph_.limits.max_in_flight) {
    abort_run(fmt::format("limits.max_in_flight reached: more than {} visits in flight at t = {} s",
                          graph_.limits.max_in_flight, to_seconds(events_.now())));
  }
  return vh;
}

void Simulation::Engine::note_load(ServiceRuntime& service, std::uint32_t instance) {
  if (service.balancer.wants_load())
    service.balancer.set_load(instance,
                              static_cast<std::uint32_t>(service.station->outstanding(instance)));
}

void Simulation::Engine::arrive(Handle vh) {
  Visit& v = visits_.at(vh);
  ServiceRuntime& svc = services_[v.service];
  if (!svc.buckets.empty()) {
    resilience::TokenBucket& bucket = svc.buckets[svc.buckets.size() == 1 ? 0 : v.workload];
    if (!bucket.try_take(events_.now())) {
      depart(vh, Outcome::kRateLimited);
      return;
    }
  }
  v.instance = svc.routes_by_user && v.user != kNoUser
                   ? svc.station->user_instance(user_key(v.workload, v.user))
                   : svc.balancer.choose(v.key);
  if (v.instance == kNoInstance || !takes_visits(svc.state[v.instance])) {
    // No instance believed up, or the balancer has not yet noticed this one is down.
    depart(vh, Outcome::kError);
    return;
  }
  const AdmitResult admitted = svc.station->admit(vh, v, v.instance);
  switch (admitted.admission) {
    case Admission::kStarted:
      note_load(svc, v.instance);
      start(vh, /*may_finish_now=*/true);
      return;
    case Admission::kQueued:
      note_load(svc, v.instance);
      collector_.queue_changed(v.service, events_.now(), 1);
      return;
    case Admission::kRefused:
      depart(vh, admitted.refusal);
      return;
  }
}

// The visit holds a worker from now on.
void Simulation::Engine::start(Handle vh, bool may_finish_now) {
  Visit& v = visits_.at(vh);
  const SimTime now = events_.now();
  collector_.worker_taken(v.service, now);
  v.phase = VisitPhase::kWorking;
  v.started = now;
  ServiceRuntime& svc = services_[v.service];
  // A slow fault stretches the work of visits that start while it holds.
  if (effects_.slowing()) v.work = from_seconds(to_seconds(v.work) * effects_.work_factor(v.service));
  if (svc.autoscale) cold_start_work(svc, v);
  const SimTime length = svc.station->begin_work(vh, v);
  if (length == kTimeInfinity) return;  // the station reports the end itself
  if (length == 0 && may_finish_now) {
    // No work: straight to the calls without an event. Only on arrival: the visit
    // took a free worker, so its departure finds no one waiting and cannot recurse
    // through a long waiting room.
    finish_work(vh);
    return;
  }
  events_.push(now + length, kind_of(EventKind::kWorkDone), vh.index, vh.generation);
}

void Simulation::Engine::on_work_done(Handle vh) {
  const Visit* v = visits_.get(vh);
  if (v == nullptr || v->phase != VisitPhase::kWorking) return;  // failed meanwhile
  finish_work(vh);
}

void Simulation::Engine::work_done(Handle vh) { on_work_done(vh); }

void Simulation::Engine::schedule_timer(std::uint32_t service, SimTime at, std::uint32_t instance,
                                        std::uint32_t generation) {
  events_.push(at, kind_of(EventKind::kStationTimer), service, generation, instance);
}

// A stateful station (a session store) answers from its state when the work ends;
// kept out of line so that other kinds pay only the test in finish_work.
[[gnu::noinline]] bool Simulation::Engine::station_answers_ok(Handle vh) {
  const Visit& v = visits_.at(vh);
  const std::optional<std::uint64_t> user =
      v.user == kNoUser ? std::nullopt : std::optional(user_key(v.workload, v.user));
  const Outcome outcome = services_[v.service].station->answer(v, user, events_.now());
  sync_held(v.service);
  if (outcome == Outcome::kOk) return true;
  depart(vh, outcome);
  return false;
}

// Tells the collector how the station's held state (sessions) changed since it last
// heard; called after anything that may change it.
void Simulation::Engine::sync_held(std::uint32_t service) {
  ServiceRuntime& svc = services_[service];
  const std::uint64_t held = svc.station->held();
  if (held == svc.held_reported) return;
  collector_.held_changed(service, events_.now(),
                          static_cast<std::int64_t>(held) -
                              static_cast<std::int64_t>(svc.held_reported));
  svc.held_reported = held;
}

void Simulation::Engine::finish_work(Handle vh) {
  Visit& v = visits_.at(vh);
  // An error fault fails the visit after its work, before a station answers from
  // its state (a failed put stores no session).
  if (effects_.erring() &&
      effects_.fails(v.service, v.endpoint, fault_error_key(v.key))) {
    depart(vh, Outcome::kError);
    return;
  }
  if (services_[v.service].decides_outcome && !station_answers_ok(vh)) return;
  if (graph_.services[v.service].endpoints[v.endpoint].calls.empty()) {
    depart(vh, Outcome::kOk);  // a leaf: no calling phase to account for
    return;
  }
  collector_.calling_started(v.service, events_.now());
  v.phase = VisitPhase::kCalling;
  proceed(vh);
}

const Visit& Simulation::Engine::visit(Handle vh) const {
  const Visit* v = visits_.get(vh);
  SURGE_ASSERT(v != nullptr);
  return *v;
}

// A waiting visit the station dropped at dequeue (inside its release()): it leaves
// the waiting room and departs without having held a worker, so this depart does
// not call back into the station.
void Simulation::Engine::shed(Handle vh) {
  collector_.queue_changed(visits_.at(vh).service, events_.now(), -1);
  depart(vh, Outcome::kShed);
}

void Simulation::Engine::start_waiting(Handle vh) {
  collector_.queue_changed(visits_.at(vh).service, events_.now(), -1);
  start(vh, /*may_finish_now=*/false);
}

void Simulation::Engine::depart(Handle vh, Outcome outcome) {
  const Visit& v = visits_.at(vh);
  ServiceRuntime& svc = services_[v.service];
  const SimTime now = events_.now();
  const bool held_worker = v.phase != VisitPhase::kQueued;
  collector_.visit_departed(v.service, v.endpoint, now, v.arrived, v.started, held_worker,
                            v.phase == VisitPhase::kCalling, v.counted, outcome);
  if (observer_) {
    observer_->on_departure(v.workload, v.key, EndpointRef{v.service, v.endpoint},
                            to_seconds((held_worker ? v.started : now) - v.arrived),
                            to_seconds(now - v.arrived), outcome);
  }
  // An answer with a network to cross takes its timer and breaker verdict with it.
  if (!(network_ && v.attached && !v.parent.is_none() && answer_over_network(v, outcome))) {
    if (v.timer != kNoTimer) timers_.cancel(v.timer);
    if (v.breaker != kNoBreaker && v.attached) record_call_result(v, outcome == Outcome::kOk);
    if (v.parent.is_none()) {
      const UserRequest* r = requests_.get(v.request);
      if (r != nullptr && v.attached && r->attempt == vh)
        answers_.push_back(Answer{v.request, r->attempts, outcome, true, v.address});
    } else if (v.attached) {
      const Visit* parent = visits_.get(v.parent);
      if (parent != nullptr && parent->epoch == v.parent_epoch)
        answers_.push_back(Answer{v.parent, v.parent_epoch, outcome, false, v.address});
    }
  }
  const std::uint32_t service = v.service, instance = v.instance, workload = v.workload;
  visits_.release(vh);

  // The freed worker takes the next waiting visit (a down instance holds nothing);
  // a draining instance is gone once its last visit left.
  if (held_worker && is_serving(svc.state[instance])) {
    const std::optional<Handle> next = svc.station->release(instance, workload);
    note_load(svc, instance);
    if (next) {
      collector_.queue_changed(service, now, -1);
      start(*next, /*may_finish_now=*/false);
    } else if (svc.state[instance] == InstanceState::kDraining &&
               svc.station->outstanding(instance) == 0) {
      drained(service, instance);
    }
  }
}

}  // namespace surge::mesh
