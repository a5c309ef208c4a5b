#include "models/mesh/engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <numeric>

#include "models/mesh/random_keys.hpp"
#include "sim/kernel/assert.hpp"

namespace surge::mesh {
namespace {

constexpr std::uint32_t kind_of(EventKind k) { return static_cast<std::uint32_t>(k); }

bool unlimited(const ServiceSpec& s) { return s.workers == kUnlimited; }

// choose_instance's answer when the balancer believes every instance down.
constexpr std::uint32_t kNoInstance = std::numeric_limits<std::uint32_t>::max();

}  // namespace

Simulation::Engine::Engine(const ModelGraph& graph)
    : graph_(graph),
      horizon_(from_seconds(graph.duration_s)),
      warmup_(from_seconds(graph.warmup_s)),
      interval_(std::max<SimTime>(1, from_seconds(graph.report.interval_s))) {
  const std::uint64_t run = run_key(graph.seed, graph.replication);
  services_.resize(graph.services.size());
  for (std::size_t s = 0; s < graph.services.size(); ++s) {
    ServiceRuntime& rt = services_[s];
    const ServiceSpec& spec = graph.services[s];
    rt.spec = &spec;
    rt.instances.resize(spec.instances);
    for (Instance& inst : rt.instances) inst.room = WaitingRoom(spec.discipline);
    rt.routable.resize(spec.instances);
    std::iota(rt.routable.begin(), rt.routable.end(), 0U);
    rt.up.set(0, static_cast<double>(spec.instances));
    rt.up_min = static_cast<double>(spec.instances);
    rt.result.name = spec.name;
    rt.result.unlimited_workers = unlimited(spec);
    for (const EndpointSpec& e : spec.endpoints) rt.result.endpoints.push_back({e.name, 0, {}});
  }
  workloads_.resize(graph.workloads.size());
  for (std::size_t w = 0; w < graph.workloads.size(); ++w) {
    WorkloadRuntime& rt = workloads_[w];
    const WorkloadSpec& spec = graph.workloads[w];
    rt.spec = &spec;
    rt.key = workload_key(run, spec.name);
    rt.arrivals = demand::make_arrival_process(
        spec.arrivals, Rng(arrival_stream_key(graph.seed, graph.replication, spec.name)),
        horizon_);
    rt.result.name = spec.name;
  }
  for (const SloSpec& slo : graph.slo) workloads_[slo.workload].slos.push_back(&slo);
  fault_downed_.resize(graph.faults.size());
}

RunResult Simulation::Engine::run(const std::function<void(const Progress&)>& on_progress) {
  const auto wall_start = std::chrono::steady_clock::now();
  auto last_report = wall_start;
  const auto wall_seconds = [&](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(t - wall_start).count();
  };

  for (std::uint32_t w = 0; w < workloads_.size(); ++w) {
    const SimTime first = workloads_[w].arrivals->next();
    if (first < horizon_) events_.push(first, kind_of(EventKind::kArrival), w, 0);
  }
  if (warmup_ > 0) events_.push(warmup_, kind_of(EventKind::kWarmupEnd), 0, 0);
  for (std::uint32_t f = 0; f < graph_.faults.size(); ++f) {
    const SimTime at = from_seconds(graph_.faults[f].at_s);
    if (at < horizon_) events_.push(at, kind_of(EventKind::kFault), f, 0, 0);
  }

  SimTime end = horizon_;
  while (!events_.empty() && events_.top().time < horizon_) {
    if (graph_.limits.max_events != 0 && processed_ >= graph_.limits.max_events) {
      abort_run(fmt::format("limits.max_events reached: {} events processed",
                            graph_.limits.max_events));
    }
    if (aborted_) {
      end = events_.now();
      break;
    }
    // Intervals are [start, end): an interval ends before any event at its end time
    // (a fault at a round time belongs to the interval it starts).
    const SimTime next = events_.top().time;
    if (next >= interval_start_ + interval_) close_intervals_until(next);
    const Event e = events_.pop();
    ++processed_;
    const Handle h{e.index, e.generation};
    switch (static_cast<EventKind>(e.kind)) {
      case EventKind::kArrival: on_arrival(e.index); break;
      case EventKind::kWorkDone: on_work_done(h); break;
      case EventKind::kCallTimeout: on_call_timeout(h); break;
      case EventKind::kClientTimeout: on_client_timeout(h, e.aux); break;
      case EventKind::kWarmupEnd: on_warmup_end(); break;
      case EventKind::kPsDone: on_ps_done(e.index, e.aux, e.generation); break;
      case EventKind::kFault: on_fault(e.index, e.aux == 0); break;
      case EventKind::kHealthSeen: on_health_seen(e.index, e.aux, e.generation == 1); break;
    }
    if (!answers_.empty()) deliver_answers();
    if (on_progress && (processed_ & 0xFFFF) == 0) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last_report > std::chrono::milliseconds(500)) {
        last_report = now;
        on_progress(Progress{to_seconds(events_.now()), graph_.duration_s, processed_,
                             wall_seconds(now)});
      }
    }
  }
  if (aborted_) end = events_.now();
  close_intervals_until(end);
  close_interval(end);
  RunResult result = collect_results(end);
  result.wall_s = wall_seconds(std::chrono::steady_clock::now());
  return result;
}

void Simulation::Engine::abort_run(std::string reason) {
  if (aborted_) return;
  aborted_ = true;
  abort_reason_ = std::move(reason);
}

// ---- user requests ----

void Simulation::Engine::on_arrival(std::uint32_t w) {
  WorkloadRuntime& wl = workloads_[w];
  const SimTime now = events_.now();
  const Handle rh = requests_.acquire();
  UserRequest& r = requests_.at(rh);
  r.index = wl.next_index++;
  r.arrived = now;
  r.workload = w;
  r.counted = now >= warmup_;
  if (observer_) observer_->on_request(w, r.index, to_seconds(now));
  if (r.counted) ++wl.result.offered;
  ++wl.interval_offered;
  start_attempt(rh);

  const SimTime next = wl.arrivals->next();
  if (next < horizon_) events_.push(std::max(next, now), kind_of(EventKind::kArrival), w, 0);
}

void Simulation::Engine::start_attempt(Handle rh) {
  UserRequest& r = requests_.at(rh);
  WorkloadRuntime& wl = workloads_[r.workload];
  const WorkloadSpec& spec = *wl.spec;
  const std::uint32_t attempt = r.attempts++;
  if (r.counted) ++wl.result.attempts;
  const Handle vh = new_visit(Handle{}, rh, attempt_key(wl.key, r.index, attempt), spec.entry,
                              r.workload, spec.priority);
  requests_.at(rh).attempt = vh;
  if (spec.client.timeout_s != kNoTimeout) {
    events_.push(events_.now() + from_seconds(spec.client.timeout_s),
                 kind_of(EventKind::kClientTimeout), rh.index, rh.generation, attempt + 1);
  }
  arrive(vh);
}

void Simulation::Engine::on_client_timeout(Handle rh, std::uint32_t attempt) {
  UserRequest* r = requests_.get(rh);
  if (r == nullptr || r->attempts != attempt) return;  // answered, or a later attempt runs
  if (Visit* v = visits_.get(r->attempt)) v->attached = false;  // its work goes on
  finish_request(rh, Outcome::kTimeout);
}

void Simulation::Engine::finish_request(Handle rh, Outcome outcome) {
  const UserRequest r = requests_.at(rh);
  requests_.release(rh);
  WorkloadRuntime& wl = workloads_[r.workload];
  const double latency = to_seconds(events_.now() - r.arrived);
  if (outcome == Outcome::kOk) {
    ++wl.interval_succeeded;
    wl.interval_latency.add(latency);
    if (r.counted) {
      ++wl.result.succeeded;
      wl.result.latency_s.add(latency);
    }
  } else {
    ++wl.interval_failed;
    if (r.counted) ++wl.result.failed[static_cast<std::size_t>(outcome)];
  }
}

// ---- visits ----

Handle Simulation::Engine::new_visit(Handle parent, Handle request, std::uint64_t key,
                                     EndpointRef to, std::uint32_t workload,
                                     std::uint32_t priority) {
  const Handle vh = visits_.acquire();
  Visit& v = visits_.at(vh);
  v.parent = parent;
  v.request = request;
  v.key = key;
  v.service = to.service;
  v.endpoint = to.endpoint;
  v.workload = workload;
  v.priority = priority;
  v.arrived = events_.now();
  v.counted = v.arrived >= warmup_;
  Rng work_rng = purpose_rng(key, DrawPurpose::kWork);
  v.work = from_seconds(graph_.services[to.service].endpoints[to.endpoint].work.sample(work_rng));
  if (observer_) observer_->on_visit(workload, key, to, to_seconds(v.work));
  const std::size_t live = visits_.live();
  if (live > peak_in_flight_) peak_in_flight_ = live;
  if (live > graph_.limits.max_in_flight) {
    abort_run(fmt::format("limits.max_in_flight reached: more than {} visits in flight at t = {} s",
                          graph_.limits.max_in_flight, to_seconds(events_.now())));
  }
  return vh;
}

// Routes among the instances the balancer believes up (`routable`, ascending ids).
std::uint32_t Simulation::Engine::choose_instance(ServiceRuntime& service, const Visit& v) {
  const std::vector<std::uint32_t>& ids = service.routable;
  const auto n = static_cast<std::uint32_t>(ids.size());
  if (n == 0) return kNoInstance;
  switch (service.spec->balancer) {
    case BalancerKind::kRoundRobin: {
      // Wrap by comparison: a modulo is a division on every visit. The position may
      // lie past the end after the routable set shrank.
      const std::uint32_t i = service.round_robin < n ? service.round_robin : 0;
      service.round_robin = i + 1 == n ? 0 : i + 1;
      return ids[i];
    }
    case BalancerKind::kRandom: {
      Rng rng = purpose_rng(v.key, DrawPurpose::kRoute);
      return ids[rng.below(n)];
    }
    case BalancerKind::kLeastOutstanding: {
      std::uint32_t best = ids[0];
      for (std::uint32_t i = 1; i < n; ++i)
        if (service.instances[ids[i]].outstanding() < service.instances[best].outstanding())
          best = ids[i];
      return best;
    }
    case BalancerKind::kPowerOfTwoChoices: {
      if (n == 1) return ids[0];
      Rng rng = purpose_rng(v.key, DrawPurpose::kRoute);
      const auto pa = static_cast<std::uint32_t>(rng.below(n));
      auto pb = static_cast<std::uint32_t>(rng.below(n - 1));
      if (pb >= pa) ++pb;  // two distinct instances
      const std::uint32_t a = ids[pa], b = ids[pb];
      const std::size_t oa = service.instances[a].outstanding();
      const std::size_t ob = service.instances[b].outstanding();
      if (oa != ob) return oa < ob ? a : b;
      return std::min(a, b);
    }
  }
  return ids[0];
}

void Simulation::Engine::arrive(Handle vh) {
  Visit& v = visits_.at(vh);
  ServiceRuntime& svc = services_[v.service];
  if (v.counted) {
    ++svc.result.arrivals;
    ++svc.result.endpoints[v.endpoint].arrivals;
  }
  v.instance = choose_instance(svc, v);
  if (v.instance == kNoInstance || svc.instances[v.instance].state == InstanceState::kDown) {
    // No instance believed up, or the balancer has not yet noticed this one is down.
    depart(vh, Outcome::kError);
    return;
  }
  Instance& inst = svc.instances[v.instance];
  if (unlimited(*svc.spec) || inst.busy < svc.spec->workers) {
    start(vh, /*may_finish_now=*/true);
  } else if (svc.spec->queue_capacity == kUnlimited ||
             inst.room.size() < svc.spec->queue_capacity) {
    inst.room.push(vh, v.priority);
    svc.queued.add(events_.now(), 1.0);
  } else {
    depart(vh, Outcome::kRejected);
  }
}

void Simulation::Engine::start(Handle vh, bool may_finish_now) {
  Visit& v = visits_.at(vh);
  ServiceRuntime& svc = services_[v.service];
  const SimTime now = events_.now();
  ++svc.instances[v.instance].busy;
  svc.busy.add(now, 1.0);
  v.phase = VisitPhase::kWorking;
  v.started = now;
  if (svc.spec->discipline == Discipline::kPs) {
    ProcessorSharing& ps = svc.instances[v.instance].ps;
    ps.advance(now, static_cast<double>(svc.spec->cores));
    ps.admit(vh, to_seconds(v.work));
    schedule_ps(v.service, v.instance);
    return;
  }
  if (v.work == 0 && may_finish_now) {
    // No work: straight to the calls without an event. Only on arrival: the visit
    // took a free worker, so its departure finds no one waiting and cannot recurse
    // through a long waiting room.
    finish_work(vh);
    return;
  }
  events_.push(now + v.work, kind_of(EventKind::kWorkDone), vh.index, vh.generation);
}

void Simulation::Engine::on_work_done(Handle vh) {
  const Visit* v = visits_.get(vh);
  if (v == nullptr || v->phase != VisitPhase::kWorking) return;  // failed meanwhile
  finish_work(vh);
}

void Simulation::Engine::finish_work(Handle vh) {
  Visit& v = visits_.at(vh);
  if (graph_.services[v.service].endpoints[v.endpoint].calls.empty()) {
    depart(vh, Outcome::kOk);  // a leaf: no calling phase to account for
    return;
  }
  services_[v.service].calling.add(events_.now(), 1.0);
  v.phase = VisitPhase::kCalling;
  proceed(vh);
}

// Reschedules the instance's next processor-sharing completion after its set of
// working visits changed; the previous event becomes stale.
void Simulation::Engine::schedule_ps(std::uint32_t service, std::uint32_t instance) {
  const ServiceRuntime& svc = services_[service];
  ProcessorSharing& ps = services_[service].instances[instance].ps;
  const std::uint32_t generation = ps.bump_generation();
  const SimTime dt = ps.time_to_next(static_cast<double>(svc.spec->cores));
  if (dt == kTimeInfinity) return;
  events_.push(events_.now() + dt, kind_of(EventKind::kPsDone), service, generation, instance);
}

void Simulation::Engine::on_ps_done(std::uint32_t service, std::uint32_t instance,
                                    std::uint32_t generation) {
  ProcessorSharing& ps = services_[service].instances[instance].ps;
  if (ps.generation() != generation) return;  // the set of working visits changed since
  ps.advance(events_.now(), static_cast<double>(services_[service].spec->cores));
  // Finish every visit done by now, then reschedule for those still working (their
  // share grew). Each finish may start a waiting visit, which admits itself.
  Handle done;
  ps_finished_.clear();
  while (ps.pop_done(&done)) ps_finished_.push_back(done);
  for (Handle vh : ps_finished_) {
    const Visit* v = visits_.get(vh);
    if (v != nullptr && v->phase == VisitPhase::kWorking) finish_work(vh);
  }
  schedule_ps(service, instance);
}

// Issues the endpoint's calls in order. A maximal run of consecutive parallel calls
// is one group: every copy of every call in it goes out at once and the visit
// joins on the last answer. A sequential call's copies go one after another.
void Simulation::Engine::proceed(Handle vh) {
  const EndpointSpec& endpoint = [&]() -> const EndpointSpec& {
    const Visit& v = visits_.at(vh);
    return graph_.services[v.service].endpoints[v.endpoint];
  }();
  const auto ncalls = static_cast<std::uint16_t>(endpoint.calls.size());
  for (;;) {
    Visit& v = visits_.at(vh);
    if (v.next_call >= ncalls) {
      depart(vh, Outcome::kOk);
      return;
    }
    const std::uint16_t c = v.next_call;
    const CallSpec& call = endpoint.calls[c];
    const auto chance = [&](std::uint16_t index) {
      if (endpoint.calls[index].probability >= 1.0) return true;
      Rng rng = purpose_rng(visits_.at(vh).key, DrawPurpose::kCallChance, index);
      return rng.uniform01() < endpoint.calls[index].probability;
    };
    if (call.parallel) {
      std::uint16_t end = c;
      while (end < ncalls && endpoint.calls[end].parallel) ++end;
      visits_.at(vh).next_call = end;
      for (std::uint16_t i = c; i < end; ++i) {
        if (!chance(i)) continue;
        for (std::uint32_t copy = 0; copy < endpoint.calls[i].count; ++copy)
          issue_call(vh, i, static_cast<std::uint16_t>(copy));
      }
      if (visits_.at(vh).pending > 0) return;
      continue;
    }
    if (v.next_copy == 0 && !chance(c)) {
      ++visits_.at(vh).next_call;
      continue;
    }
    const std::uint16_t copy = v.next_copy;
    Visit& w = visits_.at(vh);
    if (++w.next_copy >= call.count) {
      w.next_copy = 0;
      ++w.next_call;
    }
    issue_call(vh, c, copy);
    return;
  }
}

void Simulation::Engine::issue_call(Handle ph, std::uint16_t call_index, std::uint16_t copy) {
  const Visit& p = visits_.at(ph);
  const CallSpec& call = graph_.services[p.service].endpoints[p.endpoint].calls[call_index];
  const std::uint64_t key = call_key(p.key, call_index, copy, 0);
  const Handle request = p.request;
  const std::uint32_t workload = p.workload, priority = p.priority, epoch = p.epoch;
  const Handle ch = new_visit(ph, request, key, call.to, workload, priority);
  Visit& child = visits_.at(ch);
  child.parent_epoch = epoch;
  child.call_index = call_index;
  child.copy_index = copy;
  ++visits_.at(ph).pending;
  if (call.timeout_s != kNoTimeout) {
    events_.push(events_.now() + from_seconds(call.timeout_s), kind_of(EventKind::kCallTimeout),
                 ch.index, ch.generation);
  }
  arrive(ch);
}

void Simulation::Engine::on_call_timeout(Handle ch) {
  Visit* child = visits_.get(ch);
  if (child == nullptr || !child->attached) return;  // answered already, or abandoned
  const Visit* parent = visits_.get(child->parent);
  child->attached = false;  // the callee's work goes on; its answer will be dropped
  if (parent == nullptr || parent->epoch != child->parent_epoch) return;
  answers_.push_back(Answer{child->parent, child->parent_epoch, Outcome::kTimeout, false});
}

void Simulation::Engine::depart(Handle vh, Outcome outcome) {
  const Visit v = visits_.at(vh);
  ServiceRuntime& svc = services_[v.service];
  const SimTime now = events_.now();
  const bool held_worker = v.phase != VisitPhase::kQueued;
  if (held_worker) {
    Instance& inst = svc.instances[v.instance];
    --inst.busy;
    svc.busy.add(now, -1.0);
    if (v.phase == VisitPhase::kCalling) svc.calling.add(now, -1.0);
  }
  if (observer_) {
    observer_->on_departure(v.workload, v.key, EndpointRef{v.service, v.endpoint},
                            to_seconds((held_worker ? v.started : now) - v.arrived),
                            to_seconds(now - v.arrived), outcome);
  }
  if (v.counted) {
    ServiceResult& r = svc.result;
    // `rejected` is this service's own full waiting room; a visit failed by a
    // callee's rejection counts as failed here (the reason still travels up).
    if (outcome == Outcome::kOk) {
      ++r.completed;
    } else if (outcome == Outcome::kRejected && !held_worker) {
      ++r.rejected;
    } else {
      ++r.failed;
    }
    // A visit that never took a worker waited until now (zero when turned away).
    const double wait = to_seconds((held_worker ? v.started : now) - v.arrived);
    const double response = to_seconds(now - v.arrived);
    if (wait > 0.0) ++r.waited;
    r.wait_s.add(wait);
    r.response_s.add(response);
    // A lone endpoint's histogram is the service's, copied at the end.
    if (r.endpoints.size() > 1) r.endpoints[v.endpoint].response_s.add(response);
  }
  if (v.parent.is_none()) {
    const UserRequest* r = requests_.get(v.request);
    if (r != nullptr && v.attached && r->attempt == vh)
      answers_.push_back(Answer{v.request, r->attempts, outcome, true});
  } else if (v.attached) {
    const Visit* parent = visits_.get(v.parent);
    if (parent != nullptr && parent->epoch == v.parent_epoch)
      answers_.push_back(Answer{v.parent, v.parent_epoch, outcome, false});
  }
  visits_.release(vh);

  // The freed worker takes the next waiting visit.
  if (held_worker) {
    Instance& inst = svc.instances[v.instance];
    if (!inst.room.empty() && inst.state == InstanceState::kUp) {
      const Handle next = inst.room.pop();
      svc.queued.add(now, -1.0);
      start(next, /*may_finish_now=*/false);
    }
  }
}

void Simulation::Engine::deliver_answers() {
  // Answers may add answers (a failed call fails its caller): drain in order.
  for (std::size_t i = 0; i < answers_.size(); ++i) {
    const Answer a = answers_[i];
    if (a.to_client) {
      const UserRequest* r = requests_.get(a.to);
      if (r != nullptr && r->attempts == a.epoch) finish_request(a.to, a.outcome);
      continue;
    }
    const Visit* parent = visits_.get(a.to);
    if (parent == nullptr || parent->epoch != a.epoch) continue;  // the caller moved on
    on_answer(a.to, a.outcome);
  }
  answers_.clear();
}

void Simulation::Engine::on_answer(Handle ph, Outcome outcome) {
  Visit& p = visits_.at(ph);
  SURGE_ASSERT(p.pending > 0);
  --p.pending;
  if (outcome != Outcome::kOk) {
    // A failed call fails its endpoint; the caller's other calls are abandoned.
    ++p.epoch;
    p.pending = 0;
    depart(ph, outcome);
    return;
  }
  if (p.pending == 0) proceed(ph);
}

// ---- time series and warmup ----

void Simulation::Engine::close_intervals_until(SimTime t) {
  while (interval_start_ + interval_ <= t) close_interval(interval_start_ + interval_);
}

void Simulation::Engine::on_warmup_end() {
  const SimTime now = events_.now();
  for (ServiceRuntime& s : services_) {
    s.busy_at_warmup = s.busy.integral(now);
    s.calling_at_warmup = s.calling.integral(now);
    s.queued_at_warmup = s.queued.integral(now);
    s.up_at_warmup = s.up.integral(now);
    s.busy.reset_max();
    s.queued.reset_max();
    s.up.reset_max();
    s.up_min = s.up.value();
  }
}

}  // namespace surge::mesh
