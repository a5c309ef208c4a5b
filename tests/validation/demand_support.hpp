// Shared pieces of the demand tests (tests/models/demand_*, tests/validation/demand_*):
// a catalogue with one curve of every kind of the rate-curve table (docs/model.md), a
// reference quadrature independent of the one under test, and the statistical
// checks at 99.9% (docs/validation.md: fixed seeds, tolerances from the sample size).
#pragma once

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <boost/math/quadrature/gauss.hpp>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/demand/bass_curve.hpp"
#include "models/demand/clip_curve.hpp"
#include "models/demand/diurnal_curve.hpp"
#include "models/demand/logistic_curve.hpp"
#include "models/demand/piecewise_curve.hpp"
#include "models/demand/product_curve.hpp"
#include "models/demand/rate_curve.hpp"
#include "models/demand/scale_curve.hpp"
#include "models/demand/shift_curve.hpp"
#include "models/demand/shock_curve.hpp"
#include "models/demand/sum_curve.hpp"
#include "models/demand/viral_curve.hpp"

namespace surge::demand::testing {

inline constexpr double kConfidence = 0.999;

struct NamedCurve {
  std::string name;
  RateCurvePtr curve;
  double horizon_s;
};

inline RateCurvePtr constant(double r) { return std::make_shared<ConstantCurve>(r); }

inline RateCurvePtr viral_example() {
  return std::make_shared<ViralCurve>(300.0, 50.0, 900.0, 1200.0);
}

inline RateCurvePtr power_shock_example() {
  return std::make_shared<ShockCurve>(600.0, 100.0, ShockDecay::kPowerLaw, 30.0, 0.6);
}

// One curve of every kind, each with a few 10^4 expected arrivals on its horizon.
inline std::vector<NamedCurve> curve_catalogue() {
  std::vector<NamedCurve> out;
  out.push_back({"constant", constant(10.0), 3600.0});
  out.push_back({"piecewise_linear",
                 std::make_shared<PiecewiseCurve>(
                     std::vector<RatePoint>{{0, 2}, {600, 20}, {1200, 20}, {1800, 5}, {3000, 30}},
                     Interpolation::kLinear),
                 3600.0});
  out.push_back(
      {"csv_step",
       std::make_shared<PiecewiseCurve>(
           std::vector<RatePoint>{{0, 5}, {900, 25}, {1800, 2}, {2700, 15}}, Interpolation::kStep),
       3600.0});
  out.push_back({"diurnal", std::make_shared<DiurnalCurve>(0.5, 0.9, 6.0), 86400.0});
  out.push_back({"logistic", std::make_shared<LogisticCurve>(2.0, 30.0, 1800.0, 120.0), 3600.0});
  out.push_back({"shock_exponential",
                 std::make_shared<ShockCurve>(600.0, 100.0, ShockDecay::kExponential, 300.0, 1.0),
                 3600.0});
  out.push_back({"shock_power_law", power_shock_example(), 3600.0});
  out.push_back({"viral", viral_example(), 3600.0});
  out.push_back({"bass", std::make_shared<BassCurve>(50000.0, 0.003, 0.4, 200.0, 100.0), 3600.0});
  out.push_back(
      {"sum",
       std::make_shared<SumCurve>(std::vector<RateCurvePtr>{
           constant(5.0), viral_example(),
           std::make_shared<ShockCurve>(2400.0, 80.0, ShockDecay::kExponential, 60.0, 1.0)}),
       3600.0});
  out.push_back({"product",
                 std::make_shared<ProductCurve>(std::vector<RateCurvePtr>{
                     std::make_shared<DiurnalCurve>(1.0, 0.5, 0.25), viral_example()}),
                 3600.0});
  out.push_back(
      {"scale",
       std::make_shared<ScaleCurve>(2.5, std::make_shared<LogisticCurve>(2.0, 30.0, 1800.0, 120.0)),
       3600.0});
  out.push_back({"shift", std::make_shared<ShiftCurve>(900.0, power_shock_example()), 3600.0});
  out.push_back({"clip", std::make_shared<ClipCurve>(3.0, 30.0, viral_example()), 3600.0});
  return out;
}

// Composite 30-point Gauss–Legendre on 64 equal panels per piece — a different
// rule and a different (non-adaptive) scheme from the library's — between the
// cuts a test supplies (the kinks it knows about). On a smooth piece the error is
// far below 1e-12 relative.
template <class F>
double reference_integral(F f, std::vector<double> cuts, double t0_s, double t1_s) {
  constexpr int kPanels = 64;
  cuts.push_back(t0_s);
  cuts.push_back(t1_s);
  std::sort(cuts.begin(), cuts.end());
  double total = 0.0;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    const double a = std::max(cuts[i], t0_s);
    const double b = std::min(cuts[i + 1], t1_s);
    if (!(b > a)) continue;
    for (int k = 0; k < kPanels; ++k) {
      const double lo = a + (b - a) * k / kPanels;
      const double hi = k + 1 == kPanels ? b : a + (b - a) * (k + 1) / kPanels;
      total += boost::math::quadrature::gauss<double, 30>::integrate(f, lo, hi);
    }
  }
  return total;
}

// The central 99.9% interval of a Poisson(mean) count.
struct CountInterval {
  double lo;
  double hi;
  [[nodiscard]] bool contains(double x) const { return x >= lo && x <= hi; }
};

inline CountInterval poisson_interval(double mean) {
  const boost::math::poisson_distribution<double> law(mean);
  const double tail = 0.5 * (1.0 - kConfidence);
  return {boost::math::quantile(law, tail),
          boost::math::quantile(boost::math::complement(law, tail))};
}

struct ChiSquareResult {
  double statistic = 0.0;
  int bins = 0;
  double critical = 0.0;  // the 0.999 quantile of chi-square with `bins` degrees of freedom
};

// Pearson's chi-square of observed counts in disjoint intervals against their
// Poisson means (known, not fitted: `bins` degrees of freedom). Neighbouring
// intervals are pooled until each expects at least 5, so the chi-square
// approximation holds.
inline ChiSquareResult chi_square(const std::vector<double>& observed,
                                  const std::vector<double>& expected) {
  std::vector<double> o_bins;
  std::vector<double> e_bins;
  double o = 0.0;
  double e = 0.0;
  for (std::size_t i = 0; i < observed.size(); ++i) {
    o += observed[i];
    e += expected[i];
    if (e >= 5.0) {
      o_bins.push_back(o);
      e_bins.push_back(e);
      o = e = 0.0;
    }
  }
  if (e > 0.0 || o > 0.0) {
    if (e_bins.empty()) {
      o_bins.push_back(o);
      e_bins.push_back(e);
    } else {
      o_bins.back() += o;
      e_bins.back() += e;
    }
  }
  ChiSquareResult result;
  result.bins = static_cast<int>(e_bins.size());
  for (std::size_t i = 0; i < e_bins.size(); ++i) {
    const double d = o_bins[i] - e_bins[i];
    result.statistic += d * d / e_bins[i];
  }
  const boost::math::chi_squared_distribution<double> law(result.bins);
  result.critical = boost::math::quantile(law, kConfidence);
  return result;
}

}  // namespace surge::demand::testing
