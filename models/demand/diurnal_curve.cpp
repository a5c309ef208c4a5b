#include "models/demand/diurnal_curve.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "sim/kernel/assert.hpp"

namespace surge::demand {
namespace {
constexpr double kOmega = 2.0 * std::numbers::pi / DiurnalCurve::kDayS;
}  // namespace

DiurnalCurve::DiurnalCurve(double mean, double amplitude, double peak_hour)
    : mean_(mean), amplitude_(amplitude), peak_s_(3600.0 * peak_hour) {
  SURGE_ASSERT(mean >= 0.0 && amplitude >= 0.0 && amplitude <= 1.0);
}

double DiurnalCurve::phase_s(double t_s) const {
  double x = std::fmod(t_s - peak_s_, kDayS);
  if (x < 0.0) x += kDayS;
  return x;
}

double DiurnalCurve::rate(double t_s) const {
  return mean_ * (1.0 + amplitude_ * std::cos(kOmega * phase_s(t_s)));
}

double DiurnalCurve::integral(double t0_s, double t1_s) const {
  // mean * [(t1 - t0) + amplitude/omega * (sin(w x1) - sin(w x0))], with the
  // difference of sines as 2 cos((x1+x0)/2) sin((x1-x0)/2) so that short
  // intervals keep their relative precision. The phase of t0 is reduced; the
  // length is not (it may exceed a day).
  const double len = t1_s - t0_s;
  const double x0 = kOmega * phase_s(t0_s);
  const double half = 0.5 * kOmega * len;
  const double sin_diff = 2.0 * std::cos(x0 + half) * std::sin(half);
  return mean_ * (len + amplitude_ / kOmega * sin_diff);
}

double DiurnalCurve::upper_bound(double t0_s, double t1_s) const {
  // A daily peak lies in [t0, t1] iff the interval is a day long or the phase
  // wraps past 86400 (phase 0 is a peak).
  const double x0 = phase_s(t0_s);
  if (t1_s - t0_s >= kDayS || x0 == 0.0 || x0 + (t1_s - t0_s) >= kDayS) {
    return mean_ * (1.0 + amplitude_);
  }
  return std::max(rate(t0_s), rate(t1_s));
}

}  // namespace surge::demand
