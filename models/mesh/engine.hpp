// The native engine (internal to models/mesh; the public face is Simulation): the
// event loop, the visit life cycle and the call tree. Service kinds are Station
// types (station.hpp), routing is the Balancer's, statistics are the
// ResultsCollector's, timeouts live in TimeoutLists. See visit.hpp for how
// abandoned calls are dropped.
//
// Answers travel up the call tree through a same-time work list (`answers_`)
// rather than by direct calls: a callee that fails at once (a full waiting room)
// must not re-enter its caller while the caller is still issuing calls.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "models/demand/arrival_process.hpp"
#include "models/faults/fault.hpp"
#include "models/faults/fault_effects.hpp"
#include "models/faults/fault_host.hpp"
#include "models/mesh/balancer.hpp"
#include "models/mesh/instance_state.hpp"
#include "models/mesh/model_graph.hpp"
#include "models/mesh/random_keys.hpp"
#include "models/mesh/results_collector.hpp"
#include "models/mesh/simulation.hpp"
#include "models/mesh/station.hpp"
#include "models/mesh/timeout_lists.hpp"
#include "models/mesh/visit.hpp"
#include "models/resilience/circuit_breaker.hpp"
#include "models/resilience/retry_budget.hpp"
#include "models/resilience/token_bucket.hpp"
#include "sim/kernel/event_queue.hpp"
#include "sim/kernel/slot_pool.hpp"

namespace surge::mesh {

enum class EventKind : std::uint32_t {
  kArrival,       // index: workload
  kWorkDone,      // handle: visit
  kTimeout,       // index: timeout list (its front timer's deadline and reserved seq)
  kWarmupEnd,
  kStationTimer,  // index: service; aux: instance; generation: the station's
  kFault,         // index: fault; aux and generation: the fault's own (Fault::on_event)
  kHealthSeen,    // index: service; aux: instance; generation: 1 seen up, 0 seen down
  kThinkEnd,      // index: closed workload; aux: user
  kClientRetry,   // handle: user request
  kCallRetry,     // handle: pending call retry (CallRetry)
  kUserArrival,   // index: sessions workload
  kUserNext,      // handle: session user (its next call, after its think time)
  kBreakerTimer,  // index: breaker (call list); generation: its opening count then
  kScaleEval,     // index: autoscaled service
  kInstanceReady, // index: service; aux: instance (provisioning -> cold)
  kInstanceWarm,  // index: service; aux: instance (cold -> up)
  kRequestArrival, // handle: visit whose call crossed the network (engine_network.cpp)
  kAnswerArrival,  // handle: answer that crossed the network back (TransitAnswer)
};

[[nodiscard]] constexpr std::uint32_t kind_of(EventKind k) { return static_cast<std::uint32_t>(k); }

// What the collector was last told of one circuit breaker.
struct BreakerView {
  std::uint32_t service = 0;  // the caller
  double open_s = 0.0;
  bool open = false;
  std::uint32_t timed = 0;    // the opening whose end has a timer event
};

struct ServiceRuntime {
  const ServiceSpec* spec = nullptr;
  std::unique_ptr<Station> station;
  Balancer balancer;
  std::vector<InstanceState> state;  // the truth; the balancer's view lags it
  // Timeout list of each endpoint's first call; call c of endpoint e uses [e] + c.
  std::vector<std::uint32_t> call_lists;
  // rate_limit: one bucket, or one per workload; empty without a limit.
  std::vector<resilience::TokenBucket> buckets;
  bool decides_outcome = false;  // the station answers visits from its state
  bool routes_by_user = false;   // visits with a user go to the user's instance
  std::uint64_t held_reported = 0;  // the station's held() as the collector last heard it
  // ---- autoscaled services only (autoscale != nullptr) ----
  const scaling::AutoscaleSpec* autoscale = nullptr;
  std::vector<SimTime> cold_since{};  // per instance: when it became cold (initial: never)
  SimTime next_action = 0;          // the cooldown: no scaling action before this
  ResultsCollector::Integrals measured{};  // at the previous evaluation
  ScalingResult scaling{};
};

struct WorkloadRuntime {
  const WorkloadSpec* spec = nullptr;
  std::unique_ptr<demand::ArrivalProcess> arrivals;
  std::uint64_t key = 0;  // run key combined with the workload name
  std::uint64_t next_index = 0;
  std::vector<std::uint32_t> user_requests;       // closed: requests each user made
  std::optional<resilience::RetryBudget> budget;  // of the client's retries
};

// A call waiting out its backoff before it is issued again; the caller's worker
// stays held meanwhile.
struct CallRetry {
  Handle parent;
  std::uint32_t parent_epoch = 0;
  CallAddress address;  // with the retry index of the try to issue
};

// An answer on its way to a caller (parent visit) or to the client (request).
struct Answer {
  Handle to;            // parent visit, or user request when to_client
  std::uint32_t epoch;  // parent's epoch, or the request's attempt number
  Outcome outcome;
  bool to_client;
  CallAddress from;     // which of the parent's calls answers
};

// An answer crossing the network back to its caller (docs/model.md, "Network"): its
// callee has left; the caller and the call's breaker hear it when it arrives.
struct TransitAnswer {
  Handle to;                          // the caller
  std::uint32_t epoch = 0;            // the caller's epoch when it made the call
  std::uint32_t breaker = kNoBreaker; // the call's breaker (its list), or none
  Outcome outcome = Outcome::kOk;     // kTimeout when the deadline comes first
  CallAddress from;
};

class Simulation::Engine final : public StationHost, public faults::FaultHost {
 public:
  explicit Engine(const ModelGraph& graph);
  RunResult run(const std::function<void(const Progress&)>& on_progress);
  void set_observer(RunObserver* observer) { observer_ = observer; }
  void set_station_factory(StationFactory factory) { factory_ = std::move(factory); }

  // StationHost.
  [[nodiscard]] SimTime now() const override { return events_.now(); }
  void work_done(Handle visit) override;
  void schedule_timer(std::uint32_t service, SimTime at, std::uint32_t instance,
                      std::uint32_t generation) override;
  [[nodiscard]] const Visit& visit(Handle visit) const override;
  void shed(Handle visit) override;
  void start_waiting(Handle visit) override;
  [[nodiscard]] const ModelGraph& graph() const override { return graph_; }

  // FaultHost (engine_faults.cpp).
  void schedule_fault(std::uint32_t fault, SimTime at, std::uint32_t a, std::uint32_t b) override;
  std::vector<std::uint32_t> crash_up_instances(std::uint32_t service,
                                                std::uint32_t count) override;
  bool crash_if_up(std::uint32_t service, std::uint32_t instance) override;
  void bring_back(std::uint32_t service, std::uint32_t instance) override;
  void wipe_state(std::uint32_t service) override;
  [[nodiscard]] faults::FaultEffects& effects() override { return effects_; }

 private:
  void build_services();
  void dispatch(const Event& e);

  // User requests, closed users and client retries (engine_clients.cpp).
  void start_closed_users(std::uint32_t workload);
  void schedule_think(std::uint32_t workload, std::uint32_t user);
  void on_arrival(std::uint32_t workload);
  void on_think_end(std::uint32_t workload, std::uint32_t user);
  void new_request(std::uint32_t workload, std::uint64_t index, std::uint32_t user,
                   Handle session);
  void start_attempt(Handle request);
  void on_client_timeout(Handle request);
  void end_attempt(Handle request, Outcome outcome);
  void on_client_retry(Handle request);
  void finish_request(Handle request, Outcome outcome);

  // Session users and their scripts (engine_sessions.cpp).
  void on_user_arrival(std::uint32_t workload);
  void begin_step(Handle user, std::uint32_t step);
  void schedule_call(Handle user, bool think);
  void on_user_next(Handle user);
  void session_attempt_ended(Handle request, Outcome outcome);
  void user_leaves(Handle user, bool completed);
  [[nodiscard]] std::uint64_t user_key(std::uint32_t workload, std::uint32_t user) const {
    return session_user_key(workloads_[workload].key, user);
  }

  // Visit life cycle (engine.cpp).
  // in_transit: the call's message is still crossing the network; the visit arrives
  // at its service (and counts there) in on_request_arrival.
  Handle new_visit(Handle parent, Handle request, std::uint64_t key, EndpointRef to,
                   std::uint32_t workload, std::uint32_t priority, bool in_transit = false);
  void arrive(Handle visit);
  void start(Handle visit, bool may_finish_now);
  void on_work_done(Handle visit);
  void finish_work(Handle visit);
  bool station_answers_ok(Handle visit);
  void sync_held(std::uint32_t service);
  void depart(Handle visit, Outcome outcome);
  void note_load(ServiceRuntime& service, std::uint32_t instance);

  // The call tree (engine_calls.cpp).
  void proceed(Handle visit);
  void issue_call(Handle parent, CallAddress address);
  void on_call_timeout(Handle callee);
  void deliver_answers();
  void on_answer(Handle parent, const Answer& answer);
  bool retry_call(Handle parent, const Answer& answer);
  void on_call_retry(Handle pending);
  void record_call_result(const Visit& callee, bool success);
  bool allow_call(std::uint32_t list);
  void note_breaker(std::uint32_t list);
  void on_breaker_timer(std::uint32_t list, std::uint32_t opened);
  void report_breakers(RunResult& result, SimTime end) const;

  // Network latencies (engine_network.cpp).
  void build_network();
  void on_request_arrival(Handle visit);
  bool answer_over_network(const Visit& callee, Outcome outcome);
  void on_answer_arrival(Handle answer);

  // The timeout list (and retry budget slot) of call `call` of a visit's endpoint.
  [[nodiscard]] std::uint32_t call_list(const Visit& v, std::uint32_t call) const {
    return services_[v.service].call_lists[v.endpoint] + call;
  }

  // Timeouts (engine_calls.cpp).
  std::uint32_t start_timer(std::uint32_t list, Handle owner, double timeout_s);
  void on_timeout_event(std::uint32_t list, SimTime time, std::uint64_t seq);

  // Faults (engine_faults.cpp).
  void start_faults();
  void crash_instances(std::uint32_t service, const std::vector<std::uint32_t>& instances);
  void recover_instance(std::uint32_t service, std::uint32_t instance);
  void schedule_health_view(std::uint32_t service, std::uint32_t instance, bool up);
  void on_health_seen(std::uint32_t service, std::uint32_t instance, bool up);

  // Autoscaling (engine_scaling.cpp).
  void start_autoscalers();
  void on_scale_eval(std::uint32_t service);
  void add_instances(std::uint32_t service, std::uint32_t count);
  std::uint32_t remove_instances(std::uint32_t service, std::uint32_t count);
  void on_instance_ready(std::uint32_t service, std::uint32_t instance);
  void on_instance_warm(std::uint32_t service, std::uint32_t instance);
  void set_instance_state(std::uint32_t service, std::uint32_t instance, InstanceState state);
  void cold_start_work(ServiceRuntime& service, Visit& v);
  void drained(std::uint32_t service, std::uint32_t instance);

  void abort_run(std::string reason);
  void count_still_there();

  const ModelGraph& graph_;
  SimTime horizon_;
  SimTime warmup_;
  EventQueue events_;
  SlotPool<Visit> visits_;
  SlotPool<UserRequest> requests_;
  SlotPool<SessionUser> users_;
  std::vector<ServiceRuntime> services_;
  std::vector<WorkloadRuntime> workloads_;
  TimeoutLists timers_;
  std::vector<Answer> answers_;
  SlotPool<CallRetry> call_retries_;
  // Retry budget of each call with one, indexed like the timeout lists.
  std::vector<std::optional<resilience::RetryBudget>> call_budgets_;
  // Circuit breaker of each call with one, indexed like the timeout lists.
  std::vector<std::optional<resilience::CircuitBreaker>> breakers_;
  std::vector<BreakerView> breaker_views_;  // indexed like breakers_
  // Whether any call has a budget or a breaker: scenarios without pay one test.
  bool any_call_budget_ = false;
  bool any_breaker_ = false;
  // The network latency of each call's messages (the same both ways), indexed like
  // the timeout lists; network_ is false when every one is 0, and then nothing else
  // of the network is read: scenarios without one pay one test per call and answer.
  std::vector<SimTime> call_latency_;
  bool network_ = false;
  SlotPool<TransitAnswer> transit_answers_;
  ResultsCollector collector_;
  std::uint64_t processed_ = 0;
  bool aborted_ = false;
  std::string abort_reason_;
  RunObserver* observer_ = nullptr;
  StationFactory factory_ = make_station;
  std::vector<std::unique_ptr<faults::Fault>> faults_;  // one per graph_.faults entry
  faults::FaultEffects effects_;  // what the active slow, error and partition faults do
};

}  // namespace surge::mesh
