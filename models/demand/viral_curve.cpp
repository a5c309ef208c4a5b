#include "models/demand/viral_curve.hpp"

#include <algorithm>
#include <cmath>

#include "models/demand/logistic_curve.hpp"
#include "sim/kernel/assert.hpp"

namespace surge::demand {

ViralCurve::ViralCurve(double start_s, double peak, double rise_s, double decay_s)
    : start_s_(start_s),
      peak_(peak),
      decay_s_(decay_s),
      steepness_(10.0 / rise_s),
      midpoint_s_(start_s + 0.5 * rise_s),
      fade_start_s_(start_s + rise_s) {
  SURGE_ASSERT(peak >= 0.0 && rise_s > 0.0 && decay_s > 0.0);
  // d/dt ln lambda = a (1 - sigma(a (t - m))) - 1/decay after the fade starts;
  // it is zero where sigma = 1 - 1/(a decay), i.e. a (t - m) = ln(a decay - 1).
  const double ad = steepness_ * decay_s_;
  const double z = ad > 1.0 ? std::log(ad - 1.0) : 0.0;
  mode_s_ = z > 5.0 ? midpoint_s_ + z / steepness_ : fade_start_s_;
}

double ViralCurve::rate(double t_s) const {
  const double sigma = 1.0 / (1.0 + std::exp(-steepness_ * (t_s - midpoint_s_)));
  const double fade = t_s > fade_start_s_ ? std::exp(-(t_s - fade_start_s_) / decay_s_) : 1.0;
  return peak_ * sigma * fade;
}

double ViralCurve::fade_integral(double y0_s, double y1_s) const {
  // peak * e^-(y0-k)/d * sum_j (-1)^j e^(-j a (y0 - m)) (1 - e^(-c_j (y1-y0))) / c_j,
  // c_j = j a + 1/d.
  const double ratio = std::exp(-steepness_ * (y0_s - midpoint_s_));  // <= e^-5
  const double len = y1_s - y0_s;
  double sum = 0.0;
  double power = 1.0;  // (-ratio)^j
  for (int j = 0; j < 64; ++j) {
    const double c = static_cast<double>(j) * steepness_ + 1.0 / decay_s_;
    const double term = power * -std::expm1(-c * len) / c;
    sum += term;
    if (std::abs(term) <= 1e-18 * std::abs(sum)) break;
    power *= -ratio;
  }
  return peak_ * std::exp(-(y0_s - fade_start_s_) / decay_s_) * sum;
}

double ViralCurve::integral(double t0_s, double t1_s) const {
  double total = 0.0;
  if (t0_s < fade_start_s_) {
    // Rising part: peak * sigma(a (t - m)) integrates to peak/a * softplus(a (t - m)).
    const double x1 = std::min(t1_s, fade_start_s_);
    total +=
        peak_ / steepness_ *
        softplus_difference(steepness_ * (t0_s - midpoint_s_), steepness_ * (x1 - midpoint_s_));
  }
  if (t1_s > fade_start_s_) total += fade_integral(std::max(t0_s, fade_start_s_), t1_s);
  return total;
}

double ViralCurve::upper_bound(double t0_s, double t1_s) const {
  if (t0_s <= mode_s_ && mode_s_ <= t1_s) return rate(mode_s_);
  return std::max(rate(t0_s), rate(t1_s));
}

void ViralCurve::features(double t0_s, double t1_s, std::vector<double>& out) const {
  for (double x : {start_s_, midpoint_s_, fade_start_s_, mode_s_}) {
    detail::add_feature(x, t0_s, t1_s, out);
  }
  for (double k = 1.0; k <= 1e6; k *= 10.0) {
    detail::add_feature(fade_start_s_ + k * decay_s_, t0_s, t1_s, out);
  }
}

}  // namespace surge::demand
