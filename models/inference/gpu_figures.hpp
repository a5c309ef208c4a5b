// GpuFigures: what a GPU batch tier measures about itself (GpuBatchResult and its
// time series), kept by the station since the engine knows nothing of tokens.
//
// The station reports each replica's levels (running sequences, KV tokens held and
// reserved) whenever they change, plus tokens, iterations and latencies. Levels are
// summed over replicas and integrated exactly (LevelIntegral, through TrackedLevel),
// differenced at the warmup and at each report interval's end, as the results
// collector does for the other levels; intervals are [start, end) and the last one
// may be partial, so the series line up with the collector's.
//
// REQUIRES: calls in non-decreasing time; roll(now) before any change at `now`.
#pragma once

#include <cstdint>
#include <vector>

#include "models/mesh/results.hpp"
#include "models/mesh/tracked_level.hpp"
#include "sim/kernel/time.hpp"

namespace surge::inference {

class GpuFigures {
 public:
  GpuFigures(SimTime warmup, SimTime interval, std::uint32_t replicas, std::uint32_t max_batch,
             std::uint64_t kv_cache_tokens);

  // Closes the warmup and every interval that ends at or before `now`.
  void roll(SimTime now);
  // Replica `replica` now runs `running` sequences holding `kv_held` tokens and
  // reserving `kv_reserved`.
  void set_replica(SimTime now, std::uint32_t replica, std::uint64_t running, std::uint64_t kv_held,
                   std::uint64_t kv_reserved);
  // An iteration ended at `now` having generated `tokens` output tokens.
  void iteration_ended(SimTime now, std::uint64_t tokens);
  void prefilled(SimTime now, std::uint64_t tokens) {
    if (now >= warmup_) result_.prefill_tokens += tokens;
  }
  // A replica was made (autoscaling) or is gone for good: occupancy and KV use are
  // averaged over the replicas that exist (provisioning ones count, as empty).
  void add_replica(SimTime now);
  void remove_replica(SimTime now);
  // A sequence's first token, `ttft` after it arrived.
  void first_token(SimTime ttft, bool counted);
  // A sequence of `output` tokens finished: first token at `first`, last at `now`.
  void completed(SimTime arrived, SimTime first, SimTime now, std::uint64_t output, bool counted);
  mesh::GpuBatchResult& counts() { return result_; }

  // REQUIRES: called once, at the end of the run.
  void finish(SimTime end, mesh::GpuBatchResult& out, mesh::ServiceSeries& series);

 private:
  struct Level {
    std::uint64_t running = 0, kv_held = 0, kv_reserved = 0;
  };
  void close_interval(SimTime end);
  void warmup_ended();

  SimTime warmup_;
  SimTime interval_;
  SimTime interval_start_ = 0;
  bool warm_;  // the warmup has ended (or there is none)
  double max_batch_;
  double kv_tokens_;
  std::vector<Level> replicas_now_;
  // Sums over replicas, and the number of replicas that exist.
  mesh::TrackedLevel running_, kv_held_, kv_reserved_, replicas_;
  Level max_;  // one replica's largest levels after the warmup
  std::uint64_t interval_tokens_ = 0;
  // Latencies of the sequences whose first token (ttft) or last token (tpot, e2e)
  // came in the current interval, whether or not they arrived after the warmup.
  mesh::LatencyRecord interval_ttft_, interval_tpot_, interval_e2e_;
  mesh::GpuBatchResult result_;
  mesh::ServiceSeries series_;
};

}  // namespace surge::inference
