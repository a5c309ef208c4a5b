// The peak-rate search of `surge analyze` (models/analytic/peak_rate.hpp) against
// maxima computed in closed form (docs/analytic.md, "Rates").
#include <catch2/catch.hpp>
#include <cmath>

#include "models/analytic/peak_rate.hpp"
#include "models/demand/shock_curve.hpp"
#include "models/demand/viral_curve.hpp"

namespace surge::analytic {
namespace {

double logistic(double z) { return 1.0 / (1.0 + std::exp(-z)); }

void check_peak(const demand::RateCurve& curve, double horizon_s, double peak, double at_s) {
  const PeakRate found = peak_rate(curve, horizon_s);
  INFO("found " << found.rate_per_s << " at " << found.at_s << ", expected " << peak << " at "
                << at_s);
  // The search returns a rate the curve reaches (never above the peak) within its tolerance.
  CHECK(found.rate_per_s <= peak * (1.0 + 1e-15));
  CHECK(found.rate_per_s >= peak * (1.0 - 2.0 * kRelativeTolerance));
  CHECK(found.bound_per_s >= found.rate_per_s);
  CHECK(found.at_s == Approx(at_s).epsilon(1e-3));
}

TEST_CASE("analytic::peak_rate: viral curves, against the mode in closed form", "[validation]") {
  // lambda = P sigma(a (t - m)) e^(-(t - k) / d) after k = start + rise, with
  // a = 10 / rise, m = start + rise / 2. d ln lambda / dt = a (1 - sigma) - 1/d = 0
  // at sigma = 1 - 1 / (a d), i.e. a (t - m) = ln(a d - 1): after k when
  // ln(a d - 1) > 5, else the mode is k itself, where lambda = P sigma(5).
  SECTION("slow fade: the mode is past the end of the climb") {
    const double start = 300.0, peak = 1'000.0, rise = 100.0, decay = 2'000.0;
    const double a = 10.0 / rise, m = start + rise / 2.0, k = start + rise;
    REQUIRE(std::log(a * decay - 1.0) > 5.0);
    const double t = m + std::log(a * decay - 1.0) / a;
    const double expected = peak * (1.0 - 1.0 / (a * decay)) * std::exp(-(t - k) / decay);
    check_peak(demand::ViralCurve(start, peak, rise, decay), 10'000.0, expected, t);
  }
  SECTION("fast fade: the mode is the end of the climb") {
    const double start = 120.0, peak = 50.0, rise = 60.0, decay = 30.0;
    REQUIRE(std::log(10.0 / rise * decay - 1.0) < 5.0);
    check_peak(demand::ViralCurve(start, peak, rise, decay), 3'600.0, peak * logistic(5.0),
               start + rise);
  }
  SECTION("a horizon inside the climb: the peak is the last instant") {
    const double start = 0.0, peak = 80.0, rise = 400.0, decay = 100.0, horizon = 250.0;
    check_peak(demand::ViralCurve(start, peak, rise, decay), horizon,
               peak * logistic(10.0 / rise * (horizon - start - rise / 2.0)), horizon);
  }
}

TEST_CASE("analytic::peak_rate: shock curves peak at their jump", "[validation]") {
  // 0 before at_s, jump at at_s, non-increasing after: the maximum is the jump.
  check_peak(demand::ShockCurve(1'234.5, 300.0, demand::ShockDecay::kExponential, 60.0, 1.0),
             7'200.0, 300.0, 1'234.5);
  check_peak(demand::ShockCurve(777.0, 40.0, demand::ShockDecay::kPowerLaw, 10.0, 0.6), 3'600.0,
             40.0, 777.0);
  // A shock after the horizon never arrives: the curve is 0 throughout.
  const PeakRate none =
      peak_rate(demand::ShockCurve(5'000.0, 40.0, demand::ShockDecay::kExponential, 10.0, 1.0),
                3'600.0);
  CHECK(none.rate_per_s == 0.0);
  CHECK(none.bound_per_s == 0.0);
}

}  // namespace
}  // namespace surge::analytic
