// The SimGrid engine (docs/simgrid.md). One S4U actor per visit: it waits for a
// worker of its instance (a FIFO waiting room of our own, so that admission,
// rejection and crashes follow the native engine's rules exactly), executes its work
// on the instance's host, then makes its calls one after another, each a new visit
// whose answer it awaits with the call's timeout (acquire_timeout on a semaphore the
// callee releases: a timeout leaves the callee working). A client actor per user
// request awaits its root visit the same way. Admission happens in the actor that
// issues the visit, at the instant it is issued, as in the native engine.
//
// With a network (docs/simgrid.md, "Network"), a call's request is a communication
// from the caller's service to the callee's over their route, made by the callee
// visit's own actor before the visit arrives (routing and admission happen then);
// the answer is a communication back, made by an actor of its own so that it
// survives a crash of the callee. The caller's timeout runs from the sending.
#include "sim/simgrid/simgrid_simulation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <functional>
#include <map>
#include <simgrid/plugins/load.h>
#include <simgrid/s4u.hpp>
#include <string>
#include <xbt/log.h>

#include "models/faults/fault.hpp"
#include "models/faults/fault_effects.hpp"
#include "models/faults/fault_host.hpp"
#include "models/mesh/balancer.hpp"
#include "models/mesh/instance_state.hpp"
#include "models/mesh/network_routes.hpp"
#include "models/mesh/random_keys.hpp"
#include "models/mesh/results_collector.hpp"
#include "sim/simgrid/link_meter.hpp"
#include "sim/simgrid/platform.hpp"

namespace surge::simgrid {
namespace sg4 = ::simgrid::s4u;
using mesh::EndpointRef;
using mesh::Outcome;

namespace {

// A message's size: a count distribution drawn with the callee visit's key, rounded
// to the nearest whole byte, at least 0.
std::uint64_t message_bytes(const Distribution& bytes, std::uint64_t key,
                            mesh::DrawPurpose purpose) {
  if (bytes.kind() == DistKind::kDeterministic && bytes.mean() == 0.0) return 0;
  Rng rng = mesh::purpose_rng(key, purpose);
  return static_cast<std::uint64_t>(std::llround(std::clamp(bytes.sample(rng), 0.0, 1e12)));
}

// What a waiter (a calling visit or a client) learns of the visit it issued.
struct AnswerSlot {
  sg4::SemaphorePtr ready = sg4::Semaphore::create(0);
  Outcome outcome = Outcome::kOk;
  bool attached = true;  // the waiter still waits; after its timeout the answer is dropped
  // The answer's transfer while it crosses the network: a caller that gives up closes
  // the connection, which aborts it (docs/simgrid.md, "Network").
  sg4::CommPtr in_transit;
};

enum class Phase : std::uint8_t { kArriving, kQueued, kWorking, kCalling, kGone };
inline constexpr std::uint32_t kNoCaller = 0xFFFFFFFFU;

struct VisitRec {
  std::uint64_t id = 0;  // creation order
  std::shared_ptr<AnswerSlot> answer;
  std::uint64_t key = 0;
  EndpointRef to;
  std::uint32_t workload = 0;
  std::uint32_t instance = mesh::kNoInstance;
  // The caller's service (kNoCaller: a user request's root, answered with no message)
  // and the bytes of the call's answer.
  std::uint32_t caller = kNoCaller;
  std::uint64_t response_bytes = 0;
  SimTime arrived = 0, started = 0, work = 0;
  Phase phase = Phase::kArriving;
  bool counted = false;
  sg4::SemaphorePtr grant;  // released when a worker passes to it from the waiting room
  sg4::ActorPtr actor;
};
using VisitPtr = std::shared_ptr<VisitRec>;

struct InstanceRec {
  sg4::Host* host = nullptr;
  mesh::InstanceState state = mesh::InstanceState::kUp;
  std::uint32_t busy = 0;
  std::deque<VisitPtr> waiting;
  std::map<std::uint64_t, VisitPtr> holding;  // by id: a deterministic crash order
};

struct ServiceRec {
  mesh::Balancer balancer;
  std::vector<InstanceRec> instances;
};

struct RequestRec {
  std::uint32_t workload = 0;
  bool counted = false;
};

}  // namespace

class SimgridSimulation::Engine final : public faults::FaultHost {
 public:
  explicit Engine(const mesh::ModelGraph& graph)
      : graph_(graph),
        horizon_(from_seconds(graph.duration_s)),
        warmup_(from_seconds(graph.warmup_s)),
        collector_(graph) {}
  void set_observer(mesh::RunObserver* observer) { observer_ = observer; }
  mesh::RunResult run(const std::function<void(const mesh::Progress&)>& on_progress);

  // FaultHost.
  [[nodiscard]] SimTime now() const override { return clock(); }
  void schedule_fault(std::uint32_t fault, SimTime at, std::uint32_t a, std::uint32_t b) override;
  std::vector<std::uint32_t> crash_up_instances(std::uint32_t service,
                                                std::uint32_t count) override;
  bool crash_if_up(std::uint32_t service, std::uint32_t instance) override;
  void bring_back(std::uint32_t service, std::uint32_t instance) override;
  void wipe_state(std::uint32_t /*service*/) override {}  // no session stores here
  [[nodiscard]] faults::FaultEffects& effects() override { return effects_; }

 private:
  // SimGrid's clock in seconds, back to the project's integer nanoseconds: every
  // instant the engine reaches is a sum of whole nanoseconds, so rounding is exact.
  [[nodiscard]] static SimTime clock() { return from_seconds(sg4::Engine::get_clock()); }
  void spawn(const std::string& name, const std::function<void()>& body) {
    sg4::Actor::create(name, control_, body);
  }

  void arrivals(std::uint32_t workload);
  void new_request(std::uint32_t workload, std::uint64_t index);
  // in_transit: the visit's request still crosses the network; it arrives later.
  VisitPtr new_visit(std::uint64_t key, EndpointRef to, std::uint32_t workload,
                     std::shared_ptr<AnswerSlot> answer, bool in_transit = false);
  void announce_arrival(const VisitPtr& v);
  void arrive(const VisitPtr& v);
  bool admit(const VisitPtr& v);
  void take_worker(const VisitPtr& v, InstanceRec& inst);
  void visit_body(const VisitPtr& v);
  Outcome call(const VisitPtr& parent, std::uint16_t index, std::uint32_t copy);
  void depart(const VisitPtr& v, Outcome outcome);

  // Network (docs/simgrid.md, "Network").
  [[nodiscard]] bool message_is_free(std::uint32_t from, std::uint32_t to,
                                     std::uint64_t bytes) const;
  void send_request(const VisitPtr& v, std::uint32_t from, std::uint64_t bytes);
  void send_answer(const VisitPtr& v, Outcome outcome);
  // A message between two services in zones landed (or crossed for free) now.
  void landed(std::uint32_t from, std::uint32_t to, std::uint64_t bytes) {
    link_meter_.landed(from, to, bytes, clock());
  }
  // Waits for `slot` until `deadline` (kTimeInfinity: for ever); true when it timed out.
  bool timed_out(AnswerSlot& slot, SimTime deadline);

  void crash_instances(std::uint32_t service, const std::vector<std::uint32_t>& instances);
  // Tells a load-aware balancer an instance's outstanding visits (waiting plus holding
  // a worker), at the same points as the native engine's note_load.
  void note_load(std::uint32_t service, std::uint32_t instance);
  void health_view(std::uint32_t service, std::uint32_t instance, bool up);
  void abort_run(std::string reason);

  const mesh::ModelGraph& graph_;
  SimTime horizon_;
  SimTime warmup_;
  mesh::ResultsCollector collector_;
  mesh::RunObserver* observer_ = nullptr;
  sg4::Host* control_ = nullptr;  // where clients, arrivals and faults run
  Platform platform_;
  mesh::NetworkRoutes routes_;
  LinkMeter link_meter_;
  std::vector<ServiceRec> services_;
  std::vector<std::uint64_t> workload_keys_;
  std::vector<std::unique_ptr<faults::Fault>> faults_;
  faults::FaultEffects effects_;  // the slow, error and partition faults active now
  std::map<std::uint64_t, VisitPtr> live_;              // by id, for the end counts
  std::map<std::uint64_t, RequestRec> live_requests_;   // by creation order
  std::uint64_t next_visit_ = 0, next_request_ = 0, events_ = 0;
  bool aborted_ = false;
  SimTime aborted_at_ = 0;
  std::string abort_reason_;
};

// ---- the run ----

mesh::RunResult SimgridSimulation::Engine::run(
    const std::function<void(const mesh::Progress&)>& on_progress) {
  const auto wall_start = std::chrono::steady_clock::now();
  // SimGrid's own logging stays quiet: surge reports problems itself.
  int argc = 2;
  std::string program = "surge", quiet = "--log=root.thres:critical";
  char* argv[] = {program.data(), quiet.data(), nullptr};
  sg4::Engine engine(&argc, argv);
  configure_models();
  if (graph_.network.present()) sg_link_load_plugin_init();  // before the platform
  platform_ = build_platform(graph_);
  if (graph_.network.present()) {
    routes_ = mesh::NetworkRoutes(graph_.network);
    link_meter_ = LinkMeter(platform_, from_seconds(graph_.report.interval_s), warmup_);
  }
  const Platform& platform = platform_;
  control_ = platform.control;
  for (std::uint32_t s = 0; s < graph_.services.size(); ++s) {
    const mesh::ServiceSpec& spec = graph_.services[s];
    ServiceRec rec{mesh::Balancer(spec.balancer, spec.instances), {}};
    for (std::uint32_t i = 0; i < spec.instances; ++i)
      rec.instances.push_back(InstanceRec{platform.hosts[s][i], mesh::InstanceState::kUp, 0, {}, {}});
    services_.push_back(std::move(rec));
  }
  // Progress about twice a second of wall time, as the native engine gives it; the
  // clock is read every 1,024 time steps only.
  auto next_report = wall_start + std::chrono::milliseconds(500);
  std::uint64_t steps = 0;
  sg4::Engine::on_time_advance_cb([this, &on_progress, &next_report, &steps, wall_start](double) {
    collector_.advance_to(clock());
    link_meter_.advance(clock());
    if (!on_progress || (++steps & 1023U) != 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (now < next_report) return;
    next_report = now + std::chrono::milliseconds(500);
    on_progress(mesh::Progress{to_seconds(clock()), graph_.duration_s, events_,
                               std::chrono::duration<double>(now - wall_start).count()});
  });

  const std::uint64_t run = mesh::run_key(graph_.seed, graph_.replication);
  for (std::uint32_t w = 0; w < graph_.workloads.size(); ++w) {
    workload_keys_.push_back(mesh::workload_key(run, graph_.workloads[w].name));
    spawn("arrivals", [this, w] { arrivals(w); });
  }
  if (warmup_ > 0) {
    spawn("warmup", [this] {
      sg4::this_actor::sleep_until(to_seconds(warmup_));
      collector_.warmup_ended(clock());
    });
  }
  for (std::uint32_t f = 0; f < graph_.faults.size(); ++f)
    faults_.push_back(faults::make_fault(graph_.faults[f], f, run));
  for (const auto& fault : faults_) fault->start(*this);

  engine.run_until(to_seconds(horizon_));

  const SimTime end = aborted_ ? aborted_at_ : horizon_;
  for (const auto& [id, v] : live_)
    if (v->counted) collector_.still_in_service(v->to.service);
  for (const auto& [id, r] : live_requests_)
    if (r.counted) collector_.still_in_flight(r.workload);
  mesh::RunResult result = collector_.finish(end);
  result.links = link_meter_.finish(end);
  result.status = aborted_ ? mesh::RunStatus::kAborted : mesh::RunStatus::kCompleted;
  result.reason = abort_reason_;
  result.events = events_;
  result.engine = "simgrid";
  result.wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  // Actors still blocked at the horizon hold records of ours: end them before the
  // records go.
  sg4::Actor::kill_all();
  live_.clear();
  for (ServiceRec& s : services_) s.instances.clear();
  return result;
}

void SimgridSimulation::Engine::abort_run(std::string reason) {
  if (aborted_) return;
  aborted_ = true;
  aborted_at_ = clock();
  abort_reason_ = std::move(reason);
  sg4::Actor::kill_all();  // every actor but this one
  sg4::this_actor::exit();
}

// ---- user requests ----

void SimgridSimulation::Engine::arrivals(std::uint32_t w) {
  const mesh::WorkloadSpec& spec = graph_.workloads[w];
  auto process = demand::make_arrival_process(
      spec.arrivals, Rng(mesh::arrival_stream_key(graph_.seed, graph_.replication, spec.name)),
      horizon_);
  for (std::uint64_t index = 0;; ++index) {
    const SimTime at = process->next();
    if (at >= horizon_) return;
    if (at > clock()) sg4::this_actor::sleep_until(to_seconds(at));
    new_request(w, index);
  }
}

void SimgridSimulation::Engine::new_request(std::uint32_t w, std::uint64_t index) {
  const mesh::WorkloadSpec& spec = graph_.workloads[w];
  const SimTime arrived = clock();
  const bool counted = arrived >= warmup_;
  ++events_;
  if (observer_) observer_->on_request(w, index, to_seconds(arrived));
  collector_.request_arrived(w, counted);
  collector_.attempt_started(w, counted);
  const std::uint64_t id = next_request_++;
  live_requests_.emplace(id, RequestRec{w, counted});
  auto slot = std::make_shared<AnswerSlot>();
  const SimTime deadline = spec.client.timeout_s == mesh::kNoTimeout
                               ? kTimeInfinity
                               : arrived + from_seconds(spec.client.timeout_s);
  const VisitPtr root =
      new_visit(mesh::attempt_key(workload_keys_[w], index, 0), spec.entry, w, slot);
  spawn("client", [this, slot, deadline, id, w, counted, arrived] {
    Outcome outcome = Outcome::kTimeout;
    if (timed_out(*slot, deadline)) {
      slot->attached = false;  // the attempt's work goes on
    } else {
      outcome = slot->outcome;
    }
    live_requests_.erase(id);
    collector_.request_finished(w, counted, outcome, to_seconds(clock() - arrived));
  });
  arrive(root);
}

bool SimgridSimulation::Engine::timed_out(AnswerSlot& slot, SimTime deadline) {
  ++events_;
  if (deadline == kTimeInfinity) {
    slot.ready->acquire();
    return false;
  }
  const double left = to_seconds(deadline) - sg4::Engine::get_clock();
  return slot.ready->acquire_timeout(left > 0.0 ? left : 0.0);
}

// ---- visits ----

VisitPtr SimgridSimulation::Engine::new_visit(std::uint64_t key, EndpointRef to,
                                              std::uint32_t workload,
                                              std::shared_ptr<AnswerSlot> answer,
                                              bool in_transit) {
  Rng work_rng = mesh::purpose_rng(key, mesh::DrawPurpose::kWork);
  auto v = std::make_shared<VisitRec>();
  v->id = next_visit_++;
  v->answer = std::move(answer);
  v->key = key;
  v->to = to;
  v->workload = workload;
  v->work = from_seconds(graph_.services[to.service].endpoints[to.endpoint].work.sample(work_rng));
  live_.emplace(v->id, v);
  ++events_;
  // In transit it is nowhere yet: not counted, in no station (a crash passes it by).
  if (!in_transit) announce_arrival(v);
  collector_.visit_created(live_.size());
  if (live_.size() > graph_.limits.max_in_flight) {
    abort_run(fmt::format("limits.max_in_flight reached: more than {} visits in flight at t = {} s",
                          graph_.limits.max_in_flight, to_seconds(clock())));
  }
  return v;
}

// The visit is at its service now, and counts from now.
void SimgridSimulation::Engine::announce_arrival(const VisitPtr& v) {
  v->arrived = clock();
  v->counted = v->arrived >= warmup_;
  collector_.visit_arrived(v->to.service, v->to.endpoint, v->workload, v->counted);
  if (observer_) observer_->on_visit(v->workload, v->key, v->to, to_seconds(v->work));
}

// Routes and admits a visit at once, in the issuer's actor; then the visit's own
// actor takes over.
void SimgridSimulation::Engine::arrive(const VisitPtr& v) {
  if (!admit(v)) return;
  v->actor = sg4::Actor::create("visit", services_[v->to.service].instances[v->instance].host,
                                [this, v] { visit_body(v); });
}

// A free worker, else the waiting room, else `rejected` (false: it has departed).
bool SimgridSimulation::Engine::admit(const VisitPtr& v) {
  ServiceRec& svc = services_[v->to.service];
  const mesh::ServiceSpec& spec = graph_.services[v->to.service];
  const std::uint32_t instance = svc.balancer.choose(v->key);
  if (instance == mesh::kNoInstance || !mesh::takes_visits(svc.instances[instance].state)) {
    depart(v, Outcome::kError);  // none believed up, or not yet noticed down
    return false;
  }
  v->instance = instance;
  InstanceRec& inst = svc.instances[instance];
  if (spec.workers == mesh::kUnlimited || inst.busy < spec.workers) {
    ++inst.busy;
    note_load(v->to.service, instance);
    take_worker(v, inst);
  } else if (spec.queue_capacity == mesh::kUnlimited || inst.waiting.size() < spec.queue_capacity) {
    v->phase = Phase::kQueued;
    v->grant = sg4::Semaphore::create(0);
    inst.waiting.push_back(v);
    note_load(v->to.service, instance);
    collector_.queue_changed(v->to.service, clock(), 1);
  } else {
    depart(v, Outcome::kRejected);
    return false;
  }
  return true;
}

void SimgridSimulation::Engine::take_worker(const VisitPtr& v, InstanceRec& inst) {
  v->phase = Phase::kWorking;
  v->started = clock();
  inst.holding.emplace(v->id, v);
  collector_.worker_taken(v->to.service, v->started);
  // A slow fault stretches the work of visits that start while it holds.
  if (effects_.slowing())
    v->work = from_seconds(to_seconds(v->work) * effects_.work_factor(v->to.service));
}

void SimgridSimulation::Engine::note_load(std::uint32_t service, std::uint32_t instance) {
  ServiceRec& svc = services_[service];
  if (!svc.balancer.wants_load()) return;
  const InstanceRec& inst = svc.instances[instance];
  svc.balancer.set_load(instance, static_cast<std::uint32_t>(inst.busy + inst.waiting.size()));
}

void SimgridSimulation::Engine::visit_body(const VisitPtr& v) {
  if (v->phase == Phase::kQueued) v->grant->acquire();  // a departing visit passed its worker
  if (v->work > 0) {
    ++events_;
    // Hosts run one flop per nanosecond (platform.hpp): the work is exact. It runs on
    // this actor's host, which is the instance's.
    services_[v->to.service].instances[v->instance].host->exec_async(
        static_cast<double>(v->work))->wait();
  }
  // An error fault fails the visit after its work, drawing from the same key as the
  // native engine.
  if (effects_.erring() &&
      effects_.fails(v->to.service, v->to.endpoint, mesh::fault_error_key(v->key))) {
    depart(v, Outcome::kError);
    return;
  }
  const mesh::EndpointSpec& endpoint = graph_.services[v->to.service].endpoints[v->to.endpoint];
  if (endpoint.calls.empty()) {
    depart(v, Outcome::kOk);
    return;
  }
  collector_.calling_started(v->to.service, clock());
  v->phase = Phase::kCalling;
  for (std::uint16_t c = 0; c < endpoint.calls.size(); ++c) {
    const mesh::CallSpec& spec = endpoint.calls[c];
    if (spec.probability < 1.0) {
      Rng rng = mesh::purpose_rng(v->key, mesh::DrawPurpose::kCallChance, c);
      if (!(rng.uniform01() < spec.probability)) continue;
    }
    for (std::uint32_t copy = 0; copy < spec.count; ++copy) {
      const Outcome outcome = call(v, c, copy);
      if (outcome != Outcome::kOk) {  // a failed call fails the endpoint
        depart(v, outcome);
        return;
      }
    }
  }
  depart(v, Outcome::kOk);
}

Outcome SimgridSimulation::Engine::call(const VisitPtr& parent, std::uint16_t index,
                                        std::uint32_t copy) {
  const mesh::CallSpec& spec =
      graph_.services[parent->to.service].endpoints[parent->to.endpoint].calls[index];
  // A partition fails the call at once: no visit goes out, the callee never sees it.
  if (effects_.cutting() && effects_.cut(parent->to.service, spec.to.service)) {
    ++events_;
    return Outcome::kError;
  }
  auto slot = std::make_shared<AnswerSlot>();
  const SimTime deadline =
      spec.timeout_s == mesh::kNoTimeout ? kTimeInfinity : clock() + from_seconds(spec.timeout_s);
  const std::uint64_t key = mesh::call_key(parent->key, index, copy, 0);
  const std::uint32_t from = parent->to.service;
  const std::uint64_t request_bytes =
      message_bytes(spec.request_bytes, key, mesh::DrawPurpose::kRequestBytes);
  const bool free = message_is_free(from, spec.to.service, request_bytes);
  const VisitPtr child = new_visit(key, spec.to, parent->workload, slot, !free);
  child->caller = from;
  child->response_bytes = message_bytes(spec.response_bytes, key, mesh::DrawPurpose::kResponseBytes);
  if (free) {
    landed(from, spec.to.service, request_bytes);
    arrive(child);
  } else {
    send_request(child, from, request_bytes);
  }
  if (timed_out(*slot, deadline)) {
    slot->attached = false;  // the callee works on; its answer will be dropped
    if (slot->in_transit) slot->in_transit->cancel();
    return Outcome::kTimeout;
  }
  return slot->outcome;
}

void SimgridSimulation::Engine::depart(const VisitPtr& v, Outcome outcome) {
  const SimTime now = clock();
  const bool held = v->phase == Phase::kWorking || v->phase == Phase::kCalling;
  const std::uint32_t service = v->to.service;
  collector_.visit_departed(service, v->to.endpoint, now, v->arrived, v->started, held,
                            v->phase == Phase::kCalling, v->counted, outcome);
  if (observer_) {
    observer_->on_departure(v->workload, v->key, v->to,
                            to_seconds((held ? v->started : now) - v->arrived),
                            to_seconds(now - v->arrived), outcome);
  }
  ++events_;
  v->phase = Phase::kGone;
  live_.erase(v->id);
  if (v->answer->attached) {  // else the caller moved on: no answer is sent
    if (v->caller == kNoCaller || message_is_free(service, v->caller, v->response_bytes)) {
      if (v->caller != kNoCaller) landed(service, v->caller, v->response_bytes);
      v->answer->outcome = outcome;
      v->answer->ready->release();
    } else {
      send_answer(v, outcome);
    }
  }
  if (held) {
    InstanceRec& inst = services_[service].instances[v->instance];
    inst.holding.erase(v->id);
    // The freed worker passes to the next waiting visit (a down instance holds nothing).
    if (mesh::is_serving(inst.state)) {
      if (inst.waiting.empty()) {
        --inst.busy;
        note_load(service, v->instance);
      } else {
        const VisitPtr next = inst.waiting.front();
        inst.waiting.pop_front();
        note_load(service, v->instance);
        collector_.queue_changed(service, now, -1);
        take_worker(next, inst);
        next->grant->release();
      }
    }
  }
  // A visit failed from outside (a crash) has its actor ended here; its calls go on.
  const sg4::ActorPtr actor = std::move(v->actor);
  v->actor = nullptr;
  if (actor && actor.get() != sg4::Actor::self()) actor->kill();
}

// ---- the network ----

// A message is free (no communication) between services not both in zones, and over
// a route with no latency that is either empty of bytes or of finite bandwidth.
bool SimgridSimulation::Engine::message_is_free(std::uint32_t from, std::uint32_t to,
                                                std::uint64_t bytes) const {
  if (platform_.out_port[from] == nullptr || platform_.in_port[to] == nullptr) return true;
  if (routes_.route_latency_s(from, to) > 0.0) return false;
  return bytes == 0 || routes_.route_bandwidth_bps(from, to) == mesh::kUnlimitedBandwidth;
}

// The callee visit's own actor carries its request over the route, then the visit
// arrives: routing and admission happen on arrival, as in the native engine.
void SimgridSimulation::Engine::send_request(const VisitPtr& v, std::uint32_t from,
                                             std::uint64_t bytes) {
  sg4::Host* to = platform_.in_port[v->to.service];
  v->actor = sg4::Actor::create("visit", to, [this, v, from, to, bytes] {
    ++events_;
    sg4::Comm::sendto(platform_.out_port[from], to, bytes);
    landed(from, v->to.service, bytes);
    announce_arrival(v);
    if (!admit(v)) return;
    // Executions run on the actor's host (SimGrid 3.32's Host::exec_async ignores its
    // host): move to the chosen instance's.
    sg4::this_actor::set_host(services_[v->to.service].instances[v->instance].host);
    visit_body(v);
  });
}

// The answer crosses back in an actor of its own (the callee's may be ending: a crash
// kills it); the caller hears it on arrival, unless it has moved on meanwhile (its
// timeout fired): then the answer drops.
void SimgridSimulation::Engine::send_answer(const VisitPtr& v, Outcome outcome) {
  sg4::Host* from = platform_.out_port[v->to.service];
  sg4::Host* to = platform_.in_port[v->caller];
  sg4::Actor::create("answer", from, [this, from, to, bytes = v->response_bytes,
                                      answer = v->answer, outcome, callee = v->to.service,
                                      caller = v->caller] {
    ++events_;
    answer->in_transit = sg4::Comm::sendto_async(from, to, bytes);
    try {
      answer->in_transit->wait();
    } catch (const ::simgrid::CancelException&) {
      return;  // the caller gave up first: the rest of the answer never crosses
    } catch (const ::simgrid::NetworkFailureException&) {
      return;  // 3.32 reports a cancelled host-to-host transfer as a link failure
    }
    answer->in_transit = nullptr;
    landed(callee, caller, bytes);
    if (!answer->attached) return;
    answer->outcome = outcome;
    answer->ready->release();
  });
}

// ---- faults ----

void SimgridSimulation::Engine::schedule_fault(std::uint32_t fault, SimTime at, std::uint32_t a,
                                               std::uint32_t b) {
  if (at >= horizon_) return;
  spawn("fault", [this, fault, at, a, b] {
    if (at > clock()) sg4::this_actor::sleep_until(to_seconds(at));
    ++events_;
    faults_[fault]->on_event(*this, a, b);
  });
}

std::vector<std::uint32_t> SimgridSimulation::Engine::crash_up_instances(std::uint32_t service,
                                                                         std::uint32_t count) {
  std::vector<std::uint32_t> downed;
  const std::vector<InstanceRec>& instances = services_[service].instances;
  for (std::uint32_t i = 0; i < instances.size() && downed.size() < count; ++i)
    if (mesh::takes_visits(instances[i].state)) downed.push_back(i);
  crash_instances(service, downed);
  return downed;
}

bool SimgridSimulation::Engine::crash_if_up(std::uint32_t service, std::uint32_t instance) {
  if (!mesh::takes_visits(services_[service].instances[instance].state)) return false;
  crash_instances(service, {instance});
  return true;
}

// As in the native engine: waiting visits fail in serving order, then those holding
// a worker; calls they made downstream go on and their answers drop.
void SimgridSimulation::Engine::crash_instances(std::uint32_t service,
                                                const std::vector<std::uint32_t>& instances) {
  const SimTime now = clock();
  for (const std::uint32_t i : instances) {
    InstanceRec& inst = services_[service].instances[i];
    inst.state = mesh::InstanceState::kDown;
    collector_.instances_changed(service, now, -1);
    const std::deque<VisitPtr> waiting = std::move(inst.waiting);
    inst.waiting.clear();
    for (const VisitPtr& v : waiting) {
      collector_.queue_changed(service, now, -1);
      depart(v, Outcome::kError);
    }
    const std::map<std::uint64_t, VisitPtr> holding = std::move(inst.holding);
    inst.holding.clear();
    inst.busy = 0;
    for (const auto& [id, v] : holding) depart(v, Outcome::kError);
    note_load(service, i);  // it holds nothing now
    health_view(service, i, /*up=*/false);
  }
}

void SimgridSimulation::Engine::bring_back(std::uint32_t service, std::uint32_t instance) {
  services_[service].instances[instance].state = mesh::InstanceState::kUp;
  collector_.instances_changed(service, clock(), 1);
  health_view(service, instance, /*up=*/true);
}

// The balancer learns of a crash or a recovery health_check_s late.
void SimgridSimulation::Engine::health_view(std::uint32_t service, std::uint32_t instance,
                                            bool up) {
  const SimTime lag = from_seconds(graph_.services[service].health_check_s);
  const auto seen = [this, service, instance, up] {
    if (up && !mesh::takes_visits(services_[service].instances[instance].state)) return;
    services_[service].balancer.set_routable(instance, up);
  };
  if (lag == 0) {
    seen();
  } else if (clock() + lag < horizon_) {
    const SimTime at = clock() + lag;
    spawn("health", [at, seen] {
      sg4::this_actor::sleep_until(to_seconds(at));
      seen();
    });
  }
}

// ---- the public face ----

SimgridSimulation::SimgridSimulation(const mesh::ModelGraph& graph)
    : engine_(std::make_unique<Engine>(graph)) {}
SimgridSimulation::~SimgridSimulation() = default;
void SimgridSimulation::set_observer(mesh::RunObserver* observer) {
  engine_->set_observer(observer);
}
mesh::RunResult SimgridSimulation::run(
    const std::function<void(const mesh::Progress&)>& on_progress) {
  return engine_->run(on_progress);
}

}  // namespace surge::simgrid
