// The native engine's time series and end-of-run results.
#include <algorithm>
#include <cmath>

#include "models/mesh/engine.hpp"

namespace surge::mesh {
namespace {

// Whether the requests finishing in one interval break an SLO entry.
bool interval_violates(const SloSpec& slo, std::uint64_t succeeded, std::uint64_t failed,
                       const LatencyRecord& latency) {
  const std::uint64_t finished = succeeded + failed;
  if (finished == 0) return false;
  if (slo.success_ratio &&
      static_cast<double>(succeeded) / static_cast<double>(finished) < *slo.success_ratio)
    return true;
  if (succeeded == 0) return false;
  if (slo.mean_s && latency.mean() > *slo.mean_s) return true;
  if (slo.p50_s && latency.quantile(0.50) > *slo.p50_s) return true;
  if (slo.p90_s && latency.quantile(0.90) > *slo.p90_s) return true;
  if (slo.p99_s && latency.quantile(0.99) > *slo.p99_s) return true;
  return false;
}

}  // namespace

void Simulation::Engine::close_interval(SimTime end) {
  if (end <= interval_start_) return;
  const double length = to_seconds(end - interval_start_);
  const bool after_warmup = interval_start_ >= warmup_;
  series_t_s_.push_back(to_seconds(interval_start_));
  for (ServiceRuntime& s : services_) {
    const double busy = s.busy.integral(end), queued = s.queued.integral(end),
                 up = s.up.integral(end);
    ServiceSeries& series = s.result.series;
    const double capacity = (up - s.up_at_tick) * static_cast<double>(s.spec->workers);
    if (s.spec->workers == kUnlimited || capacity <= 0.0) {
      series.utilization.push_back(std::nullopt);
    } else {
      series.utilization.push_back((busy - s.busy_at_tick) / capacity);
    }
    series.queue_length.push_back((queued - s.queued_at_tick) / length);
    series.instances.push_back((up - s.up_at_tick) / length);
    s.busy_at_tick = busy;
    s.queued_at_tick = queued;
    s.up_at_tick = up;
  }
  for (WorkloadRuntime& w : workloads_) {
    WorkloadSeries& series = w.result.series;
    const std::uint64_t finished = w.interval_succeeded + w.interval_failed;
    series.offered_per_s.push_back(static_cast<double>(w.interval_offered) / length);
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
        return interval_violates(*slo, w.interval_succeeded, w.interval_failed,
                                 w.interval_latency);
      });
      if (broken) w.result.slo->seconds_in_violation += length;
    }
    w.interval_offered = w.interval_succeeded = w.interval_failed = 0;
    w.interval_latency = LatencyRecord{};
  }
  interval_start_ = end;
}

RunResult Simulation::Engine::collect_results(SimTime end) {
  RunResult out;
  out.status = aborted_ ? RunStatus::kAborted : RunStatus::kCompleted;
  out.reason = abort_reason_;
  out.simulated_s = to_seconds(end);
  out.events = processed_;
  out.peak_in_flight = peak_in_flight_;
  out.series_t_s = series_t_s_;
  out.series_interval_s = to_seconds(interval_);
  const double span = end > warmup_ ? to_seconds(end - warmup_) : 0.0;
  const auto average = [span](double integral) { return span > 0.0 ? integral / span : 0.0; };

  // Still there at the end: counted from the live records, not derived from the other
  // counts, so the conservation checks of the report mean something.
  visits_.for_each_live([&](Handle, const Visit& v) {
    if (v.counted) ++services_[v.service].result.in_flight;
  });
  requests_.for_each_live([&](Handle, const UserRequest& r) {
    if (r.counted) ++workloads_[r.workload].result.in_flight;
  });
  for (ServiceRuntime& s : services_) {
    ServiceResult r = std::move(s.result);
    const double busy = s.busy.integral(end) - s.busy_at_warmup;
    // Integrated apart, busy and calling may differ by rounding only; when every busy
    // worker was calling, the difference can fall just below zero.
    const double working = std::max(0.0, busy - (s.calling.integral(end) - s.calling_at_warmup));
    const double queued = s.queued.integral(end) - s.queued_at_warmup;
    const double up = s.up.integral(end) - s.up_at_warmup;
    if (!r.unlimited_workers && up > 0.0) {
      const double capacity = up * static_cast<double>(s.spec->workers);
      r.utilization = busy / capacity;
      r.work_utilization = working / capacity;
    }
    r.busy_workers = TimeAverage{average(busy), s.busy.max()};
    r.queue_length = TimeAverage{average(queued), s.queued.max()};
    r.in_system_mean = average(busy + queued);
    r.instances = TimeAverage{average(up), s.up.max()};
    r.instances_min = s.up_min;
    if (r.endpoints.size() == 1) r.endpoints[0].response_s = r.response_s;
    out.services.push_back(std::move(r));
  }
  for (WorkloadRuntime& w : workloads_) {
    WorkloadResult r = std::move(w.result);
    r.goodput_per_s = span > 0.0 ? static_cast<double>(r.succeeded) / span : 0.0;
    if (!w.slos.empty()) {
      if (!r.slo) r.slo = SloResult{};
      bool met = true;
      for (const SloSpec* slo : w.slos) {
        if (slo->success_ratio && r.offered > 0 &&
            static_cast<double>(r.succeeded) / static_cast<double>(r.offered) <
                *slo->success_ratio)
          met = false;
        if (r.succeeded == 0) continue;
        const LogHistogram& h = r.latency_s;
        if ((slo->mean_s && r.latency_s.mean() > *slo->mean_s) ||
            (slo->p50_s && h.quantile(0.50) > *slo->p50_s) ||
            (slo->p90_s && h.quantile(0.90) > *slo->p90_s) ||
            (slo->p99_s && h.quantile(0.99) > *slo->p99_s))
          met = false;
      }
      r.slo->met = met;
    }
    out.workloads.push_back(std::move(r));
  }
  return out;
}

}  // namespace surge::mesh
