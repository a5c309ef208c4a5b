#include "models/analytic/screening.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/analytic/erlang.hpp"
#include "models/analytic/visit_ratios.hpp"

namespace surge::analytic {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int kMaxSweeps = 10'000;
constexpr int kBisections = 100;

// H_n = 1 + 1/2 + ... + 1/n: E[max of n exponentials] / their mean.
double harmonic(std::uint32_t n) {
  if (n > 100'000) return std::log(static_cast<double>(n)) + 0.5772156649015329 + 0.5 / n;
  double h = 0.0;
  for (std::uint32_t k = n; k >= 1; --k) h += 1.0 / k;
  return h;
}

// A GPU sequence's time on a replica running a full batch (docs/analytic.md, "GPU
// batch tiers"): output iterations, each with max_batch running and, on average,
// max_batch / output of them admitted (their prompts prefilled).
double gpu_sequence_s(const mesh::GpuBatchSpec& gpu, const mesh::EndpointSpec& e) {
  const double batch = gpu.max_batch;
  const double output = std::max(1.0, e.output_tokens.mean());
  const double prompt = std::max(1.0, e.prompt_tokens.mean());
  const double iteration =
      gpu.base_s + gpu.per_decode_seq_s * batch + gpu.per_prefill_token_s * prompt * batch / output;
  return output * iteration;
}

// The inputs every solve shares.
struct Model {
  const mesh::ModelGraph& graph;
  EndpointNumbering numbering;
  std::vector<std::vector<double>> visits;            // [workload][endpoint]
  std::vector<double> own_s;                          // [endpoint]
  std::vector<std::optional<std::uint64_t>> servers;  // [service]
  std::vector<double> rate;                           // [workload], at multiple 1

  explicit Model(const mesh::ModelGraph& g)
      : graph(g), numbering(g), visits(visit_ratios(g, numbering)) {
    for (std::size_t i = 0; i < numbering.size(); ++i) {
      const auto& s = g.services[numbering.service_of(i)];
      const auto& e = s.endpoints[numbering.endpoint_of(i)];
      own_s.push_back(s.kind == mesh::ServiceKind::kGpuBatch ? gpu_sequence_s(s.gpu, e)
                                                             : e.work.mean());
    }
    for (const auto& s : g.services) {
      if (s.kind == mesh::ServiceKind::kGpuBatch) {
        servers.emplace_back(s.gpu.max_batch);
      } else if (s.discipline == mesh::Discipline::kPs) {
        servers.emplace_back(s.cores);
      } else if (s.workers == mesh::kUnlimited) {
        servers.emplace_back(std::nullopt);
      } else {
        servers.emplace_back(s.workers);
      }
    }
  }
};

struct State {
  std::vector<double> arrivals;            // [endpoint]
  std::vector<double> holding;             // [endpoint]
  std::vector<double> response;            // [endpoint]
  std::vector<double> lambda;              // [service], all instances
  std::vector<double> mean_holding, wait;  // [service]
};

// A visit's time waiting on its calls, given the callees' response estimates.
// Sequential calls add up (probability x count x response). A run of parallel
// calls is read as its longest member, each taken as the maximum of `count`
// exponential responses (harmonic number x response, times its probability).
double call_time(const mesh::EndpointSpec& e, const Model& m, const std::vector<double>& response) {
  double total = 0.0, group = 0.0;
  for (const auto& call : e.calls) {
    const double r = response[m.numbering.index(call.to)];
    if (call.parallel) {
      if (call.probability > 0.0)
        group = std::max(group, call.probability * r * harmonic(call.count));
      continue;
    }
    total += group;
    group = 0.0;
    if (call.probability > 0.0) total += call.probability * call.count * r;
  }
  return total + group;
}

State solve(const Model& m, double multiple) {
  const std::size_t n = m.numbering.size();
  const std::size_t services = m.graph.services.size();
  State st;
  st.arrivals.assign(n, 0.0);
  for (std::size_t w = 0; w < m.visits.size(); ++w)
    for (std::size_t g = 0; g < n; ++g) st.arrivals[g] += multiple * m.rate[w] * m.visits[w][g];
  st.lambda.assign(services, 0.0);
  for (std::size_t g = 0; g < n; ++g) st.lambda[m.numbering.service_of(g)] += st.arrivals[g];
  st.holding = m.own_s;
  st.response = m.own_s;
  st.mean_holding.assign(services, 0.0);
  st.wait.assign(services, 0.0);
  // Waits only grow from 0 sweep to sweep, so the sweeps climb to the least fixed
  // point (or to +inf); on an acyclic service graph they settle within its depth.
  for (int sweep = 0; sweep < kMaxSweeps; ++sweep) {
    for (std::size_t g = 0; g < n; ++g) {
      const auto& s = m.graph.services[m.numbering.service_of(g)];
      st.holding[g] =
          m.own_s[g] + call_time(s.endpoints[m.numbering.endpoint_of(g)], m, st.response);
    }
    std::vector<double> weighted(services, 0.0);
    for (std::size_t g = 0; g < n; ++g)
      if (st.arrivals[g] > 0.0)
        weighted[m.numbering.service_of(g)] += st.arrivals[g] * st.holding[g];
    for (std::size_t s = 0; s < services; ++s) {
      st.mean_holding[s] = st.lambda[s] > 0.0 ? weighted[s] / st.lambda[s] : 0.0;
      st.wait[s] = m.servers[s]
                       ? mmc_mean_wait(*m.servers[s], st.lambda[s] / m.graph.services[s].instances,
                                       st.mean_holding[s])
                       : 0.0;
    }
    bool settled = true;
    for (std::size_t g = 0; g < n; ++g) {
      const double r = st.wait[m.numbering.service_of(g)] + st.holding[g];
      const double old = st.response[g];
      if (!(r == old || std::abs(r - old) <= 1e-13 * std::max(1.0, std::abs(r)))) settled = false;
      st.response[g] = r;
    }
    if (settled) break;
  }
  return st;
}

double holding_utilization(const Model& m, const State& st, std::size_t s) {
  if (!m.servers[s]) return 0.0;
  const double per_instance = st.lambda[s] / m.graph.services[s].instances;
  if (per_instance <= 0.0) return 0.0;
  return per_instance * st.mean_holding[s] / static_cast<double>(*m.servers[s]);
}

// The smallest multiple at which service s's holding utilization reaches 1;
// `upper` already saturates it (its work alone does).
double saturation_multiple(const Model& m, std::size_t s, double upper) {
  double lo = 0.0, hi = upper;
  for (int i = 0; i < kBisections && hi - lo > 1e-12 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    (holding_utilization(m, solve(m, mid), s) >= 1.0 ? hi : lo) = mid;
  }
  return hi;
}

// A closed workload's throughput bound: N / (Z + D) and 1 / D_max, with D its
// requests' total own work and D_max the largest per-server demand of a service.
double closed_bound(const Model& m, std::size_t w) {
  const auto& spec = m.graph.workloads[w];
  std::vector<double> demand(m.graph.services.size(), 0.0);
  double total = 0.0;
  for (std::size_t g = 0; g < m.numbering.size(); ++g) {
    total += m.visits[w][g] * m.own_s[g];
    demand[m.numbering.service_of(g)] += m.visits[w][g] * m.own_s[g];
  }
  double bound = kInf;
  const double cycle = spec.think_s.mean() + total;
  if (cycle > 0.0) bound = spec.population / cycle;
  for (std::size_t s = 0; s < demand.size(); ++s) {
    if (!m.servers[s] || demand[s] <= 0.0) continue;
    const double capacity =
        static_cast<double>(m.graph.services[s].instances) * static_cast<double>(*m.servers[s]);
    bound = std::min(bound, capacity / demand[s]);
  }
  return std::isfinite(bound) ? bound : 0.0;
}

}  // namespace

Analysis analyze(const mesh::ModelGraph& graph) {
  Model m(graph);
  Analysis out;
  for (std::size_t w = 0; w < graph.workloads.size(); ++w) {
    const auto& spec = graph.workloads[w];
    WorkloadFigures f;
    f.name = spec.name;
    f.kind = spec.kind;
    if (spec.kind == mesh::WorkloadKind::kClosed) {
      f.rate = {RateBasis::kClosedBound, closed_bound(m, w), 0.0};
    } else {
      f.rate = offered_rate(graph, spec);
    }
    m.rate.push_back(f.rate.rate_per_s);
    for (std::size_t g = 0; g < m.numbering.size(); ++g) {
      if (m.visits[w][g] <= 0.0) continue;
      const auto& s = graph.services[m.numbering.service_of(g)];
      f.visits.emplace_back(s.name + "." + s.endpoints[m.numbering.endpoint_of(g)].name,
                            m.visits[w][g]);
    }
    out.workloads.push_back(std::move(f));
  }

  const State st = solve(m, 1.0);
  for (std::size_t w = 0; w < graph.workloads.size(); ++w)
    if (graph.workloads[w].kind != mesh::WorkloadKind::kSessions)
      out.workloads[w].response_s = st.response[m.numbering.index(graph.workloads[w].entry)];

  for (std::size_t s = 0; s < graph.services.size(); ++s) {
    const auto& spec = graph.services[s];
    ServiceFigures f;
    f.name = spec.name;
    f.kind = spec.kind;
    f.instances = spec.instances;
    f.servers = m.servers[s];
    f.arrivals_per_s = st.lambda[s];
    double work = 0.0;
    for (std::size_t g = 0; g < m.numbering.size(); ++g)
      if (m.numbering.service_of(g) == s && st.arrivals[g] > 0.0)
        work += st.arrivals[g] * m.own_s[g];
    f.mean_work_s = st.lambda[s] > 0.0 ? work / st.lambda[s] : 0.0;
    f.mean_holding_s = st.mean_holding[s];
    f.wait_s = st.wait[s];
    f.work_saturation_multiple = f.saturation_multiple = kInf;
    if (f.servers) {
      const double capacity = static_cast<double>(spec.instances) * static_cast<double>(*f.servers);
      f.work_utilization = work / capacity;
      f.holding_utilization = holding_utilization(m, st, s);
      const double a = st.lambda[s] / spec.instances * st.mean_holding[s];
      f.p_wait = a > 0.0 ? erlang_c(*f.servers, a) : 0.0;
      if (f.work_utilization > 0.0) {
        f.work_saturation_multiple = 1.0 / f.work_utilization;
        f.saturation_multiple = saturation_multiple(m, s, f.work_saturation_multiple);
      }
      if (!out.bottleneck ||
          f.saturation_multiple < out.services[*out.bottleneck].saturation_multiple)
        out.bottleneck = s;
    }
    out.services.push_back(std::move(f));
  }
  return out;
}

}  // namespace surge::analytic
