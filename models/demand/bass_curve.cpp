#include "models/demand/bass_curve.hpp"

#include <algorithm>
#include <cmath>

#include "sim/kernel/assert.hpp"

namespace surge::demand {

BassCurve::BassCurve(double market, double p, double q, double start_s, double time_unit_s)
    : market_(market), p_(p), q_(q), start_s_(start_s), time_unit_s_(time_unit_s) {
  SURGE_ASSERT(market >= 0.0 && p > 0.0 && q >= 0.0 && time_unit_s > 0.0);
  const double u_star = q > p ? std::log(q / p) / (p + q) : 0.0;
  peak_s_ = start_s + time_unit_s * u_star;
}

double BassCurve::rate(double t_s) const {
  if (t_s < start_s_) return 0.0;
  const double b = p_ + q_;
  const double x = std::exp(-b * (t_s - start_s_) / time_unit_s_);
  const double denominator = 1.0 + (q_ / p_) * x;
  return market_ / time_unit_s_ * (b * b / p_) * x / (denominator * denominator);
}

double BassCurve::adopted_fraction(double t_s) const {
  if (t_s <= start_s_) return 0.0;
  const double x = std::exp(-(p_ + q_) * (t_s - start_s_) / time_unit_s_);
  return -std::expm1(-(p_ + q_) * (t_s - start_s_) / time_unit_s_) / (1.0 + (q_ / p_) * x);
}

double BassCurve::integral(double t0_s, double t1_s) const {
  const double x0_s = std::max(t0_s, start_s_);
  if (!(t1_s > x0_s)) return 0.0;
  // With x = e^(-(p+q)u) and r = q/p, F(u1) - F(u0) = (1 + r)(x0 - x1) /
  // ((1 + r x0)(1 + r x1)), and x0 - x1 = x0 (1 - e^(-(p+q)(u1 - u0))).
  const double b = p_ + q_;
  const double r = q_ / p_;
  const double x0 = std::exp(-b * (x0_s - start_s_) / time_unit_s_);
  const double x1 = std::exp(-b * (t1_s - start_s_) / time_unit_s_);
  const double difference = x0 * -std::expm1(-b * (t1_s - x0_s) / time_unit_s_);
  return market_ * (1.0 + r) * difference / ((1.0 + r * x0) * (1.0 + r * x1));
}

double BassCurve::upper_bound(double t0_s, double t1_s) const {
  if (t1_s < start_s_) return 0.0;
  const double x0_s = std::max(t0_s, start_s_);
  if (x0_s <= peak_s_ && peak_s_ <= t1_s) return rate(peak_s_);
  return std::max(rate(x0_s), rate(t1_s));
}

void BassCurve::features(double t0_s, double t1_s, std::vector<double>& out) const {
  detail::add_feature(start_s_, t0_s, t1_s, out);
  detail::add_feature(peak_s_, t0_s, t1_s, out);
  // The adoption runs its course within a few multiples of time_unit_s / (p + q).
  const double scale_s = time_unit_s_ / (p_ + q_);
  for (double k = 1.0; k <= 1e6; k *= 10.0)
    detail::add_feature(peak_s_ + k * scale_s, t0_s, t1_s, out);
}

}  // namespace surge::demand
