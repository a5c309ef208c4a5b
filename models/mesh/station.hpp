// Station: how one kind of service holds and serves visits (DESIGN: a service kind is
// a station type). The engine owns the visit life cycle and the call tree; a station
// owns only its instances' queueing state: who holds a worker, who waits, and how
// the work phase runs. The engine talks to every kind through this interface, so a
// new kind (session store, GPU batch, a test's toy) is a new type, not a branch.
//
// The life cycle the engine drives, per visit routed to instance i:
//   admit(i)          -> kStarted (it holds a worker), kQueued, or refused (outcome)
//   begin_work        -> the length of its work phase, or kTimeInfinity when the
//                        station reports its end itself through StationHost::work_done
//   release(i, w)     -> a visit of workload w gave its worker back; the station names
//                        the waiting visit that takes the worker next, if any, after
//                        handing back through StationHost::shed those it drops on the
//                        way (load shedding at dequeue)
// and per instance: crash (everything it held is handed back to fail), recover, and
// add_instance (the autoscaler made a new one).
//
// Contract: stations never touch results (the engine notifies the results collector)
// and never schedule engine events except through StationHost.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "models/mesh/model_graph.hpp"
#include "models/mesh/results.hpp"
#include "models/mesh/visit.hpp"
#include "sim/kernel/slot_pool.hpp"
#include "sim/kernel/time.hpp"

namespace surge::mesh {

// What a station may ask of the engine that runs it.
class StationHost {
 public:
  virtual ~StationHost() = default;
  [[nodiscard]] virtual SimTime now() const = 0;
  // The work phase of `visit` ended (for stations whose begin_work returned kTimeInfinity).
  virtual void work_done(Handle visit) = 0;
  // Calls the station's on_timer(instance, generation) at `at` (>= now()).
  virtual void schedule_timer(std::uint32_t service, SimTime at, std::uint32_t instance,
                              std::uint32_t generation) = 0;
  // The record of a live visit the station holds (waiting or working).
  [[nodiscard]] virtual const Visit& visit(Handle visit) const = 0;
  // The station took `visit` out of its waiting room and drops it: it departs with
  // `shed`, never having held a worker. Called from inside release() or on_timer();
  // the host must not call back into the station for it.
  virtual void shed(Handle visit) = 0;
  // The station took `visit` (admitted kQueued) out of its waiting room and starts
  // it now, outside release() (a GPU replica admits a batch at an iteration's
  // start). The host calls begin_work for it before returning.
  virtual void start_waiting(Handle visit) = 0;
  // The model the station runs in (report interval and warmup, for its own series).
  [[nodiscard]] virtual const ModelGraph& graph() const = 0;
};

enum class Admission : std::uint8_t { kStarted, kQueued, kRefused };

struct AdmitResult {
  Admission admission = Admission::kStarted;
  Outcome refusal = Outcome::kOk;  // why, when kRefused
};

class Station {
 public:
  virtual ~Station() = default;

  // REQUIRES: `instance` is up. May refuse with an outcome (a full waiting room).
  virtual AdmitResult admit(Handle visit, const Visit& v, std::uint32_t instance) = 0;
  // The visit took a worker: start its work phase. Returns how long it lasts, or
  // kTimeInfinity when the station calls StationHost::work_done itself.
  virtual SimTime begin_work(Handle visit, const Visit& v) = 0;
  // A visit of `workload` left while holding a worker of `instance`. Returns the
  // waiting visit that takes the worker now (already counted as holding it), if any.
  virtual std::optional<Handle> release(std::uint32_t instance, std::uint32_t workload) = 0;
  // The instance went down: forget its working state and hand back the visits that
  // were waiting, in serving order (the engine fails them and those holding workers).
  virtual std::vector<Handle> crash(std::uint32_t instance) = 0;
  // The instance came back, empty.
  virtual void recover(std::uint32_t /*instance*/) {}
  // The autoscaler made a new instance: `instance` is the next unused id (the ids
  // 0 .. instance - 1 exist already and keep theirs). The station makes room for its
  // per-instance state, empty, before any visit is routed there. Ids are never
  // reused, so per-instance vectors only grow. The default does nothing: right for a
  // station that keeps no per-instance state; a station that sizes per-instance
  // vectors must override it (WorkerPoolStation::add_instance appends one entry).
  virtual void add_instance(std::uint32_t /*instance*/) {}
  // The instance is gone for good (drained, or cancelled while provisioning); it
  // holds nothing and gets nothing more.
  virtual void remove_instance(std::uint32_t /*instance*/) {}
  // A timer the station asked for through StationHost::schedule_timer.
  virtual void on_timer(std::uint32_t /*instance*/, std::uint32_t /*generation*/) {}

  // Visits waiting plus holding a worker at `instance`: what balancers compare.
  [[nodiscard]] virtual std::size_t outstanding(std::uint32_t instance) const = 0;

  // ---- stateful kinds (the session store); the defaults suit a plain pool ----
  // Whether answer() decides visits' outcomes; asked once, so other kinds pay nothing.
  [[nodiscard]] virtual bool decides_outcome() const { return false; }
  // Whether visits that carry a user go to the instance of that user, not the
  // balancer's choice; the instance is user_instance(user).
  [[nodiscard]] virtual bool routes_by_user() const { return false; }
  [[nodiscard]] virtual std::uint32_t user_instance(std::uint64_t /*user*/) const { return 0; }
  // The visit's work ended at `now`: its outcome from the station's state. `user` is
  // the user's key, or nullopt for a request that carries no user.
  virtual Outcome answer(const Visit& /*v*/, std::optional<std::uint64_t> /*user*/,
                         SimTime /*now*/) {
    return Outcome::kOk;
  }
  // A `flush` fault: the station loses its state.
  virtual void flush() {}
  // Units of state held now (sessions), for the results collector's level.
  [[nodiscard]] virtual std::uint64_t held() const { return 0; }
  // Adds the station's own figures at the end of the run.
  virtual void finish(ServiceResult& /*result*/, SimTime /*end*/) {}
};

// Makes the station of a service. The default (make_station) picks by kind and
// discipline; tests and extensions may supply their own through Simulation.
// Called once per service when the engine is built (never on the hot path).
using StationFactory = std::function<std::unique_ptr<Station>(
    const ServiceSpec& spec, StationHost& host, std::uint32_t service)>;

[[nodiscard]] std::unique_ptr<Station> make_station(const ServiceSpec& spec, StationHost& host,
                                                    std::uint32_t service);

}  // namespace surge::mesh
