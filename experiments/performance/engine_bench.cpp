// Engine benchmark: the full native engine against bare reference loops on the
// same queueing systems, in one process run (README.md, "Performance"); and, with
// `--case simgrid`, the SimGrid engine beside the native one on the same M/M/1 and
// tandem graphs (docs/simgrid.md, "Speed").
//
//   surge_engine_bench [--requests N] [--case mm1|tandem|memory|simgrid|all] [--repeat K]
//                      [--simgrid-requests N]
//
// Each measurement runs in a forked child so its peak memory (max RSS) is its own.
// The engine and the bare loop run alternately K times (default 3) and each keeps
// its fastest run: on a shared machine other tenants only ever add time, so the
// minimum is the steadiest estimate of what the code costs.
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>

#include <fmt/format.h>

#include "experiments/performance/bare_loops.hpp"
#include "experiments/performance/in_child.hpp"
#include "experiments/performance/machine_description.hpp"
#include "models/mesh/simulation.hpp"
#include "sim/simgrid/simgrid_simulation.hpp"

namespace {

using surge::bench::LoopResult;
namespace mesh = surge::mesh;

struct Measurement {
  std::uint64_t events = 0;
  std::uint64_t requests = 0;
  double mean_response_s = 0.0;
  double wall_s = 0.0;
  long max_rss_kb = 0;
};

// Runs `work` in a child process and returns what it measured.
Measurement measure(const std::function<LoopResult()>& work) {
  return surge::bench::in_child<Measurement>([&] {
    const auto start = std::chrono::steady_clock::now();
    const LoopResult r = work();
    Measurement m;
    m.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    m.events = r.events;
    m.requests = r.requests;
    m.mean_response_s = r.mean_response_s;
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    m.max_rss_kb = usage.ru_maxrss;
    return m;
  });
}

mesh::EndpointSpec endpoint(const char* name, surge::Distribution work) {
  mesh::EndpointSpec e;
  e.name = name;
  e.work = work;
  return e;
}

mesh::ModelGraph base_graph(double lambda, std::uint64_t requests) {
  mesh::ModelGraph g;
  g.name = "bench";
  g.seed = 1;
  g.duration_s = static_cast<double>(requests) / lambda;
  g.report.interval_s = g.duration_s / 100.0;
  mesh::WorkloadSpec w;
  w.name = "w";
  w.arrivals.rate = std::make_shared<surge::demand::ConstantCurve>(lambda);
  g.workloads.push_back(w);
  return g;
}

// M/M/1: one service, one worker, exponential work of mean 1/mu.
mesh::ModelGraph mm1_graph(double lambda, double mu, std::uint64_t requests) {
  mesh::ModelGraph g = base_graph(lambda, requests);
  mesh::ServiceSpec s;
  s.name = "s";
  s.workers = 1;
  s.endpoints.push_back(endpoint("e", surge::Distribution::exponential(1.0 / mu)));
  g.services.push_back(s);
  g.workloads[0].entry = {0, 0};
  return g;
}

// Tandem: an unlimited-worker entry with no work calls stations 1..k in order.
mesh::ModelGraph tandem_graph(double lambda, double mu, int stations, int servers,
                              std::uint64_t requests) {
  mesh::ModelGraph g = base_graph(lambda, requests);
  mesh::ServiceSpec entry;
  entry.name = "entry";
  entry.workers = mesh::kUnlimited;
  entry.endpoints.push_back(endpoint("e", surge::Distribution::deterministic(0.0)));
  for (int i = 0; i < stations; ++i) {
    mesh::ServiceSpec s;
    s.name = fmt::format("station{}", i + 1);
    s.workers = static_cast<std::uint32_t>(servers);
    s.endpoints.push_back(endpoint("e", surge::Distribution::exponential(1.0 / mu)));
    g.services.push_back(s);
    mesh::CallSpec call;
    call.to = {static_cast<std::uint32_t>(i + 1), 0};
    call.to_name = s.name + ".e";
    entry.endpoints[0].calls.push_back(call);
  }
  g.services.insert(g.services.begin(), entry);
  g.workloads[0].entry = {0, 0};
  return g;
}

LoopResult run_model(const mesh::ModelGraph& graph) {
  mesh::Simulation simulation(graph);
  const mesh::RunResult r = simulation.run();
  const mesh::WorkloadResult& w = r.workloads.front();
  return LoopResult{r.events, w.succeeded, w.latency_s.mean()};
}

// The SimGrid engine (one per process: measure() runs it in a child). Its events are
// its own steps (docs/simgrid.md), not comparable with the native engine's.
LoopResult run_simgrid(const mesh::ModelGraph& graph) {
  surge::simgrid::SimgridSimulation simulation(graph);
  const mesh::RunResult r = simulation.run();
  const mesh::WorkloadResult& w = r.workloads.front();
  return LoopResult{r.events, w.succeeded, w.latency_s.mean()};
}

std::string machine() { return surge::bench::machine_description(); }

void print_row(const char* name, const Measurement& m) {
  fmt::print("{:<22} {:>12} {:>14.4g} {:>14.4g} {:>10.1f} {:>10.1f} {:>12.5g}\n", name, m.events,
             static_cast<double>(m.events) / m.wall_s, static_cast<double>(m.requests) / m.wall_s,
             m.wall_s, static_cast<double>(m.max_rss_kb) / 1024.0, m.mean_response_s);
}

// The fastest of `repeat` alternating runs of each, with the slowest wall times kept
// to show the spread.
struct Pair {
  Measurement model, bare;
  double model_slowest_s = 0.0, bare_slowest_s = 0.0;
};

Pair measure_pair(int repeat, const std::function<LoopResult()>& model,
                  const std::function<LoopResult()>& bare) {
  Pair p;
  for (int i = 0; i < repeat; ++i) {
    const Measurement m = measure(model);
    const Measurement b = measure(bare);
    if (i == 0 || m.wall_s < p.model.wall_s) p.model = m;
    if (i == 0 || b.wall_s < p.bare.wall_s) p.bare = b;
    p.model_slowest_s = std::max(p.model_slowest_s, m.wall_s);
    p.bare_slowest_s = std::max(p.bare_slowest_s, b.wall_s);
  }
  return p;
}

void compare(const char* title, int repeat, const Pair& p) {
  const Measurement& model = p.model;
  const Measurement& bare = p.bare;
  fmt::print("\n{}\n", title);
  fmt::print("{:<22} {:>12} {:>14} {:>14} {:>10} {:>10} {:>12}\n", "loop", "events", "events/s",
             "requests/s", "wall s", "peak MiB", "mean resp s");
  print_row("surge engine", model);
  print_row("bare reference loop", bare);
  fmt::print("ratio (engine wall / bare wall): {:.2f}x  (fastest of {} alternating runs each;"
             " slowest: engine {:.1f} s, bare {:.1f} s)\n",
             model.wall_s / bare.wall_s, repeat, p.model_slowest_s, p.bare_slowest_s);
}

// The two engines on one graph, the fastest of `repeat` alternating runs each.
void engines_side_by_side(const char* title, int repeat, const mesh::ModelGraph& g) {
  const Pair p = measure_pair(
      repeat, [&] { return run_model(g); }, [&] { return run_simgrid(g); });
  fmt::print("\n{}\n", title);
  fmt::print("{:<22} {:>12} {:>14} {:>14} {:>10} {:>10} {:>12}\n", "engine", "events", "events/s",
             "requests/s", "wall s", "peak MiB", "mean resp s");
  print_row("native", p.model);
  print_row("simgrid (own steps)", p.bare);
  fmt::print("requests/s ratio (native / simgrid): {:.1f}x  (fastest of {} alternating runs "
             "each; slowest: native {:.2f} s, simgrid {:.2f} s)\n",
             p.bare.wall_s / p.model.wall_s, repeat, p.model_slowest_s, p.bare_slowest_s);
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t requests = 10'000'000;
  std::string which = "all";
  int repeat = 3;
  std::uint64_t simgrid_requests = 200'000;  // the SimGrid engine runs ~10^5 requests/s
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--requests") == 0) requests = std::strtoull(argv[i + 1], nullptr, 10);
    if (std::strcmp(argv[i], "--case") == 0) which = argv[i + 1];
    if (std::strcmp(argv[i], "--repeat") == 0) repeat = std::max(1, std::atoi(argv[i + 1]));
    if (std::strcmp(argv[i], "--simgrid-requests") == 0)
      simgrid_requests = std::strtoull(argv[i + 1], nullptr, 10);
  }
  fmt::print("surge engine benchmark\ncommand: {}", argv[0]);
  for (int i = 1; i < argc; ++i) fmt::print(" {}", argv[i]);
  fmt::print("\nmachine: {}\nrequests per case: {}\n", machine(), requests);

  if (which == "all" || which == "mm1") {
    const mesh::ModelGraph g = mm1_graph(0.9, 1.0, requests);
    const Pair p = measure_pair(
        repeat, [&] { return run_model(g); },
        [&] { return surge::bench::bare_mm1(0.9, 1.0, requests, 1); });
    compare("M/M/1, lambda 0.9, mu 1 (theory: mean response 10 s)", repeat, p);
  }
  if (which == "all" || which == "memory") {
    // M/M/inf with lambda * E[S] = 10^6 visits in flight at once: memory per visit in
    // flight is the peak RSS above a run of the same model with ~10 in flight.
    const auto infinite = [](double lambda, double mean_s, double duration_s) {
      mesh::ModelGraph g = base_graph(lambda, static_cast<std::uint64_t>(lambda * duration_s));
      mesh::ServiceSpec s;
      s.name = "s";
      s.workers = mesh::kUnlimited;
      s.endpoints.push_back(endpoint("e", surge::Distribution::exponential(mean_s)));
      g.services.push_back(s);
      g.workloads[0].entry = {0, 0};
      return g;
    };
    const mesh::ModelGraph big = infinite(1e5, 10.0, 30.0);
    const mesh::ModelGraph small = infinite(1e5, 1e-4, 30.0);
    const auto peak = [](const mesh::ModelGraph& g) {
      mesh::Simulation simulation(g);
      const mesh::RunResult r = simulation.run();
      return LoopResult{r.events, r.peak_in_flight, 0.0};
    };
    const Measurement b = measure([&] { return peak(big); });
    const Measurement s = measure([&] { return peak(small); });
    fmt::print("\nMemory per visit in flight (M/M/inf, lambda 1e5/s, 30 s)\n");
    fmt::print("peak in flight {} (vs {}): peak RSS {:.1f} MiB (vs {:.1f} MiB) -> {:.0f} bytes"
               " per visit in flight, event included\n",
               b.requests, s.requests, static_cast<double>(b.max_rss_kb) / 1024.0,
               static_cast<double>(s.max_rss_kb) / 1024.0,
               static_cast<double>(b.max_rss_kb - s.max_rss_kb) * 1024.0 /
                   static_cast<double>(b.requests - s.requests));
  }
  if (which == "all" || which == "tandem") {
    // rho = lambda / (c mu) = 0.8 at every station.
    const double lambda = 3.2, mu = 1.0;
    const mesh::ModelGraph g = tandem_graph(lambda, mu, 4, 4, requests);
    const Pair p = measure_pair(
        repeat, [&] { return run_model(g); },
        [&] { return surge::bench::bare_tandem(lambda, mu, 4, 4, requests, 1); });
    compare("Tandem of 4 M/M/4 at rho 0.8 behind an unlimited-worker entry", repeat, p);
  }
  if (which == "all" || which == "simgrid") {
    fmt::print("\nSimGrid engine beside the native one, {} requests per case\n",
               simgrid_requests);
    engines_side_by_side("M/M/1, lambda 0.9, mu 1 (theory: mean response 10 s)", repeat,
                         mm1_graph(0.9, 1.0, simgrid_requests));
    engines_side_by_side("Tandem of 4 M/M/4 at rho 0.8 behind an unlimited-worker entry",
                         repeat, tandem_graph(3.2, 1.0, 4, 4, simgrid_requests));
  }
  return 0;
}
