// The native engine's state and event handlers (internal to models/mesh; the
// public face is Simulation). See simulation.hpp for the contract and visit.hpp
// for how abandoned calls are dropped.
//
// Answers travel up the call tree through a same-time work list (`answers_`)
// rather than by direct calls: a callee that fails at once (a full waiting room)
// must not re-enter its caller while the caller is still issuing calls.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <vector>

#include "models/demand/arrival_process.hpp"
#include "models/mesh/model_graph.hpp"
#include "models/mesh/processor_sharing.hpp"
#include "models/mesh/results.hpp"
#include "models/mesh/simulation.hpp"
#include "models/mesh/visit.hpp"
#include "models/mesh/waiting_room.hpp"
#include "sim/kernel/event_queue.hpp"
#include "sim/kernel/slot_pool.hpp"
#include "sim/kernel/time_weighted.hpp"

namespace surge::mesh {

enum class EventKind : std::uint32_t {
  kArrival,        // index: workload
  kWorkDone,       // handle: visit
  kCallTimeout,    // handle: the callee visit
  kClientTimeout,  // handle: user request; aux: attempt number
  kWarmupEnd,
  kPsDone,         // index: service; aux: instance; generation: the instance's ps generation
  kFault,          // index: fault; aux: 0 starts, 1 ends
  kHealthSeen,     // index: service; aux: instance; generation: 1 seen up, 0 seen down
};

enum class InstanceState : std::uint8_t { kUp, kProvisioning, kCold, kDraining, kDown };

struct Instance {
  InstanceState state = InstanceState::kUp;
  // The balancer's view, which lags `state` by the service's health_check_s.
  bool seen_up = true;
  std::uint32_t busy = 0;  // workers held (working or blocked on calls)
  WaitingRoom room;
  ProcessorSharing ps;  // the work phase under discipline `ps`
  [[nodiscard]] std::size_t outstanding() const { return busy + room.size(); }
};

struct ServiceRuntime {
  const ServiceSpec* spec = nullptr;
  std::vector<Instance> instances;
  // Ids of the instances the balancer believes up, ascending; what it routes among.
  std::vector<std::uint32_t> routable;
  std::uint32_t round_robin = 0;  // position in `routable`
  // Totals over instances, each integrated from t = 0 (never restarted).
  // Workers blocked on calls are tracked rather than those working, so a leaf
  // visit (no calls) costs two updates (busy up, busy down), not four.
  TimeWeighted busy, calling, queued, up;
  double up_min = 0.0;
  // Integrals at the end of the warmup and at the start of the current interval.
  double busy_at_warmup = 0, calling_at_warmup = 0, queued_at_warmup = 0, up_at_warmup = 0;
  double busy_at_tick = 0, queued_at_tick = 0, up_at_tick = 0;
  ServiceResult result;
};

struct WorkloadRuntime {
  const WorkloadSpec* spec = nullptr;
  std::unique_ptr<demand::ArrivalProcess> arrivals;
  std::uint64_t key = 0;  // run key combined with the workload name
  std::uint64_t next_index = 0;
  std::vector<const SloSpec*> slos;
  // The current time-series interval.
  std::uint64_t interval_offered = 0, interval_succeeded = 0, interval_failed = 0;
  LatencyRecord interval_latency;
  WorkloadResult result;
};

// An answer on its way to a caller (parent visit) or to the client (request).
struct Answer {
  Handle to;              // parent visit, or user request when to_client
  std::uint32_t epoch;    // parent's epoch, or the request's attempt number
  Outcome outcome;
  bool to_client;
};

class Simulation::Engine {
 public:
  explicit Engine(const ModelGraph& graph);
  RunResult run(const std::function<void(const Progress&)>& on_progress);
  void set_observer(RunObserver* observer) { observer_ = observer; }

 private:
  // Event handlers.
  void on_arrival(std::uint32_t workload);
  void on_work_done(Handle visit);
  void on_ps_done(std::uint32_t service, std::uint32_t instance, std::uint32_t generation);
  void schedule_ps(std::uint32_t service, std::uint32_t instance);
  void finish_work(Handle visit);
  void on_call_timeout(Handle callee);
  void on_client_timeout(Handle request, std::uint32_t attempt);
  // Closes every time-series interval that ends at or before t.
  void close_intervals_until(SimTime t);
  void on_warmup_end();

  // Faults (engine_faults.cpp).
  void on_fault(std::uint32_t fault, bool starts);
  void crash_instance(std::uint32_t service, std::uint32_t instance);
  void recover_instance(std::uint32_t service, std::uint32_t instance);
  void change_instance_count(ServiceRuntime& service, double delta);
  void schedule_health_view(std::uint32_t service, std::uint32_t instance, bool up);
  void on_health_seen(std::uint32_t service, std::uint32_t instance, bool up);

  // Visit life cycle.
  Handle new_visit(Handle parent, Handle request, std::uint64_t key, EndpointRef to,
                   std::uint32_t workload, std::uint32_t priority);
  void arrive(Handle visit);
  std::uint32_t choose_instance(ServiceRuntime& service, const Visit& visit);
  void start(Handle visit, bool may_finish_now);
  void proceed(Handle visit);
  void issue_call(Handle parent, std::uint16_t call_index, std::uint16_t copy);
  void depart(Handle visit, Outcome outcome);
  void deliver_answers();
  void on_answer(Handle parent, Outcome outcome);

  // User requests.
  void start_attempt(Handle request);
  void finish_request(Handle request, Outcome outcome);

  void close_interval(SimTime end);
  void abort_run(std::string reason);
  RunResult collect_results(SimTime end);

  const ModelGraph& graph_;
  SimTime horizon_;
  SimTime warmup_;
  SimTime interval_;
  SimTime interval_start_ = 0;
  EventQueue events_;
  SlotPool<Visit> visits_;
  SlotPool<UserRequest> requests_;
  std::vector<ServiceRuntime> services_;
  std::vector<WorkloadRuntime> workloads_;
  std::vector<Answer> answers_;
  std::uint64_t processed_ = 0;
  std::uint64_t peak_in_flight_ = 0;
  bool aborted_ = false;
  std::string abort_reason_;
  std::vector<double> series_t_s_;
  RunObserver* observer_ = nullptr;
  std::vector<Handle> ps_finished_;  // scratch for on_ps_done, kept to avoid allocating
  std::vector<std::vector<std::uint32_t>> fault_downed_;  // per fault: instances it took down
};

}  // namespace surge::mesh
