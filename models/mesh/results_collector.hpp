// ResultsCollector: every statistic of a run — per-service and per-workload counts,
// latency histograms, time-weighted levels, the time series and the SLO judgement —
// fed by the engine's notifications, the way plugins subscribe to a simulator's
// signals. The engine keeps only what it needs to simulate and tells the collector
// what happened; the collector never changes what the simulation does.
//
// It is the engine's one compiled-in subscriber (its notifications are inline calls,
// not virtual ones, since they happen several times per visit); tests and traces
// subscribe through RunObserver (simulation.hpp).
//
// Warmup (DESIGN "Report"): counts cover requests and visits that arrived at or after
// warmup_s (the engine says which, `counted`); time averages and maxima cover the time
// after it. Levels are integrated from t = 0 and differenced at the warmup and at each
// interval boundary, exactly (LevelIntegral). Intervals are [start, end).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/mesh/model_graph.hpp"
#include "models/mesh/outcome.hpp"
#include "models/mesh/results.hpp"
#include "sim/kernel/time.hpp"
#include "sim/kernel/level_integral.hpp"
#include "models/mesh/tracked_level.hpp"

namespace surge::mesh {

class ResultsCollector {
 public:
  explicit ResultsCollector(const ModelGraph& graph);

  // ---- user requests ----
  void request_arrived(std::uint32_t workload, bool counted) {
    WorkloadStats& w = workloads_[workload];
    if (counted) ++w.result.offered;
    ++w.interval_offered;
  }
  void attempt_started(std::uint32_t workload, bool counted) {
    if (counted) ++workloads_[workload].result.attempts;
  }
  void request_finished(std::uint32_t workload, bool counted, Outcome outcome, double latency_s) {
    WorkloadStats& w = workloads_[workload];
    if (outcome == Outcome::kOk) {
      ++w.interval_succeeded;
      w.interval_latency.add(latency_s);
      if (counted) {
        ++w.result.succeeded;
        w.result.latency_s.add(latency_s);
      }
    } else {
      ++w.interval_failed;
      ++w.interval_failed_by[static_cast<std::size_t>(outcome)];
      if (counted) ++w.result.failed[static_cast<std::size_t>(outcome)];
    }
  }

  // ---- visits ----
  void visit_created(std::size_t live) {
    if (live > peak_in_flight_) peak_in_flight_ = live;
  }
  void visit_arrived(std::uint32_t service, std::uint32_t endpoint, std::uint32_t workload,
                     bool counted) {
    ++services_[service].interval_arrivals;
    if (!counted) return;
    ++workloads_[workload].result.visits[service];
    ServiceResult& r = services_[service].result;
    ++r.arrivals;
    ++r.endpoints[endpoint].arrivals;
  }
  // The visit just arrived is a call's retry (also counted in visit_arrived).
  void retry_arrived(std::uint32_t service, std::uint32_t workload, bool counted) {
    if (!counted) return;
    ++services_[service].result.retries;
    ++workloads_[workload].result.retries[service];
  }
  void queue_changed(std::uint32_t service, SimTime now, std::int64_t delta) {
    services_[service].queued.add(now, delta);
  }
  void worker_taken(std::uint32_t service, SimTime now) { services_[service].busy.add(now, 1); }
  // The visit's work is done and it now waits on its calls, still holding the worker.
  void calling_started(std::uint32_t service, SimTime now) {
    services_[service].calling.add(now, 1);
  }
  // A visit leaves. `started` is when it took a worker (`held_worker`), else unused.
  void visit_departed(std::uint32_t service, std::uint32_t endpoint, SimTime now, SimTime arrived,
                      SimTime started, bool held_worker, bool was_calling, bool counted,
                      Outcome outcome) {
    ServiceStats& s = services_[service];
    if (held_worker) {
      s.busy.add(now, -1);
      if (was_calling) s.calling.add(now, -1);
    }
    if (!counted) return;
    ServiceResult& r = s.result;
    // `rejected` is this service's own full waiting room; a visit failed by a
    // callee's rejection counts as failed here (the reason still travels up).
    if (outcome == Outcome::kOk) {
      ++r.completed;
    } else {
      if (outcome == Outcome::kRejected && !held_worker) {
        ++r.rejected;
      } else {
        ++r.failed;
      }
      ++r.endpoints[endpoint].failed[static_cast<std::size_t>(outcome)];
    }
    // A visit that never took a worker waited until now (zero when turned away).
    const double wait = to_seconds((held_worker ? started : now) - arrived);
    const double response = to_seconds(now - arrived);
    if (wait > 0.0) ++r.waited;
    r.wait_s.add(wait);
    r.response_s.add(response);
    // A lone endpoint's histogram is the service's, copied at the end.
    if (r.endpoints.size() > 1) r.endpoints[endpoint].response_s.add(response);
  }
  // Serving instances (cold, up or draining: those that hold workers) changed.
  void instances_changed(std::uint32_t service, SimTime now, std::int64_t delta);
  // Integrals since t = 0 of a service's busy workers, waiting visits and serving
  // instances, up to `now`: what an autoscaler differences over its period.
  struct Integrals {
    LevelNanos busy = 0, queued = 0, serving = 0;
  };
  [[nodiscard]] Integrals integrals(std::uint32_t service, SimTime now) const {
    const ServiceStats& s = services_[service];
    return Integrals{s.busy.integral(now), s.queued.integral(now), s.up.integral(now)};
  }
  // A stateful station's held units (sessions) changed.
  void held_changed(std::uint32_t service, SimTime now, std::int64_t delta) {
    services_[service].held.add(now, delta);
  }

  // ---- circuit breakers ----
  void has_breakers(std::uint32_t service) { services_[service].breakers = true; }
  void breakers_open_changed(std::uint32_t service, SimTime now, std::int64_t delta) {
    services_[service].open_breakers.add(now, delta);
  }

  // ---- session users ----
  void user_arrived(std::uint32_t workload, bool counted, SimTime now);
  void user_left(std::uint32_t workload, bool counted, bool completed, SimTime now);
  void user_still_active(std::uint32_t workload) { ++workloads_[workload].result.users->in_script; }

  // ---- the clock ----
  // Closes every interval that ends at or before `next` (the time of the next event):
  // an interval ends before any event at its end time.
  void advance_to(SimTime next) {
    if (next >= interval_start_ + interval_) close_intervals_until(next);
  }
  void warmup_ended(SimTime now);

  // ---- the end ----
  // Still there at the end, counted from the live records by the engine.
  void still_in_service(std::uint32_t service) { ++services_[service].result.in_flight; }
  void still_in_flight(std::uint32_t workload) { ++workloads_[workload].result.in_flight; }
  // REQUIRES: called once, after the last notification.
  [[nodiscard]] RunResult finish(SimTime end);

 private:
  struct ServiceStats {
    bool unlimited = false;
    std::int64_t workers = 0;
    // Totals over instances, integrated from t = 0. Workers blocked on calls are
    // tracked rather than those working, so a leaf visit costs two updates, not four.
    LevelIntegral busy, calling, queued, up;
    std::int64_t up_min = 0;
    LevelNanos busy_at_warmup = 0, calling_at_warmup = 0, queued_at_warmup = 0,
               up_at_warmup = 0;
    LevelNanos busy_at_tick = 0, queued_at_tick = 0, up_at_tick = 0;
    std::uint64_t interval_arrivals = 0;
    bool stateful = false;  // a session store: `held` is reported
    TrackedLevel held;
    bool breakers = false;  // some call of the service has a circuit breaker
    TrackedLevel open_breakers;
    ServiceResult result;
  };
  struct WorkloadStats {
    std::vector<const SloSpec*> slos;
    std::uint64_t interval_offered = 0, interval_succeeded = 0, interval_failed = 0;
    std::array<std::uint64_t, kOutcomeCount> interval_failed_by{};
    LatencyRecord interval_latency;
    bool sessions = false;  // a sessions workload: users are reported
    TrackedLevel active;
    WorkloadResult result;
  };

  void close_intervals_until(SimTime t);
  void close_interval(SimTime end);

  SimTime warmup_;
  SimTime interval_;
  SimTime interval_start_ = 0;
  std::vector<ServiceStats> services_;
  std::vector<WorkloadStats> workloads_;
  std::vector<double> series_t_s_;
  std::size_t peak_in_flight_ = 0;
};

}  // namespace surge::mesh
