#include "models/demand/hawkes_process.hpp"

#include <cmath>
#include <limits>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/hash.hpp"

namespace surge::demand {

HawkesProcess::HawkesProcess(RateCurvePtr background, double branching_ratio, HawkesKernel kernel,
                             Rng rng, SimTime horizon)
    : background_(std::move(background), rng, horizon),
      branching_ratio_(branching_ratio),
      exp_minus_n_(std::exp(-branching_ratio)),
      kernel_(kernel),
      offspring_rng_(hash_combine(rng.key(), "offspring")),
      horizon_s_(to_seconds(horizon)) {
  SURGE_ASSERT(branching_ratio >= 0.0 && branching_ratio < 1.0);
}

void HawkesProcess::add_immigrant(double t_s) {
  ++immigrants_;
  if (t_s < horizon_s_) pending_.push(t_s);
}

std::uint32_t HawkesProcess::draw_children() {
  const double u = offspring_rng_.uniform01();
  std::uint32_t k = 0;
  double p = exp_minus_n_;
  double cdf = p;
  // The cap only guards against rounding keeping cdf below u forever; P(k > 40)
  // is below 1e-48 for n < 1.
  while (u >= cdf && k < 40) {
    ++k;
    p *= branching_ratio_ / static_cast<double>(k);
    cdf += p;
  }
  return k;
}

void HawkesProcess::spawn(double t_s) {
  for (std::uint32_t k = draw_children(); k > 0; --k) {
    const double child = t_s + kernel_.sample_offset(offspring_rng_);
    if (child < horizon_s_) pending_.push(child);
  }
}

double HawkesProcess::next_s() {
  if (!immigrant_drawn_) {
    next_immigrant_s_ = background_.next_s();
    immigrant_drawn_ = true;
  }
  double t = 0.0;
  if (!pending_.empty() && pending_.top() < next_immigrant_s_) {
    t = pending_.top();
    pending_.pop();
  } else if (next_immigrant_s_ < horizon_s_) {
    t = next_immigrant_s_;
    immigrant_drawn_ = false;
    ++immigrants_;
  } else {
    return std::numeric_limits<double>::infinity();
  }
  spawn(t);
  ++events_;
  return t;
}

SimTime HawkesProcess::next() {
  const double t = next_s();
  if (!(t < horizon_s_)) return kTimeInfinity;
  return from_seconds(t);
}

}  // namespace surge::demand
