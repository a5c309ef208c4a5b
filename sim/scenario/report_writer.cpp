#include "sim/scenario/report_writer.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "models/mesh/network_spec.hpp"

namespace surge::scenario {
namespace {

using nlohmann::json;

json optional_number(const std::optional<double>& x) { return x ? json(*x) : json(nullptr); }

json optional_series(const std::vector<std::optional<double>>& xs) {
  json out = json::array();
  for (const auto& x : xs) out.push_back(optional_number(x));
  return out;
}

// Mean and percentiles; null when nothing was recorded.
json latency(const mesh::LatencyRecord& record, const std::vector<double>& percentiles) {
  json out = json::object();
  const bool empty = record.count() == 0;
  out["mean"] = empty ? json(nullptr) : json(record.mean());
  for (double p : percentiles)
    out[percentile_key(p)] = empty ? json(nullptr) : json(record.quantile(p / 100.0));
  return out;
}

// Counts by failure reason, every reason present (0 when none).
json by_reason(const std::array<std::uint64_t, mesh::kOutcomeCount>& counts) {
  json out = json::object();
  for (std::size_t o = 1; o < mesh::kOutcomeCount; ++o)
    out[std::string(mesh::kOutcomeNames[o])] = counts[o];
  return out;
}

json breaker_report(const mesh::BreakerResult& b) {
  json history = json::array();
  for (const auto& [t, state] : b.history) history.push_back(json::array({t, state}));
  return {{"call", b.call},     {"to", b.to},       {"opened", b.opened},
          {"state_changes", b.state_changes}, {"open_s", b.open_s}, {"state", b.state},
          {"history", std::move(history)}};
}

json workload_report(const mesh::WorkloadResult& w, const std::vector<double>& percentiles) {
  const json failed = by_reason(w.failed);
  json out = {
      {"offered", w.offered},
      {"succeeded", w.succeeded},
      {"in_flight", w.in_flight},
      {"failed", failed},
      {"attempts", w.attempts},
      {"amplification", w.offered > 0 ? json(static_cast<double>(w.attempts) /
                                             static_cast<double>(w.offered))
                                      : json(nullptr)},
      {"goodput_per_s", w.goodput_per_s},
      {"latency_s", latency(w.latency_s, percentiles)},
  };
  if (w.slo) {
    out["slo"] = {{"met", w.slo->met},
                  {"seconds_in_violation", w.slo->seconds_in_violation},
                  {"violations", w.slo->violations}};
  }
  return out;
}

// A time average over no time (the run stopped before its warmup ended) is null.
json service_report(const mesh::ServiceResult& s, const std::vector<double>& percentiles,
                    bool measured) {
  const std::uint64_t departures = s.completed + s.rejected + s.failed;
  const auto timed = [measured](double x) { return measured ? json(x) : json(nullptr); };
  json out = {
      {"arrivals", s.arrivals},
      {"retries", s.retries},
      {"completed", s.completed},
      {"rejected", s.rejected},
      {"failed", s.failed},
      {"in_flight", s.in_flight},
      {"busy_workers", {{"mean", timed(s.busy_workers.mean)}, {"max", timed(s.busy_workers.max)}}},
      {"in_system", {{"mean", timed(s.in_system_mean)}}},
      {"instances",
       {{"mean", timed(s.instances.mean)}, {"min", timed(s.instances_min)},
        {"max", timed(s.instances.max)}}},
      {"queue_length", {{"mean", timed(s.queue_length.mean)}, {"max", timed(s.queue_length.max)}}},
      {"waited_ratio", departures > 0 ? json(static_cast<double>(s.waited) /
                                             static_cast<double>(departures))
                                      : json(nullptr)},
      {"wait_s", latency(s.wait_s, percentiles)},
      {"response_s", latency(s.response_s, percentiles)},
  };
  if (!s.unlimited_workers) {
    out["utilization"] = timed(s.utilization);
    out["work_utilization"] = timed(s.work_utilization);
  }
  if (s.scaling) {
    out["autoscale"] = {{"scale_ups", s.scaling->scale_ups},
                        {"scale_downs", s.scaling->scale_downs},
                        {"added", s.scaling->added},
                        {"removed", s.scaling->removed},
                        {"members_max", s.scaling->members_max}};
  }
  json endpoints = json::object();
  for (const mesh::EndpointResult& e : s.endpoints) {
    json& out_e = endpoints[e.name];
    out_e = {{"arrivals", e.arrivals},
             {"failed", by_reason(e.failed)},
             {"response_s", latency(e.response_s, percentiles)}};
    if (!e.breakers.empty()) {
      json breakers = json::array();
      for (const mesh::BreakerResult& b : e.breakers) breakers.push_back(breaker_report(b));
      out_e["circuit_breakers"] = std::move(breakers);
    }
  }
  out["endpoints"] = std::move(endpoints);
  return out;
}

// A GPU batch tier's own figures (docs/report.md, services.NAME.inference).
json inference_report(const mesh::GpuBatchResult& g, const std::vector<double>& percentiles,
                      bool measured) {
  const auto timed = [measured](double x) { return measured ? json(x) : json(nullptr); };
  const auto level = [&timed](const mesh::TimeAverage& a) {
    return json{{"mean", timed(a.mean)}, {"max", timed(a.max)}};
  };
  return {{"iterations", g.iterations},
          {"tokens", g.tokens},
          {"prefill_tokens", g.prefill_tokens},
          {"tokens_per_s", timed(g.tokens_per_s)},
          {"refused", {{"too_long", g.too_long}, {"queue_full", g.queue_full}}},
          {"shed_max_wait", g.waited_too_long},
          {"ttft_s", latency(g.ttft_s, percentiles)},
          {"tpot_s", latency(g.tpot_s, percentiles)},
          {"e2e_s", latency(g.e2e_s, percentiles)},
          {"batch_occupancy", level(g.batch_occupancy)},
          {"kv_cache_use", level(g.kv_cache_use)},
          {"kv_cache_reserved", level(g.kv_cache_reserved)}};
}

// The network links' figures (RunResult::links, the SimGrid engine's only): the summary
// under network.links and the utilization series under timeseries.network.links.
void add_links(const std::vector<mesh::LinkResult>& links, json& report) {
  json summary = json::object();
  json series = json::object();
  for (const mesh::LinkResult& l : links) {
    const bool unlimited = l.bandwidth_bps == mesh::kUnlimitedBandwidth;
    summary[l.name] = {{"from", l.from},
                       {"to", l.to},
                       {"bandwidth_bps", unlimited ? json(nullptr) : json(l.bandwidth_bps)},
                       {"bytes", l.bytes},
                       {"utilization", optional_number(l.utilization)}};
    series[l.name] = {{"utilization", optional_series(l.utilization_series)}};
  }
  report["network"] = {{"links", std::move(summary)}};
  report["timeseries"]["network"] = {{"links", std::move(series)}};
}

}  // namespace

std::string percentile_key(double percentile) { return fmt::format("p{}", percentile); }

json make_report(const LoadedScenario& scenario, const mesh::RunResult& result) {
  const mesh::ModelGraph& g = scenario.graph;
  const std::vector<double>& pcts = g.report.percentiles;
  json report = json::object();
  report["schema_version"] = kReportSchemaVersion;
  report["scenario"] = {{"name", g.name},
                        {"seed", g.seed},
                        {"replication", g.replication},
                        {"sha256", scenario.sha256}};
  const bool completed = result.status == mesh::RunStatus::kCompleted;
  report["run"] = {
      {"status", completed ? "completed" : "aborted"},
      {"reason", completed ? json(nullptr) : json(result.reason)},
      {"engine", result.engine},
      {"simulated_s", result.simulated_s},
      {"events", result.events},
      {"wall_s", result.wall_s},
      {"events_per_s",
       result.wall_s > 0.0 ? static_cast<double>(result.events) / result.wall_s : 0.0},
      {"peak_in_flight", result.peak_in_flight},
  };
  json workloads = json::object();
  json ts_workloads = json::object();
  for (const mesh::WorkloadResult& w : result.workloads) {
    workloads[w.name] = workload_report(w, pcts);
    // Per offered request: visits and call retries at each service the requests reached.
    json per_request = json::object();
    for (std::size_t s = 0; s < result.services.size(); ++s) {
      if (w.visits[s] == 0 || w.offered == 0) continue;
      const auto offered = static_cast<double>(w.offered);
      per_request[result.services[s].name] = {
          {"visits", static_cast<double>(w.visits[s]) / offered},
          {"retries", static_cast<double>(w.retries[s]) / offered}};
    }
    workloads[w.name]["per_request"] = std::move(per_request);
    if (w.users) {
      const bool measured = result.measured_s > 0.0;
      workloads[w.name]["users"] = {
          {"arrived", w.users->arrived},
          {"completed", w.users->completed},
          {"abandoned", w.users->abandoned},
          {"in_script", w.users->in_script},
          {"active", {{"mean", measured ? json(w.users->active.mean) : json(nullptr)},
                      {"max", measured ? json(w.users->active.max) : json(nullptr)}}}};
    }
    ts_workloads[w.name] = {{"offered_per_s", w.series.offered_per_s},
                            {"goodput_per_s", w.series.goodput_per_s},
                            {"error_ratio", optional_series(w.series.error_ratio)},
                            {"p50_s", optional_series(w.series.p50_s)},
                            {"p99_s", optional_series(w.series.p99_s)}};
    if (w.users) ts_workloads[w.name]["active_users"] = w.series.active_users;
    // Only the reasons that occurred: most runs fail in one or two ways.
    json failed_per_s = json::object();
    for (std::size_t o = 1; o < mesh::kOutcomeCount; ++o) {
      if (w.failed[o] == 0 && std::all_of(w.series.failed_per_s[o].begin(),
                                          w.series.failed_per_s[o].end(),
                                          [](double x) { return x == 0.0; }))
        continue;
      failed_per_s[std::string(mesh::kOutcomeNames[o])] = w.series.failed_per_s[o];
    }
    ts_workloads[w.name]["failed_per_s"] = std::move(failed_per_s);
  }
  json services = json::object();
  json ts_services = json::object();
  for (const mesh::ServiceResult& s : result.services) {
    services[s.name] = service_report(s, pcts, result.measured_s > 0.0);
    if (s.sessions) {
      const bool measured = result.measured_s > 0.0;
      const mesh::SessionStoreResult& st = *s.sessions;
      const std::uint64_t gets = st.hits + st.misses;
      services[s.name]["sessions"] = {
          {"hits", st.hits},
          {"misses", st.misses},
          {"hit_ratio", gets > 0 ? json(static_cast<double>(st.hits) / static_cast<double>(gets))
                                 : json(nullptr)},
          {"puts", st.puts},
          {"evictions", st.evictions},
          {"expirations", st.expirations},
          {"wiped", st.wiped},
          {"held", {{"mean", measured ? json(st.held.mean) : json(nullptr)},
                    {"max", measured ? json(st.held.max) : json(nullptr)},
                    {"at_end", st.held_at_end}}}};
    }
    if (s.inference) {
      services[s.name]["inference"] =
          inference_report(*s.inference, pcts, result.measured_s > 0.0);
    }
    ts_services[s.name] = {{"arrivals_per_s", s.series.arrivals_per_s},
                           {"utilization", optional_series(s.series.utilization)},
                           {"queue_length", s.series.queue_length},
                           {"instances", s.series.instances}};
    if (s.sessions) ts_services[s.name]["sessions_held"] = s.series.sessions_held;
    if (!s.series.breakers_open.empty())
      ts_services[s.name]["breakers_open"] = s.series.breakers_open;
    if (s.inference) {
      json& ts = ts_services[s.name];
      ts["batch_occupancy"] = s.series.batch_occupancy;
      ts["kv_cache_use"] = s.series.kv_cache_use;
      ts["tokens_per_s"] = s.series.tokens_per_s;
      ts["ttft_p99_s"] = optional_series(s.series.ttft_p99_s);
      ts["tpot_p99_s"] = optional_series(s.series.tpot_p99_s);
      ts["e2e_p99_s"] = optional_series(s.series.e2e_p99_s);
    }
  }
  report["workloads"] = std::move(workloads);
  report["services"] = std::move(services);
  report["timeseries"] = {{"interval_s", result.series_interval_s},
                          {"t_s", result.series_t_s},
                          {"workloads", std::move(ts_workloads)},
                          {"services", std::move(ts_services)}};
  if (!result.links.empty()) add_links(result.links, report);
  return report;
}

}  // namespace surge::scenario
