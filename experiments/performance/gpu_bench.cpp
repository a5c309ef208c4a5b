// GPU batch tier benchmark (README.md, "Performance"): one open workload saturating
// a gpu_batch tier, at several batch sizes. Prints iterations simulated per second of
// wall time and events per generated token: the tier costs one event per iteration
// per replica (plus arrivals and idle wake-ups), so events per token fall as the
// batch grows while iterations per second stay flat.
//
//   surge_gpu_bench [--duration S] [--repeat K]
//
// Each case runs K times (default 3) and keeps its fastest run (other tenants of a
// shared machine only ever add time).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>

#include "experiments/performance/machine_description.hpp"
#include "models/mesh/simulation.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace {

using nlohmann::json;

// 16 replicas of the design's example tier, offered about 1.2x what max_batch
// sequences of 300 tokens in lockstep could finish, so batches stay full.
json scenario(double duration_s, int max_batch) {
  const double iteration_s = 0.008 + 0.0002 * max_batch;
  const double capacity_per_s = 16.0 * max_batch / (300.0 * iteration_s);
  return {{"name", "gpu-bench"},
          {"seed", 1},
          {"duration_s", duration_s},
          {"report", {{"interval_s", 60}}},
          {"services",
           {{"inference",
             {{"kind", "gpu_batch"},
              {"instances", 16},
              {"max_batch", max_batch},
              {"kv_cache_tokens", 100000000},
              {"max_queue", 4 * max_batch},
              {"iteration",
               {{"base_s", 0.008}, {"per_prefill_token_s", 0.00002}, {"per_decode_seq_s", 0.0002}}},
              {"endpoints",
               {{"generate",
                 {{"prompt_tokens", {{"dist", "lognormal"}, {"mean", 800}, {"cv", 1.0}}},
                  {"output_tokens", {{"dist", "lognormal"}, {"mean", 300}, {"cv", 1.2}}}}}}}}}}},
          {"workloads",
           {{"chat",
             {{"kind", "open"},
              {"entry", "inference.generate"},
              {"rate", {{"constant", 1.2 * capacity_per_s}}}}}}}};
}

}  // namespace

int main(int argc, char** argv) {
  double duration_s = 600.0;
  int repeat = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--duration") == 0) duration_s = std::atof(argv[i + 1]);
    if (std::strcmp(argv[i], "--repeat") == 0) repeat = std::max(1, std::atoi(argv[i + 1]));
  }
  fmt::print("{:>9} {:>12} {:>12} {:>12} {:>14} {:>12} {:>8}\n", "max_batch", "iterations",
             "tokens", "events", "iterations/s", "events/token", "wall s");
  for (const int max_batch : {1, 32, 256}) {
    const auto loaded =
        surge::scenario::load_scenario_text(scenario(duration_s, max_batch).dump(), {});
    if (!loaded.scenario) {
      fmt::print(stderr, "scenario rejected\n");
      return 1;
    }
    double best_s = 1e300;
    surge::mesh::RunResult result;
    for (int k = 0; k < repeat; ++k) {
      surge::mesh::Simulation simulation(loaded.scenario->graph);
      const auto start = std::chrono::steady_clock::now();
      result = simulation.run();
      best_s = std::min(
          best_s, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    const surge::mesh::GpuBatchResult& g = *result.services.at(0).inference;
    fmt::print("{:>9} {:>12} {:>12} {:>12} {:>14.3g} {:>12.4f} {:>8.2f}\n", max_batch, g.iterations,
               g.tokens, result.events, static_cast<double>(g.iterations) / best_s,
               static_cast<double>(result.events) / static_cast<double>(g.tokens), best_s);
  }
  fmt::print("\nmachine: {}\nsimulated seconds per case: {}\n", surge::bench::machine_description(),
             duration_s);
  return 0;
}
