// HawkesProcess: a self-exciting arrival process (Hawkes, Biometrika 1971) —
//   lambda(t) = background(t) + n * sum_{t_i < t} phi(t - t_i),
// arrivals that beget arrivals: an app climbing the store chart, where each
// install makes the next more likely (docs/model.md, `hawkes`).
//
// Simulated by its cluster representation (Hawkes & Oakes, J. Appl. Prob. 1974):
// immigrants arrive as a non-homogeneous Poisson process of the background rate
// (ThinnedPoisson, on the Rng given — so n = 0 reproduces the plain curve's
// arrivals exactly); every event, immigrant or not, has Poisson(n) children at
// delays drawn from phi (hawkes_kernel.hpp), from a second stream keyed
// "offspring". Each cluster is a Galton–Watson tree of mean size 1/(1 - n).
//
// Times come out in order with a bounded lookahead: one immigrant is drawn ahead,
// and children wait in a min-heap. An event's children are drawn when it is
// emitted; every child is later than its parent, so the smaller of the next
// immigrant and the heap's top is always the next event. The heap holds only the
// pending children (those before the horizon).
//
// REQUIRES (validated by sim/scenario): 0 <= n < 1, so clusters are finite.
#pragma once

#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include "models/demand/arrival_process.hpp"
#include "models/demand/hawkes_kernel.hpp"
#include "models/demand/thinned_poisson.hpp"

namespace surge::demand {

class HawkesProcess final : public ArrivalProcess {
 public:
  // Arrivals on [0, horizon). REQUIRES: background not null; 0 <= n < 1.
  HawkesProcess(RateCurvePtr background, double branching_ratio, HawkesKernel kernel, Rng rng,
                SimTime horizon);

  // An exogenous event at t_s (an immigrant not drawn from the background), for
  // studies of the response to a burst. REQUIRES: t_s >= every time emitted so far.
  void add_immigrant(double t_s);

  [[nodiscard]] SimTime next() override;
  // The next arrival in seconds, unrounded; +infinity when none remains.
  [[nodiscard]] double next_s();

  // Counts so far: immigrants drawn (and added), and events emitted.
  [[nodiscard]] std::uint64_t immigrants() const { return immigrants_; }
  [[nodiscard]] std::uint64_t events() const { return events_; }

 private:
  // Draws the children of an event at t_s and queues those before the horizon.
  void spawn(double t_s);
  // Poisson(n) by inversion (n < 1: on average less than two comparisons).
  [[nodiscard]] std::uint32_t draw_children();

  ThinnedPoisson background_;
  double branching_ratio_;
  double exp_minus_n_;
  HawkesKernel kernel_;
  Rng offspring_rng_;
  double horizon_s_;
  double next_immigrant_s_ = 0.0;
  bool immigrant_drawn_ = false;
  std::priority_queue<double, std::vector<double>, std::greater<>> pending_;
  std::uint64_t immigrants_ = 0;
  std::uint64_t events_ = 0;
};

}  // namespace surge::demand
