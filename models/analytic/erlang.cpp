#include "models/analytic/erlang.hpp"

#include <cmath>
#include <limits>

namespace surge::analytic {

double erlang_b(std::uint64_t c, double a) {
  if (a <= 0.0) return 0.0;
  double b = 1.0;
  for (std::uint64_t k = 1; k <= c; ++k) {
    const double kd = static_cast<double>(k);
    b = a * b / (kd + a * b);
    // Once k is far beyond a, B only shrinks (by about a/k a step); below the
    // smallest normal double it is 0 for every purpose, and a pool of 4e9 workers
    // would otherwise cost 4e9 steps.
    if (kd > 2.0 * a && b < std::numeric_limits<double>::min()) return 0.0;
  }
  return b;
}

double erlang_c(std::uint64_t c, double a) {
  const double cd = static_cast<double>(c);
  if (a >= cd) return 1.0;
  if (a <= 0.0) return 0.0;
  const double b = erlang_b(c, a);
  // C = c B / (c - a (1 - B)): the same quantity as the factorial form.
  return cd * b / (cd - a * (1.0 - b));
}

double mmc_mean_wait(std::uint64_t c, double lambda, double holding_s) {
  if (lambda <= 0.0 || holding_s <= 0.0) return 0.0;
  const double a = lambda * holding_s;
  const double cd = static_cast<double>(c);
  if (a >= cd) return std::numeric_limits<double>::infinity();
  return erlang_c(c, a) / (cd / holding_s - lambda);
}

}  // namespace surge::analytic
