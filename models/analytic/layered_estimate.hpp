// The response time of a caller whose workers are held during synchronous calls
// (docs/analytic.md, "Layered services"): one instance with c workers, Poisson
// arrivals, each visit doing its own work (exponential, mean own_s) and then its
// calls, which queue at a callee station of `callee_servers` servers (exponential
// service, mean call_s per visit in total). At most c visits are ever at the callee.
//
// The instance is solved as the exact Markov chain of (visits present N, visits
// at the callee b): a quasi-birth-death process in N whose levels N >= c repeat,
// solved by the matrix-geometric method (pi_{N+1} = pi_N R for N >= c; R from G by
// logarithmic reduction, Latouche and Ramaswami 1993) and the levels below c by
// linear level reduction. For one caller over one callee of its own this is the
// exact answer; screening.cpp maps a mesh onto it (shared callees get the servers
// the others leave free, several callees are lumped into one station).
#pragma once

#include <cstdint>

namespace surge::analytic {

// Above this many workers per instance the chain (about c^2 / 2 boundary states and
// c x c blocks) is not built; screening.cpp keeps its Erlang C reading there.
inline constexpr std::uint64_t kMaxLayeredWorkers = 32;

struct LayeredInput {
  double lambda = 0.0;          // visits per s to this instance
  std::uint64_t workers = 1;    // c; REQUIRES 1 <= c <= kMaxLayeredWorkers
  double own_s = 0.0;           // mean time a visit holds its worker outside the callee
  double call_s = 0.0;          // mean callee service per visit (> 0)
  double callee_servers = 1.0;  // m > 0, may be fractional: rate min(b, m) / call_s
};

struct LayeredEstimate {
  double capacity_per_s = 0.0;  // the largest stable lambda: the c-worker closed cycle's throughput
  bool saturated = false;       // lambda >= capacity_per_s; the figures below are then +inf
  double response_s = 0.0;      // mean time in the instance: wait + holding
  double wait_s = 0.0;          // mean wait for a worker
  double holding_s = 0.0;       // mean time a worker is held (own work + calls, callee waits included)
  double p_wait = 0.0;          // probability an arrival finds every worker busy
};

[[nodiscard]] LayeredEstimate estimate_layered(const LayeredInput& in);

}  // namespace surge::analytic
