// Bass diffusion (docs/validation.md, "Arrivals"; Bass, Management Science 1969):
// F(u) = (1 - e^(-(p+q)u)) / (1 + (q/p) e^(-(p+q)u)); with q > p the adoption rate
// peaks at u* = ln(q/p)/(p+q), where F(u*) = (q - p)/(2q).
#include <catch2/catch.hpp>
#include <cmath>

#include "models/demand/bass_curve.hpp"
#include "models/demand/thinned_poisson.hpp"
#include "sim/kernel/hash.hpp"
#include "tests/validation/demand_support.hpp"

namespace surge::demand {
namespace {

constexpr double kMarket = 40000.0;
constexpr double kP = 0.004;
constexpr double kQ = 0.35;
constexpr double kStartS = 300.0;
constexpr double kUnitS = 120.0;

double bass_f(double u) {
  const double e = std::exp(-(kP + kQ) * u);
  return (1.0 - e) / (1.0 + (kQ / kP) * e);
}

TEST_CASE("demand::bass: the adoption rate peaks at start + unit ln(q/p)/(p+q)", "[validation]") {
  const BassCurve curve(kMarket, kP, kQ, kStartS, kUnitS);
  const double predicted = kStartS + kUnitS * std::log(kQ / kP) / (kP + kQ);
  // Golden-section search for the maximum of the (unimodal) rate, independent of
  // the curve's own peak_s().
  double lo = kStartS;
  double hi = kStartS + 100.0 * kUnitS;
  const double ratio = (std::sqrt(5.0) - 1.0) / 2.0;
  for (int i = 0; i < 200 && hi - lo > 1e-9; ++i) {
    const double x1 = hi - ratio * (hi - lo);
    const double x2 = lo + ratio * (hi - lo);
    if (curve.rate(x1) < curve.rate(x2)) {
      lo = x1;
    } else {
      hi = x2;
    }
  }
  // The rate is flat at its peak, so rounding (1e-16 relative) blurs the argmax
  // by about sqrt(1e-16) * unit / (p + q) = 3e-6 s; 1e-5 unit (1.2 ms) is ample.
  CHECK(std::abs(0.5 * (lo + hi) - predicted) < 1e-5 * kUnitS);
  CHECK(std::abs(curve.peak_s() - predicted) < 1e-9 * predicted);
  // Half the eventual adopters minus the innovators' head start: F(u*) = (q-p)/(2q).
  const double at_peak = curve.integral(0.0, predicted) / kMarket;
  CHECK(std::abs(at_peak - (kQ - kP) / (2.0 * kQ)) < 1e-9 * at_peak);
}

TEST_CASE("demand::bass: cumulative adoption matches market F(u), exactly and as realized",
          "[validation]") {
  const auto curve = std::make_shared<BassCurve>(kMarket, kP, kQ, kStartS, kUnitS);
  const std::vector<double> units = {1.0, 5.0, std::log(kQ / kP) / (kP + kQ), 15.0, 25.0, 60.0};
  for (double u : units) {
    const double exact = kMarket * bass_f(u);
    const double t = kStartS + u * kUnitS;
    CHECK(std::abs(curve->integral(0.0, t) - exact) <= 1e-9 * exact);
    CHECK(std::abs(kMarket * curve->adopted_fraction(t) - exact) <= 1e-9 * exact);
  }
  // Realized adopters by time t are Poisson(market F(u)).
  const double horizon = kStartS + 60.0 * kUnitS;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    ThinnedPoisson process(curve, Rng(hash_combine(seed, "bass")), from_seconds(horizon));
    std::vector<double> times;
    for (double t = process.next_s(); std::isfinite(t); t = process.next_s()) times.push_back(t);
    for (double u : units) {
      const double t = kStartS + u * kUnitS;
      const auto realized =
          static_cast<double>(std::lower_bound(times.begin(), times.end(), t) - times.begin());
      const auto interval = testing::poisson_interval(kMarket * bass_f(u));
      INFO("seed " << seed << " u " << u << ": " << realized << " adopters, interval ["
                   << interval.lo << ", " << interval.hi << "]");
      CHECK(interval.contains(realized));
    }
  }
}

}  // namespace
}  // namespace surge::demand
