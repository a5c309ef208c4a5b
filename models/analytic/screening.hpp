// Analytic screening of a scenario (`surge analyze`, docs/analytic.md): the
// traffic equations at each workload's peak rate, then per service its
// utilization, an Erlang C wait estimate, and the surge multiple at which it
// saturates. No simulation: a quick reading of where the mesh breaks first.
//
// Contract:
//   - work utilization = arrivals x mean own work / (instances x servers): the
//     figure the simulator's `work_utilization` measures, exact in the steady state
//     of a stable scenario (the Utilization Law) whatever the distributions;
//   - holding utilization counts a worker held while it waits on its calls:
//     holding time = own work + the callees' response estimates, solved bottom-up
//     (a fixed point, so cycles between services through different endpoints are
//     fine); each instance is read as M/M/c with its share of the arrivals;
//   - layered services (limited workers held on sequential calls to limited
//     callees, at most kMaxLayeredWorkers per instance): each instance is instead
//     solved as the exact chain of its workers and its callees' servers
//     (layered_estimate.hpp), which knows that no more visits than its workers can
//     wait at the callee; their holding time counts the callee waits that chain sees;
//   - saturation multiple: the factor k by which every workload's rate can grow
//     before the service's holding utilization reaches 1 (by bisection, since
//     waits downstream grow with k); work_saturation_multiple = 1 / work
//     utilization, the same limit for the work alone (>= saturation_multiple);
//   - unlimited workers: an infinite server, no wait, never saturated (multiples
//     are +infinity).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/analytic/workload_rates.hpp"
#include "models/mesh/model_graph.hpp"

namespace surge::analytic {

struct ServiceFigures {
  std::string name;
  mesh::ServiceKind kind = mesh::ServiceKind::kStandard;
  std::uint32_t instances = 1;
  std::optional<std::uint64_t>
      servers;                  // per instance (workers, cores or max_batch); none: unlimited
  double arrivals_per_s = 0.0;  // visits, all instances
  double mean_work_s = 0.0;     // own work per visit (gpu: a sequence at full batch)
  double work_utilization = 0.0;
  double holding_utilization = 0.0;
  double mean_holding_s = 0.0;       // a worker per visit: work + calls
  double p_wait = 0.0;               // Erlang C, or the layered chain's
  double wait_s = 0.0;               // mean wait for a worker; +inf when saturated
  double saturation_multiple = 0.0;  // +inf: never
  double work_saturation_multiple = 0.0;
  bool layered = false;  // wait and holding from the layered chain, not Erlang C
  [[nodiscard]] bool saturated() const { return holding_utilization >= 1.0; }
};

struct WorkloadFigures {
  std::string name;
  mesh::WorkloadKind kind = mesh::WorkloadKind::kOpen;
  OfferedRate rate;         // requests per s (sessions: users per s)
  double response_s = 0.0;  // estimate for a request at the entry; sessions: 0 (not estimated)
  // Visits per request (sessions: per user) of every endpoint it reaches, "service.endpoint".
  std::vector<std::pair<std::string, double>> visits;
};

struct Analysis {
  std::vector<ServiceFigures> services;    // the graph's order
  std::vector<WorkloadFigures> workloads;  // the graph's order
  std::optional<std::size_t> bottleneck;  // the smallest saturation multiple; none if all unlimited
};

// REQUIRES: graph validated by the scenario loader.
[[nodiscard]] Analysis analyze(const mesh::ModelGraph& graph);

}  // namespace surge::analytic
