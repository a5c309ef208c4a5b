#include "models/mesh/results_collector.hpp"

#include <algorithm>

#include "models/mesh/slo.hpp"

namespace surge::mesh {

ResultsCollector::ResultsCollector(const ModelGraph& graph)
    : warmup_(from_seconds(graph.warmup_s)),
      interval_(std::max<SimTime>(1, from_seconds(graph.report.interval_s))),
      services_(graph.services.size()),
      workloads_(graph.workloads.size()) {
  for (std::size_t s = 0; s < graph.services.size(); ++s) {
    const ServiceSpec& spec = graph.services[s];
    ServiceStats& stats = services_[s];
    stats.unlimited = spec.workers == kUnlimited;
    stats.workers = stats.unlimited ? 0 : spec.workers;
    stats.up.add(0, spec.instances);
    stats.up_min = spec.instances;
    stats.result.name = spec.name;
    stats.result.unlimited_workers = stats.unlimited;
    stats.stateful = spec.kind == ServiceKind::kSessionStore;
    for (const EndpointSpec& e : spec.endpoints) {
      EndpointResult endpoint;
      endpoint.name = e.name;
      stats.result.endpoints.push_back(std::move(endpoint));
    }
  }
  for (std::size_t w = 0; w < graph.workloads.size(); ++w) {
    workloads_[w].result.name = graph.workloads[w].name;
    workloads_[w].result.visits.assign(graph.services.size(), 0);
    workloads_[w].result.retries.assign(graph.services.size(), 0);
    workloads_[w].sessions = graph.workloads[w].kind == WorkloadKind::kSessions;
    if (workloads_[w].sessions) workloads_[w].result.users = UsersResult{};
  }
  for (const SloSpec& slo : graph.slo) workloads_[slo.workload].slos.push_back(&slo);
}

void ResultsCollector::instances_changed(std::uint32_t service, SimTime now,
                                         std::int64_t delta) {
  ServiceStats& s = services_[service];
  s.up.add(now, delta);
  if (now >= warmup_) s.up_min = std::min(s.up_min, s.up.level());
}

void ResultsCollector::user_arrived(std::uint32_t workload, bool counted, SimTime now) {
  WorkloadStats& w = workloads_[workload];
  w.active.add(now, 1);
  if (counted) ++w.result.users->arrived;
}

void ResultsCollector::user_left(std::uint32_t workload, bool counted, bool completed,
                                 SimTime now) {
  WorkloadStats& w = workloads_[workload];
  w.active.add(now, -1);
  if (counted) ++(completed ? w.result.users->completed : w.result.users->abandoned);
}

void ResultsCollector::warmup_ended(SimTime now) {
  for (WorkloadStats& w : workloads_) w.active.warmup_ended(now);
  for (ServiceStats& s : services_) {
    s.held.warmup_ended(now);
    s.busy_at_warmup = s.busy.integral(now);
    s.calling_at_warmup = s.calling.integral(now);
    s.queued_at_warmup = s.queued.integral(now);
    s.up_at_warmup = s.up.integral(now);
    s.busy.reset_max();
    s.queued.reset_max();
    s.up.reset_max();
    s.up_min = s.up.level();
  }
}

void ResultsCollector::close_intervals_until(SimTime t) {
  while (interval_start_ + interval_ <= t) close_interval(interval_start_ + interval_);
}

void ResultsCollector::close_interval(SimTime end) {
  if (end <= interval_start_) return;
  const double length = to_seconds(end - interval_start_);
  const LevelNanos length_ns = end - interval_start_;
  const bool after_warmup = interval_start_ >= warmup_;
  series_t_s_.push_back(to_seconds(interval_start_));
  for (ServiceStats& s : services_) {
    const LevelNanos busy = s.busy.integral(end), queued = s.queued.integral(end),
                     up = s.up.integral(end);
    ServiceSeries& series = s.result.series;
    const LevelNanos capacity = (up - s.up_at_tick) * s.workers;
    if (s.unlimited || capacity <= 0) {
      series.utilization.push_back(std::nullopt);
    } else {
      series.utilization.push_back(ratio(busy - s.busy_at_tick, capacity));
    }
    series.queue_length.push_back(ratio(queued - s.queued_at_tick, length_ns));
    series.instances.push_back(ratio(up - s.up_at_tick, length_ns));
    series.arrivals_per_s.push_back(static_cast<double>(s.interval_arrivals) / length);
    s.interval_arrivals = 0;
    if (s.stateful) series.sessions_held.push_back(s.held.close_interval(end, length_ns));
    if (s.breakers) series.breakers_open.push_back(s.open_breakers.close_interval(end, length_ns));
    s.busy_at_tick = busy;
    s.queued_at_tick = queued;
    s.up_at_tick = up;
  }
  for (WorkloadStats& w : workloads_) {
    WorkloadSeries& series = w.result.series;
    const std::uint64_t finished = w.interval_succeeded + w.interval_failed;
    series.offered_per_s.push_back(static_cast<double>(w.interval_offered) / length);
    if (w.sessions) series.active_users.push_back(w.active.close_interval(end, length_ns));
    series.goodput_per_s.push_back(static_cast<double>(w.interval_succeeded) / length);
    if (finished == 0) {
      series.error_ratio.push_back(std::nullopt);
    } else {
      series.error_ratio.push_back(static_cast<double>(w.interval_failed) /
                                   static_cast<double>(finished));
    }
    if (w.interval_succeeded == 0) {
      series.p50_s.push_back(std::nullopt);
      series.p99_s.push_back(std::nullopt);
    } else {
      series.p50_s.push_back(w.interval_latency.quantile(0.50));
      series.p99_s.push_back(w.interval_latency.quantile(0.99));
    }
    if (after_warmup && !w.slos.empty()) {
      if (!w.result.slo) w.result.slo = SloResult{};
      const bool broken = std::any_of(w.slos.begin(), w.slos.end(), [&](const SloSpec* slo) {
        return !slo_violations(*slo, w.interval_succeeded, finished, w.interval_latency).empty();
      });
      if (broken) w.result.slo->seconds_in_violation += length;
    }
    for (std::size_t o = 1; o < kOutcomeCount; ++o) {
      series.failed_per_s[o].push_back(static_cast<double>(w.interval_failed_by[o]) / length);
    }
    w.interval_failed_by = {};
    w.interval_offered = w.interval_succeeded = w.interval_failed = 0;
    w.interval_latency = LatencyRecord{};
  }
  interval_start_ = end;
}

RunResult ResultsCollector::finish(SimTime end) {
  close_intervals_until(end);
  close_interval(end);
  RunResult out;
  out.simulated_s = to_seconds(end);
  out.peak_in_flight = peak_in_flight_;
  out.series_t_s = std::move(series_t_s_);
  out.series_interval_s = to_seconds(interval_);
  // A run that stopped before its warmup ended measured no time: its averages are
  // undefined (the report writes them as null), not zero.
  const LevelNanos span_ns = end > warmup_ ? end - warmup_ : 0;
  const double span = to_seconds(static_cast<SimTime>(span_ns));
  out.measured_s = span;
  const auto average = [span_ns](LevelNanos integral) {
    return span_ns > 0 ? ratio(integral, span_ns) : 0.0;
  };

  for (ServiceStats& s : services_) {
    ServiceResult r = std::move(s.result);
    const LevelNanos busy = s.busy.integral(end) - s.busy_at_warmup;
    const LevelNanos calling = s.calling.integral(end) - s.calling_at_warmup;
    const LevelNanos queued = s.queued.integral(end) - s.queued_at_warmup;
    const LevelNanos up = s.up.integral(end) - s.up_at_warmup;
    if (!r.unlimited_workers && up > 0) {
      const LevelNanos capacity = up * s.workers;
      r.utilization = ratio(busy, capacity);
      r.work_utilization = ratio(busy - calling, capacity);
    }
    const auto level = [](std::int64_t x) { return static_cast<double>(x); };
    r.busy_workers = TimeAverage{average(busy), level(s.busy.max())};
    r.queue_length = TimeAverage{average(queued), level(s.queued.max())};
    r.in_system_mean = average(busy + queued);
    r.instances = TimeAverage{average(up), level(s.up.max())};
    r.instances_min = level(s.up_min);
    if (r.endpoints.size() == 1) r.endpoints[0].response_s = r.response_s;
    if (s.stateful) {
      r.sessions = SessionStoreResult{};
      r.sessions->held = TimeAverage{span_ns > 0 ? s.held.mean(end, span_ns) : 0.0, s.held.max()};
    }
    out.services.push_back(std::move(r));
  }
  for (WorkloadStats& w : workloads_) {
    WorkloadResult r = std::move(w.result);
    r.goodput_per_s = span > 0.0 ? static_cast<double>(r.succeeded) / span : 0.0;
    if (w.sessions) {
      r.users->active =
          TimeAverage{span_ns > 0 ? w.active.mean(end, span_ns) : 0.0, w.active.max()};
    }
    if (!w.slos.empty()) {
      if (!r.slo) r.slo = SloResult{};
      for (const SloSpec* slo : w.slos) {
        for (std::string& v : slo_violations(*slo, r.succeeded, r.offered, r.latency_s))
          r.slo->violations.push_back(std::move(v));
      }
      r.slo->met = r.slo->violations.empty();
    }
    out.workloads.push_back(std::move(r));
  }
  return out;
}

}  // namespace surge::mesh
