// Thinning benchmark: the cost of sampling the flagship demand curves as
// non-homogeneous Poisson processes (models/demand/thinned_poisson.hpp), against
// two peers in the same run (docs/architecture.md, "Performance"; issue 4):
//   global  — Lewis–Shedler with one bound over the whole horizon (the textbook
//             algorithm: a 100x spike makes the whole run cost 100x);
//   fixed60 — one bound per fixed 60 s window (surge's first version);
//   adaptive — surge's windows, halved while halving tightens the bound.
// For each curve and scheme: arrivals per candidate (the efficiency; the issue
// asks > 0.5 on the flagship curves), bound evaluations per arrival, and wall
// time per arrival.
//
//   surge_thinning_bench [--replications N] [--configs DIR]
//
// The efficiency is a property of the algorithm and the curve, not of the host;
// the times are the host's, comparable only within one run.
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "models/demand/diurnal_curve.hpp"
#include "models/demand/shock_curve.hpp"
#include "models/demand/sum_curve.hpp"
#include "models/demand/thinned_poisson.hpp"
#include "models/demand/viral_curve.hpp"
#include "sim/kernel/hash.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace {

using namespace surge;
using namespace surge::demand;

// Counts upper_bound calls so every scheme reports its bound evaluations.
class CountingCurve final : public RateCurve {
 public:
  explicit CountingCurve(RateCurvePtr inner) : inner_(std::move(inner)) {}
  double rate(double t) const override { return inner_->rate(t); }
  double integral(double a, double b) const override { return inner_->integral(a, b); }
  double upper_bound(double a, double b) const override {
    ++bounds_;
    return inner_->upper_bound(a, b);
  }
  void features(double a, double b, std::vector<double>& out) const override {
    inner_->features(a, b, out);
  }
  mutable std::uint64_t bounds_ = 0;

 private:
  RateCurvePtr inner_;
};

struct Tally {
  std::uint64_t arrivals = 0;
  std::uint64_t candidates = 0;
  std::uint64_t bounds = 0;
  double wall_s = 0.0;
};

// Thinning with one bound per window of `window_s` (the horizon: a single bound).
Tally fixed_windows(const CountingCurve& curve, Rng rng, double horizon_s, double window_s) {
  Tally tally;
  double t = 0.0;
  while (t < horizon_s) {
    const double end = std::min(t + window_s, horizon_s);
    const double bound = curve.upper_bound(t, end);
    while (bound > 0.0) {
      t -= std::log(rng.uniform_open01()) / bound;
      if (t >= end) break;
      ++tally.candidates;
      if (rng.uniform01() * bound < curve.rate(t)) ++tally.arrivals;
    }
    t = end;
  }
  return tally;
}

Tally adaptive(const std::shared_ptr<CountingCurve>& curve, Rng rng, double horizon_s) {
  ThinnedPoisson process(curve, rng, from_seconds(horizon_s));
  while (std::isfinite(process.next_s())) {
  }
  return {process.arrivals(), process.candidates(), 0, 0.0};
}

struct Named {
  std::string name;
  RateCurvePtr curve;
  double horizon_s;
};

std::vector<Named> flagship_curves(const std::string& configs) {
  std::vector<Named> out;
  for (const char* file : {"app-store-surge.json", "news-shock.json"}) {
    const auto loaded = scenario::load_scenario_file(configs + "/" + file, {});
    if (!loaded.scenario) {
      for (const auto& p : loaded.problems.list()) {
        fmt::print(stderr, "{}/{}:{}: {}\n", configs, file, p.where, p.reason);
      }
      std::exit(2);
    }
    const auto& graph = loaded.scenario->graph;
    for (const auto& w : graph.workloads) {
      if (!w.arrivals.rate) continue;
      const bool hawkes = w.arrivals.kind == ArrivalSpec::Kind::kHawkes;
      out.push_back({fmt::format("{}:{}{}", file, w.name, hawkes ? " (background)" : ""),
                     w.arrivals.rate, graph.duration_s});
    }
  }
  // Shapes the flagship curves are made of, alone.
  const auto constant = std::make_shared<ConstantCurve>(1.0);
  out.push_back({"100x spike (1/s + shock 100/s, tau 10 s)",
                 std::make_shared<SumCurve>(std::vector<RateCurvePtr>{
                     constant, std::make_shared<ShockCurve>(5000.0, 100.0, ShockDecay::kExponential,
                                                            10.0, 1.0)}),
                 10000.0});
  out.push_back({"viral alone (peak 100/s)",
                 std::make_shared<ViralCurve>(600.0, 100.0, 1800.0, 3600.0), 10800.0});
  out.push_back({"power-law shock alone",
                 std::make_shared<ShockCurve>(600.0, 200.0, ShockDecay::kPowerLaw, 30.0, 0.8),
                 10800.0});
  out.push_back({"diurnal (a day)", std::make_shared<DiurnalCurve>(10.0, 0.8, 15.0), 86400.0});
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int replications = 5;
  std::string configs = SURGE_SOURCE_DIR "/configs";
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--replications") == 0 && i + 1 < argc) {
      replications = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--configs") == 0 && i + 1 < argc) {
      configs = argv[++i];
    } else {
      fmt::print(stderr, "usage: surge_thinning_bench [--replications N] [--configs DIR]\n");
      return 2;
    }
  }
  fmt::print("{:<44} {:>8} {:>10} {:>10} {:>12} {:>10}\n", "curve / scheme", "Lambda", "arr/cand",
             "bounds/arr", "arrivals", "ns/arr");
  for (const Named& named : flagship_curves(configs)) {
    const double lambda = named.curve->integral(0.0, named.horizon_s);
    fmt::print("{}\n", named.name);
    struct Scheme {
      const char* name;
      std::function<Tally(const std::shared_ptr<CountingCurve>&, Rng)> run;
    };
    const std::vector<Scheme> schemes = {
        {"global", [&](const auto& c,
                       Rng r) { return fixed_windows(*c, r, named.horizon_s, named.horizon_s); }},
        {"fixed60",
         [&](const auto& c, Rng r) { return fixed_windows(*c, r, named.horizon_s, 60.0); }},
        {"adaptive", [&](const auto& c, Rng r) { return adaptive(c, r, named.horizon_s); }}};
    for (const Scheme& scheme : schemes) {
      Tally total;
      for (int r = 0; r < replications; ++r) {
        auto counting = std::make_shared<CountingCurve>(named.curve);
        const Rng rng(hash_combine(hash_combine(2026, named.name), static_cast<std::uint64_t>(r)));
        const auto start = std::chrono::steady_clock::now();
        Tally t = scheme.run(counting, rng);
        total.wall_s +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        total.arrivals += t.arrivals;
        total.candidates += t.candidates;
        total.bounds += counting->bounds_;
      }
      const double arrivals = static_cast<double>(total.arrivals);
      fmt::print("  {:<42} {:>8.0f} {:>10.3f} {:>10.4f} {:>12} {:>10.1f}\n", scheme.name, lambda,
                 arrivals / static_cast<double>(total.candidates),
                 static_cast<double>(total.bounds) / arrivals, total.arrivals,
                 1e9 * total.wall_s / arrivals);
    }
  }
  return 0;
}
