// The model graph: a scenario as plain values, read by every engine (the native
// event loop in models/mesh, and later SimGrid and the analytic solvers).
//
// sim/scenario builds it from JSON and validates it (names resolved to indices,
// ranges checked, call graph acyclic); models may rely on that and only assert.
// Defaults documented here are the scenario defaults (configs/README.md).
// Services, endpoints and workloads are stored in the sorted order of their names,
// which is also the order of every per-entity loop that feeds a result.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "models/demand/arrival_process.hpp"
#include "models/faults/fault_spec.hpp"
#include "models/mesh/network_spec.hpp"
#include "models/mesh/outcome.hpp"
#include "models/resilience/backoff.hpp"
#include "models/resilience/circuit_breaker.hpp"
#include "models/resilience/codel.hpp"
#include "models/scaling/autoscale_spec.hpp"
#include "sim/kernel/distribution.hpp"

namespace surge::mesh {

inline constexpr std::uint32_t kUnlimited = std::numeric_limits<std::uint32_t>::max();
inline constexpr double kNoTimeout = std::numeric_limits<double>::infinity();

enum class ServiceKind : std::uint8_t { kStandard, kSessionStore, kGpuBatch };
enum class Discipline : std::uint8_t { kFifo, kLifo, kPriority, kPs };
enum class BalancerKind : std::uint8_t {
  kRoundRobin,
  kRandom,
  kLeastOutstanding,
  kPowerOfTwoChoices
};

// A reference to an endpoint, resolved from "service.endpoint".
struct EndpointRef {
  std::uint32_t service = 0;
  std::uint32_t endpoint = 0;
};

// Which failed outcomes a retry answers: a bit per Outcome.
using OutcomeSet = std::uint16_t;
[[nodiscard]] constexpr OutcomeSet outcome_bit(Outcome o) {
  return static_cast<OutcomeSet>(1U << static_cast<unsigned>(o));
}
inline constexpr OutcomeSet kDefaultRetryOn =
    outcome_bit(Outcome::kTimeout) | outcome_bit(Outcome::kRejected) |
    outcome_bit(Outcome::kShed) | outcome_bit(Outcome::kRateLimited) |
    outcome_bit(Outcome::kError);

// Retries of a call or of a client (docs/model.md, "Errors and resilience").
struct RetrySpec {
  std::uint32_t max_attempts = 1;      // the first try included; 1: no retry
  resilience::BackoffSpec backoff;     // delay before each retry
  OutcomeSet retry_on = kDefaultRetryOn;
  std::optional<double> budget_ratio;  // retries in the window <= ratio x successes in it
  double budget_window_s = 10.0;
  [[nodiscard]] bool enabled() const { return max_attempts > 1; }
  [[nodiscard]] bool retries(Outcome o) const { return (retry_on & outcome_bit(o)) != 0; }
};

struct CallSpec {
  EndpointRef to;
  std::string to_name;           // "service.endpoint", for messages
  double probability = 1.0;      // [0, 1]: a Bernoulli draw decides 0 or 1 call
  std::uint32_t count = 1;       // fan-out copies, >= 1
  bool parallel = false;         // copies (and following parallel calls) at once, then join
  double timeout_s = kNoTimeout; // per attempt; the callee's work is not cancelled
  RetrySpec retry;               // the caller's worker stays held during backoff
  std::optional<resilience::BreakerSpec> circuit_breaker;  // one per call of an endpoint
  // Message sizes in bytes (count distributions; default 0). Only the SimGrid engine
  // transfers bytes; the native engine applies the route's latency alone.
  Distribution request_bytes = Distribution::deterministic(0.0);
  Distribution response_bytes = Distribution::deterministic(0.0);
};

struct EndpointSpec {
  std::string name;
  Distribution work;             // seconds of the worker's own work
  // gpu_batch only: token counts of each sequence (unitless distributions).
  Distribution prompt_tokens;    // rounded to the nearest integer >= 0
  Distribution output_tokens;    // rounded to the nearest integer >= 1
  std::vector<CallSpec> calls;   // in order, after the work
};

// A token bucket in front of a service (docs/resilience.md): a visit that finds no
// whole token fails at once with rate_limited.
struct RateLimitSpec {
  double rate_per_s = 0.0;
  double burst = 1.0;
  bool per_workload = false;  // one bucket per workload, each with these figures
};

// A session store's state (docs/model.md, "Session store"); its endpoints are `get`
// and `put`.
struct SessionStoreSpec {
  std::uint64_t capacity_sessions = 1'000'000;  // over all instances, split evenly
  double ttl_s = 86'400.0;                      // kNoTimeout: sessions never expire
  std::uint64_t initial_sessions = 0;           // preloaded at t = 0 (users of no workload)
  double hit_ratio = 1.0;                       // `get` without a user: hits this often
};

// A GPU batch tier (docs/model.md, "GPU batch tier"): continuous batching per
// replica. The loader also sets the service's workers = max_batch (so utilization
// is batch occupancy) and queue_capacity = max_queue.
struct GpuBatchSpec {
  std::uint32_t max_batch = 1;          // running sequences per replica, >= 1
  std::uint64_t kv_cache_tokens = 1;    // per replica, >= 1
  double base_s = 0.0;                  // iteration time: fixed part, > 0
  double per_prefill_token_s = 0.0;     // ... per prompt token admitted in the iteration
  double per_decode_seq_s = 0.0;        // ... per running sequence (the admitted included)
  std::uint32_t max_queue = kUnlimited; // waiting sequences per replica, >= 1
  double max_wait_s = kNoTimeout;       // a longer wait is shed at an admission
};

// Workers of each instance reserved for one workload (docs/model.md, "Bulkheads").
struct BulkheadSpec {
  std::string workload_name;  // as the file gives it
  std::uint32_t workload = 0; // resolved index
  std::uint32_t workers = 0;  // >= 1; the sum over a service's bulkheads <= workers
};

struct ServiceSpec {
  std::string name;
  ServiceKind kind = ServiceKind::kStandard;
  std::uint32_t instances = 1;                 // >= 1 at the start (autoscale: in [min, max])
  std::uint32_t workers = 1;                   // per instance; kUnlimited: infinite server
  std::uint32_t queue_capacity = kUnlimited;   // waiting visits per instance; 0 allowed
  Discipline discipline = Discipline::kFifo;
  BalancerKind balancer = BalancerKind::kRoundRobin;
  double health_check_s = 0.0;
  std::uint32_t cores = 1;                     // ps only
  std::optional<RateLimitSpec> rate_limit;
  SessionStoreSpec session_store;              // kind session_store only
  GpuBatchSpec gpu;                            // kind gpu_batch only
  std::optional<resilience::CodelSpec> shed;   // CoDel-like shedding at dequeue
  std::vector<BulkheadSpec> bulkheads;         // empty: every worker shared by all
  std::optional<scaling::AutoscaleSpec> autoscale;  // absent: a fixed set of instances
  std::vector<EndpointSpec> endpoints;
};

struct ClientSpec {
  double timeout_s = kNoTimeout;  // per attempt
  RetrySpec retry;                // a client's backoff holds nothing
};

enum class WorkloadKind : std::uint8_t { kOpen, kClosed, kSessions };

// One step of a session user's script: `repeat` calls of `call`, each after `think_s`.
struct ScriptStep {
  EndpointRef call;
  std::string call_name;
  std::optional<Distribution> repeat;  // a count distribution; absent: once
  Distribution think_s;                // before each call of the step; default 0
};

// A sessions workload's users (docs/model.md, "Workloads"). Step 0 is the login.
struct SessionsSpec {
  std::vector<ScriptStep> script;
  Distribution retry_after_s = Distribution::exponential(5.0);  // a failed step waits this
  std::uint32_t abandon_after = 3;  // failures in a row before the user leaves
};

struct WorkloadSpec {
  std::string name;
  WorkloadKind kind = WorkloadKind::kOpen;
  EndpointRef entry;
  std::string entry_name;
  demand::ArrivalSpec arrivals;  // open: requests; sessions: users
  SessionsSpec sessions;         // sessions
  std::uint32_t population = 0;  // closed: users, each with one request at a time
  Distribution think_s;          // closed: from a request's end to the user's next one
  std::uint32_t priority = 1;  // 0 highest
  ClientSpec client;
};

struct SloSpec {
  std::uint32_t workload = 0;
  std::optional<double> mean_s, p50_s, p90_s, p99_s;  // latency of successes, at most
  std::optional<double> success_ratio;                // succeeded / offered, at least
};

struct ReportSpec {
  double interval_s = 10.0;
  std::vector<double> percentiles = {50.0, 90.0, 99.0, 99.9};
};

struct LimitsSpec {
  // Visits alive at once. ~10^7 visit records plus their events stay within a few GiB.
  std::uint64_t max_in_flight = 10'000'000;
  std::uint64_t max_events = 0;  // 0: unlimited
};

struct ModelGraph {
  std::string name;
  std::uint64_t seed = 1;
  std::uint32_t replication = 0;
  double duration_s = 0.0;
  double warmup_s = 0.0;
  ReportSpec report;
  LimitsSpec limits;
  std::vector<ServiceSpec> services;
  std::vector<WorkloadSpec> workloads;
  std::vector<SloSpec> slo;
  std::vector<faults::FaultSpec> faults;  // in the order given
  NetworkSpec network;                    // absent: messages take no time
};

}  // namespace surge::mesh
