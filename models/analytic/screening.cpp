#include "models/analytic/screening.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/analytic/erlang.hpp"
#include "models/analytic/layered_estimate.hpp"
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
  std::vector<double> arrivals;                    // [endpoint]
  std::vector<double> holding;                     // [endpoint]
  std::vector<double> response;                    // [endpoint]
  std::vector<double> lambda;                      // [service], all instances
  std::vector<double> mean_holding, wait, p_wait;  // [service]
  std::vector<bool> layered;                       // [service]: solved by estimate_layered
};

// A service whose instances are solved as a caller held on its callees: limited
// workers (not processor sharing, not a GPU tier), few enough for the chain, and a
// sequential call to a service with limited servers.
bool layered_eligible(const Model& m, std::size_t s) {
  const auto& spec = m.graph.services[s];
  if (!m.servers[s] || *m.servers[s] > kMaxLayeredWorkers) return false;
  if (spec.kind != mesh::ServiceKind::kStandard || spec.discipline == mesh::Discipline::kPs)
    return false;
  for (const auto& e : spec.endpoints)
    for (const auto& call : e.calls)
      if (!call.parallel && call.probability > 0.0 && m.servers[call.to.service]) return true;
  return false;
}

// A visit's time waiting on its calls, given the callees' response estimates.
// Sequential calls add up (probability x count x response). A run of parallel
// calls is read as its longest member, each taken as the maximum of `count`
// exponential responses (harmonic number x response, times its probability).
// With `in_layer`, sequential calls to limited services are left out of `delay`:
// they go to `layer` per callee service, counted in the callee's holding time
// (its queue is the layered chain's), with `calls` the visits made per service.
struct CallTime {
  double delay = 0.0;
  std::vector<double> layer, calls;  // [service], only with in_layer
};

CallTime call_time(const mesh::EndpointSpec& e, const Model& m, const State& st, bool in_layer) {
  CallTime out;
  if (in_layer) {
    out.layer.assign(m.graph.services.size(), 0.0);
    out.calls.assign(m.graph.services.size(), 0.0);
  }
  double group = 0.0;
  for (const auto& call : e.calls) {
    const std::size_t h = m.numbering.index(call.to);
    const double r = st.response[h];
    if (call.parallel) {
      if (call.probability > 0.0)
        group = std::max(group, call.probability * r * harmonic(call.count));
      continue;
    }
    out.delay += group;
    group = 0.0;
    if (call.probability <= 0.0) continue;
    const double visits = call.probability * call.count;
    if (in_layer && m.servers[call.to.service]) {
      // A saturated callee never answers: the caller's workers stay held.
      out.layer[call.to.service] +=
          visits * (std::isinf(st.wait[call.to.service]) ? kInf : st.holding[h]);
      out.calls[call.to.service] += visits;
    } else {
      out.delay += visits * r;
    }
  }
  out.delay += group;
  return out;
}

// Service s's instance as the layered chain (layered_estimate.hpp): the time a
// visit holds its worker outside its limited callees is the chain's own work; the
// callees are lumped into one station with their total service per visit and the
// servers of the scarcest: for each callee, its servers less those busy with other
// callers' visits, shared by s's instances. Sets the service's wait, mean holding
// and p_wait, and stretches each endpoint's in-layer call time by the callee waits.
void solve_layered_service(const Model& m, State& st, std::size_t s) {
  const auto& spec = m.graph.services[s];
  const std::size_t services = m.graph.services.size();
  std::vector<double> layer(services, 0.0), calls(services, 0.0);
  std::vector<std::size_t> mine;
  std::vector<CallTime> times;
  double outside = 0.0;  // arrival-weighted own work + delay calls
  for (std::size_t g = 0; g < m.numbering.size(); ++g) {
    if (m.numbering.service_of(g) != s) continue;
    mine.push_back(g);
    times.push_back(call_time(spec.endpoints[m.numbering.endpoint_of(g)], m, st, true));
    const CallTime& t = times.back();
    outside += st.arrivals[g] * (m.own_s[g] + t.delay);
    for (std::size_t u = 0; u < services; ++u) {
      layer[u] += st.arrivals[g] * t.layer[u];
      calls[u] += st.arrivals[g] * t.calls[u];
    }
  }
  const double lambda = st.lambda[s];
  const double instances = spec.instances;
  double service_s = 0.0, capacity_ratio = kInf;  // station servers per s of service
  for (std::size_t u = 0; u < services; ++u) {
    if (layer[u] <= 0.0) continue;
    service_s += layer[u] / lambda;
    const double pool = static_cast<double>(m.graph.services[u].instances) *
                        static_cast<double>(*m.servers[u]);
    const double others = (st.lambda[u] - calls[u]) * st.mean_holding[u];
    const double free = std::isfinite(others) ? pool - others : 0.0;
    capacity_ratio = std::min(capacity_ratio, free / instances / (layer[u] / lambda));
  }
  LayeredEstimate e;
  if (std::isfinite(service_s) && capacity_ratio > 0.0) {
    e = estimate_layered({lambda / instances, *m.servers[s], outside / lambda, service_s,
                          service_s * capacity_ratio});
  } else {
    e.saturated = true;
    e.response_s = e.wait_s = e.holding_s = kInf;
    e.p_wait = 1.0;
  }
  st.wait[s] = e.wait_s;
  st.p_wait[s] = e.p_wait;
  st.mean_holding[s] = e.holding_s;
  // The chain's time at the callee over the callees' own service: their waits.
  const double in_layer = e.holding_s - outside / lambda;
  const double stretch = std::isfinite(in_layer) ? std::max(1.0, in_layer / service_s) : kInf;
  for (std::size_t i = 0; i < mine.size(); ++i) {
    const std::size_t g = mine[i];
    double layered = 0.0;
    for (const double x : times[i].layer) layered += x;
    st.holding[g] = m.own_s[g] + times[i].delay + (layered > 0.0 ? stretch * layered : 0.0);
  }
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
  st.p_wait.assign(services, 0.0);
  st.layered.assign(services, false);
  for (std::size_t s = 0; s < services; ++s)
    st.layered[s] = st.lambda[s] > 0.0 && layered_eligible(m, s);
  // Waits only grow from 0 sweep to sweep, so the sweeps climb to the least fixed
  // point (or to +inf); on an acyclic service graph they settle within its depth.
  for (int sweep = 0; sweep < kMaxSweeps; ++sweep) {
    for (std::size_t g = 0; g < n; ++g) {
      const std::size_t s = m.numbering.service_of(g);
      if (st.layered[s]) continue;
      st.holding[g] = m.own_s[g] +
                      call_time(m.graph.services[s].endpoints[m.numbering.endpoint_of(g)], m, st,
                                false)
                          .delay;
    }
    std::vector<double> weighted(services, 0.0);
    for (std::size_t g = 0; g < n; ++g)
      if (st.arrivals[g] > 0.0)
        weighted[m.numbering.service_of(g)] += st.arrivals[g] * st.holding[g];
    for (std::size_t s = 0; s < services; ++s) {
      if (st.layered[s]) {
        solve_layered_service(m, st, s);
        continue;
      }
      st.mean_holding[s] = st.lambda[s] > 0.0 ? weighted[s] / st.lambda[s] : 0.0;
      const double per_instance = st.lambda[s] / m.graph.services[s].instances;
      st.wait[s] = m.servers[s] ? mmc_mean_wait(*m.servers[s], per_instance, st.mean_holding[s])
                                : 0.0;
      const double a = per_instance * st.mean_holding[s];
      st.p_wait[s] = m.servers[s] && a > 0.0 ? erlang_c(*m.servers[s], a) : 0.0;
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
      f.p_wait = st.p_wait[s];
      f.layered = st.layered[s];
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
