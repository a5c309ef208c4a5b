// RunResult: everything a run measured, as plain values. sim/scenario turns it
// into the report document (docs/report.md); the meaning of each field is the
// report key's meaning.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/mesh/outcome.hpp"
#include "sim/kernel/log_histogram.hpp"

namespace surge::mesh {

enum class RunStatus : std::uint8_t { kCompleted, kAborted };

// Latencies: the histogram keeps the exact count, sum (so the exact mean), min and
// max beside its buckets, which give the quantiles.
using LatencyRecord = LogHistogram;

struct TimeAverage {
  double mean = 0.0;
  double max = 0.0;
};

// A call's circuit breaker over the whole run (warmup included).
struct BreakerResult {
  std::uint32_t call = 0;  // index in the endpoint's calls
  std::string to;          // "service.endpoint"
  std::uint32_t opened = 0;
  std::uint32_t state_changes = 0;
  double open_s = 0.0;     // time spent open (not half-open)
  std::string state;       // at the end: closed, open, half_open
  // The first changes (at most CircuitBreaker::kMaxHistory): time and new state.
  std::vector<std::pair<double, std::string>> history;
};

struct EndpointResult {
  std::string name;
  std::uint64_t arrivals = 0;
  // Departures other than ok, by outcome ([kOk] unused); `rejected` here includes
  // visits failed by a callee's rejection (the service's `rejected` does not).
  std::array<std::uint64_t, kOutcomeCount> failed{};
  LatencyRecord response_s;
  std::vector<BreakerResult> breakers;  // of its calls that have one
};

struct ServiceSeries {
  std::vector<double> arrivals_per_s;              // visits arriving in the interval
  std::vector<std::optional<double>> utilization;  // null when no worker was up
  std::vector<double> queue_length;
  std::vector<double> instances;
  std::vector<double> sessions_held;  // session stores: time average in the interval
  std::vector<double> breakers_open;  // callers with breakers: open breakers, time average
  // GPU batch tiers: time averages over the replicas, tokens per second, and the
  // 99th percentile of the first tokens produced in the interval (null: none).
  std::vector<double> batch_occupancy, kv_cache_use, tokens_per_s;
  std::vector<std::optional<double>> ttft_p99_s, tpot_p99_s, e2e_p99_s;
};

// A GPU batch tier's own figures (docs/model.md, "GPU batch tier"). Latencies and
// refusal counts cover sequences that arrived after the warmup; token and iteration
// counts and the time averages cover the time after it. Fractions are averaged over
// the configured replicas (a down replica counts as empty); maxima are one replica's.
struct GpuBatchResult {
  std::uint64_t iterations = 0;      // iterations that ended after the warmup
  std::uint64_t tokens = 0;          // output tokens generated after the warmup
  std::uint64_t prefill_tokens = 0;  // prompt tokens prefilled after the warmup
  double tokens_per_s = 0.0;         // tokens / measured time
  std::uint64_t too_long = 0;        // refused: prompt + output > kv_cache_tokens
  std::uint64_t queue_full = 0;      // refused: max_queue sequences already waiting
  std::uint64_t waited_too_long = 0; // shed: waited more than max_wait_s
  LatencyRecord ttft_s;              // arrival to the end of its prefill iteration
  LatencyRecord tpot_s;              // (last token - first token) / (output - 1), output >= 2
  LatencyRecord e2e_s;               // arrival to the last token
  TimeAverage batch_occupancy;       // running sequences / max_batch
  TimeAverage kv_cache_use;          // (prompt + generated tokens) / kv_cache_tokens
  TimeAverage kv_cache_reserved;     // (prompt + output tokens) / kv_cache_tokens
};

// A session store's own figures. Hits, misses and puts count visits that arrived
// after the warmup; evictions, expirations and sessions wiped (by flush faults and
// crashes) cover the whole run.
struct SessionStoreResult {
  std::uint64_t hits = 0, misses = 0, puts = 0;
  std::uint64_t evictions = 0, expirations = 0, wiped = 0;
  std::uint64_t held_at_end = 0;
  TimeAverage held;  // sessions held, after the warmup
};

// An autoscaled service's actions over the whole run (warmup included).
struct ScalingResult {
  std::uint64_t scale_ups = 0, scale_downs = 0;  // actions
  std::uint64_t added = 0, removed = 0;          // instances (a cancelled provisioning counts)
  std::uint32_t members_max = 0;                 // most members (provisioning, cold, up, down) at once
};

struct ServiceResult {
  std::string name;
  bool unlimited_workers = false;
  std::uint64_t arrivals = 0;
  std::uint64_t retries = 0;    // arrivals that are a caller's retry of a failed call
  std::uint64_t completed = 0;  // departures with outcome ok
  std::uint64_t rejected = 0;   // turned away by this service's full waiting room
  std::uint64_t failed = 0;     // every other failed departure (a callee's rejection too)
  std::uint64_t in_flight = 0;  // counted visits still queued or holding a worker at the end
  std::uint64_t waited = 0;     // departures that waited a positive time before a worker
  double utilization = 0.0;       // busy workers / workers of serving instances, time-averaged
  double work_utilization = 0.0;  // workers doing their own work / workers
  TimeAverage busy_workers;
  double in_system_mean = 0.0;    // waiting + in service (L of Little's law)
  TimeAverage instances;
  double instances_min = 0.0;
  TimeAverage queue_length;
  LatencyRecord wait_s;
  LatencyRecord response_s;
  std::vector<EndpointResult> endpoints;
  std::optional<SessionStoreResult> sessions;  // session stores
  std::optional<ScalingResult> scaling;        // autoscaled services
  std::optional<GpuBatchResult> inference;     // GPU batch tiers
  ServiceSeries series;
};

struct WorkloadSeries {
  std::vector<double> offered_per_s;
  std::vector<double> active_users;  // sessions workloads: time average in the interval
  std::vector<double> goodput_per_s;
  std::vector<std::optional<double>> error_ratio;  // null when nothing finished
  // Requests that failed in the interval, by outcome ([kOk] unused), per second.
  std::array<std::vector<double>, kOutcomeCount> failed_per_s;
  std::vector<std::optional<double>> p50_s;        // null when nothing succeeded
  std::vector<std::optional<double>> p99_s;
};

struct SloResult {
  bool met = true;
  double seconds_in_violation = 0.0;
  std::vector<std::string> violations;  // each target the whole run broke, and by how much
};

// A sessions workload's users; counts cover users who arrived after the warmup.
struct UsersResult {
  std::uint64_t arrived = 0;
  std::uint64_t completed = 0;  // finished their script
  std::uint64_t abandoned = 0;  // failed abandon_after times in a row and left
  std::uint64_t in_script = 0;  // still in their script at the end
  TimeAverage active;           // users in their script, after the warmup
};

struct WorkloadResult {
  std::string name;
  std::uint64_t offered = 0;
  std::uint64_t succeeded = 0;
  std::uint64_t in_flight = 0;
  std::array<std::uint64_t, kOutcomeCount> failed{};  // by outcome; [kOk] unused
  std::uint64_t attempts = 0;
  // Visits of this workload's requests at each service (model-graph order), and those
  // that were a call's retry: per offered request, the amplification at each tier.
  std::vector<std::uint64_t> visits, retries;
  double goodput_per_s = 0.0;
  LatencyRecord latency_s;
  std::optional<SloResult> slo;  // when the scenario has SLO entries for it
  std::optional<UsersResult> users;  // sessions workloads
  WorkloadSeries series;
};

// A network link's figures (docs/report.md, "network"), measured by the SimGrid engine
// only: the native engine leaves RunResult::links empty. One per zone (the zone's own
// link) and one per direction of each inter-zone link, in platform order.
struct LinkResult {
  std::string name;      // "us-east" (a zone's link) or "us-east->eu-west" (one direction)
  std::string from, to;  // zones; a zone's link has its zone at both ends
  double bandwidth_bps = 0.0;  // bytes per second; kUnlimitedBandwidth (network_spec.hpp)
  double bytes = 0.0;          // bytes carried after the warmup
  // bytes / (bandwidth_bps x measured time); null when unlimited or nothing was measured.
  std::optional<double> utilization;
  // Per report interval: bytes carried in it / (bandwidth_bps x its length); null when
  // unlimited.
  std::vector<std::optional<double>> utilization_series;
};

struct RunResult {
  RunStatus status = RunStatus::kCompleted;
  std::string reason;       // why it aborted
  std::string engine = "native";  // which engine ran: native or simgrid
  double simulated_s = 0.0; // how far simulated time got
  double measured_s = 0.0;  // simulated time after the warmup: 0 means no time averages
  std::uint64_t events = 0;
  double wall_s = 0.0;
  std::uint64_t peak_in_flight = 0;  // visits alive at once, at most
  std::vector<double> series_t_s;    // each interval's start
  double series_interval_s = 0.0;
  std::vector<WorkloadResult> workloads;  // in model-graph order
  std::vector<ServiceResult> services;
  std::vector<LinkResult> links;  // the SimGrid engine's network links; empty otherwise
};

}  // namespace surge::mesh
