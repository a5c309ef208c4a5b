// Erlang's formulas for c servers offered a = lambda * E[S] erlangs, and the mean
// wait of M/M/c built on them (docs/analytic.md, "Waiting").
//
// Computed through the Erlang B recursion B(k) = a B(k-1) / (k + a B(k-1)), which
// never forms a^c or c!: stable for any c a scenario may give (up to ~4e9 workers
// per instance; the recursion is O(c), so huge pools are cut short where B has
// become negligible, see erlang.cpp).
#pragma once

#include <cstdint>

namespace surge::analytic {

// Erlang B: the blocking probability of M/G/c/c. REQUIRES: c >= 1, a >= 0.
[[nodiscard]] double erlang_b(std::uint64_t c, double a);

// Erlang C: the probability that an arrival to M/M/c waits; 1 when a >= c
// (the queue grows without bound). REQUIRES: c >= 1, a >= 0.
[[nodiscard]] double erlang_c(std::uint64_t c, double a);

// The mean wait in queue of M/M/c: Wq = C(c, a) / (c mu - lambda) with
// a = lambda * holding_s, mu = 1 / holding_s; +infinity when a >= c, 0 when
// lambda or holding_s is 0. REQUIRES: c >= 1, lambda >= 0, holding_s >= 0.
[[nodiscard]] double mmc_mean_wait(std::uint64_t c, double lambda, double holding_s);

}  // namespace surge::analytic
