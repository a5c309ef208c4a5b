// Rate curves: every kind's integral against a closed form or an independent
// quadrature to 1e-9 relative, and its upper bound against the curve itself
// (docs/model.md, rate curves; issue 4).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <numbers>
#include <vector>

#include "models/demand/curve_quadrature.hpp"
#include "sim/kernel/rng.hpp"
#include "tests/validation/demand_support.hpp"

namespace surge::demand {
namespace {

using testing::curve_catalogue;
using testing::reference_integral;

constexpr double kRelative = 1e-9;

// Intervals exercising a curve over [0, T]: the whole horizon, thirds, short
// and very short ones, and random ones from a fixed stream.
std::vector<std::pair<double, double>> intervals(double horizon_s) {
  std::vector<std::pair<double, double>> out = {{0.0, horizon_s},
                                                {0.0, horizon_s / 3.0},
                                                {horizon_s / 3.0, 2.0 * horizon_s / 3.0},
                                                {0.1 * horizon_s, 0.1 * horizon_s + 1e-3},
                                                {0.5 * horizon_s, 0.5 * horizon_s + 1.0},
                                                {0.77 * horizon_s, 0.77 * horizon_s + 37.0}};
  Rng rng(hash_combine(4, "demand intervals"));
  for (int i = 0; i < 24; ++i) {
    const double a = rng.uniform01() * horizon_s;
    const double b = a + rng.uniform01() * (horizon_s - a);
    out.emplace_back(a, b);
  }
  return out;
}

void require_close(double actual, double expected, double a, double b) {
  INFO("interval [" << a << ", " << b << "]: integral " << actual << ", reference " << expected);
  if (expected == 0.0) {
    REQUIRE(actual == 0.0);
  } else {
    REQUIRE(std::abs(actual - expected) <= kRelative * std::abs(expected));
  }
}

// Checks curve.integral on every interval against reference(a, b).
void check_integral(const RateCurve& curve, double horizon_s,
                    const std::function<double(double, double)>& reference) {
  for (const auto& [a, b] : intervals(horizon_s))
    require_close(curve.integral(a, b), reference(a, b), a, b);
}

RateCurvePtr find(const std::string& name) {
  for (auto& c : curve_catalogue()) {
    if (c.name == name) return c.curve;
  }
  FAIL("no curve " << name);
  return nullptr;
}

std::function<double(double)> rate_of(const RateCurve& curve) {
  return [&curve](double t) { return curve.rate(t); };
}

// A crossing of the level by a monotone stretch of the curve, by bisection.
double crossing(const RateCurve& curve, double level, double lo, double hi) {
  const bool rising = curve.rate(lo) < level;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    if ((curve.rate(mid) < level) == rising) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

TEST_CASE("demand::constant: integral matches r (t1 - t0)", "[models]") {
  const ConstantCurve curve(7.25);
  check_integral(curve, 3600.0, [](double a, double b) { return 7.25 * (b - a); });
}

TEST_CASE("demand::constant_rate: only flat curves report a constant rate", "[models]") {
  const auto flat = std::make_shared<ConstantCurve>(4.0);
  CHECK(flat->constant_rate() == 4.0);
  CHECK(ScaleCurve(2.5, flat).constant_rate() == 10.0);
  CHECK(ShiftCurve(-30.0, flat).constant_rate() == 4.0);
  CHECK(ConstantCurve(0.0).constant_rate() == 0.0);
  // Not flat, or not known to be: thinned.
  CHECK_FALSE(DiurnalCurve(2.0, 0.5, 12.0).constant_rate().has_value());
  CHECK_FALSE(
      ScaleCurve(2.0, std::make_shared<DiurnalCurve>(2.0, 0.5, 12.0)).constant_rate().has_value());
}

TEST_CASE("demand::piecewise_linear: integral matches the trapezoids", "[models]") {
  const auto curve = find("piecewise_linear");
  // Gauss–Kronrod is exact on each linear piece between the points.
  const std::vector<double> cuts = {600, 1200, 1800, 3000};
  check_integral(*curve, 3600.0, [&](double a, double b) {
    return reference_integral(rate_of(*curve), cuts, a, b);
  });
  // Flat outside the points, and exact hand values.
  CHECK(curve->rate(-5.0) == 2.0);
  CHECK(curve->rate(4000.0) == 30.0);
  CHECK(curve->integral(0.0, 600.0) == Approx(0.5 * (2 + 20) * 600).epsilon(1e-15));
  CHECK(curve->integral(3000.0, 3600.0) == Approx(30.0 * 600).epsilon(1e-15));
}

TEST_CASE("demand::csv: step interpolation integral matches the rectangles", "[models]") {
  const auto curve = find("csv_step");
  const std::vector<double> cuts = {900, 1800, 2700};
  check_integral(*curve, 3600.0, [&](double a, double b) {
    return reference_integral(rate_of(*curve), cuts, a, b);
  });
  CHECK(curve->rate(899.999) == 5.0);
  CHECK(curve->rate(900.0) == 25.0);
  CHECK(curve->integral(0.0, 3600.0) == Approx(5 * 900 + 25 * 900 + 2 * 900 + 15 * 900.0));
}

TEST_CASE("demand::diurnal: integral matches the closed form and quadrature", "[models]") {
  const DiurnalCurve curve(40.0, 0.7, 15.0);
  const double omega = 2.0 * std::numbers::pi / 86400.0;
  const double peak = 15.0 * 3600.0;
  // A day holds exactly mean * 86400, wherever it starts.
  for (double start : {0.0, 1234.5, 86400.0 * 3 + 17.0}) {
    require_close(curve.integral(start, start + 86400.0), 40.0 * 86400.0, start, start + 86400.0);
  }
  check_integral(curve, 3.0 * 86400.0, [&](double a, double b) {
    if (b - a > 3600.0) {
      // mean (b - a) + mean amplitude / omega (sin(omega (b - peak)) - sin(omega (a - peak)))
      return 40.0 * (b - a) +
             40.0 * 0.7 / omega * (std::sin(omega * (b - peak)) - std::sin(omega * (a - peak)));
    }
    return reference_integral(rate_of(curve), {}, a, b);
  });
}

TEST_CASE("demand::logistic: integral matches quadrature", "[models]") {
  const auto curve = find("logistic");
  const std::vector<double> cuts = {1800 - 1200, 1800 - 360, 1800, 1800 + 360, 1800 + 1200};
  check_integral(*curve, 3600.0, [&](double a, double b) {
    return reference_integral(rate_of(*curve), cuts, a, b);
  });
  // A falling logistic (peak < base) and the closed form base (b-a) + (peak-base) g
  // ln((1+e^xb)/(1+e^xa)).
  const LogisticCurve falling(50.0, 5.0, 100.0, 20.0);
  check_integral(falling, 600.0, [](double a, double b) {
    return 50.0 * (b - a) + (5.0 - 50.0) * 20.0 *
                                std::log((1.0 + std::exp((b - 100.0) / 20.0)) /
                                         (1.0 + std::exp((a - 100.0) / 20.0)));
  });
}

TEST_CASE("demand::shock: exponential integral matches jump tau (e^-u0 - e^-u1)", "[models]") {
  const auto curve = find("shock_exponential");
  check_integral(*curve, 3600.0, [](double a, double b) {
    a = std::max(a, 600.0);
    if (b <= a) return 0.0;
    return 100.0 * 300.0 * (std::exp(-(a - 600.0) / 300.0) - std::exp(-(b - 600.0) / 300.0));
  });
  CHECK(curve->rate(599.999) == 0.0);
  CHECK(curve->rate(600.0) == 100.0);
}

TEST_CASE("demand::shock: power-law integral matches the closed form, also at exponent 1",
          "[models]") {
  for (double k : {0.6, 1.0, 1.5, 1.0 + 1e-9}) {
    INFO("exponent " << k);
    const ShockCurve curve(600.0, 100.0, ShockDecay::kPowerLaw, 30.0, k);
    check_integral(curve, 3600.0, [k](double a, double b) {
      a = std::max(a, 600.0);
      if (b <= a) return 0.0;
      const double u0 = (a - 600.0) / 30.0;
      const double u1 = (b - 600.0) / 30.0;
      if (k == 1.0) return 100.0 * 30.0 * std::log((1.0 + u1) / (1.0 + u0));
      if (std::abs(k - 1.0) < 1e-6) {
        // Next to 1 the textbook form cancels; quadrature is the reference.
        return reference_integral(
            [](double t) { return 100.0 * std::pow(1.0 + (t - 600.0) / 30.0, -(1.0 + 1e-9)); }, {},
            a, b);
      }
      return 100.0 * 30.0 / (1.0 - k) * (std::pow(1.0 + u1, 1.0 - k) - std::pow(1.0 + u0, 1.0 - k));
    });
  }
}

TEST_CASE("demand::viral: integral matches quadrature", "[models]") {
  const auto curve = find("viral");
  // start 300, mid-rise 750, fade from 1200.
  const std::vector<double> cuts = {300, 750, 1200};
  check_integral(*curve, 3600.0, [&](double a, double b) {
    return reference_integral(rate_of(*curve), cuts, a, b);
  });
  // A slow fade (decay >> rise) moves the mode past the end of the climb.
  const ViralCurve slow(0.0, 10.0, 100.0, 1e5);
  CHECK(slow.mode_s() > 100.0);
  check_integral(slow, 5000.0, [&](double a, double b) {
    return reference_integral(rate_of(slow), {50.0, 100.0, slow.mode_s()}, a, b);
  });
}

TEST_CASE("demand::viral: rate(t) matches its formula before, during and after the rise",
          "[models]") {
  // lambda(t) = peak sigma(10 (t - start - rise/2) / rise) e^(-max(0, t - start - rise) / decay),
  // written out here from DESIGN.md, independently of viral_curve.cpp.
  const double start = 300.0, peak = 800.0, rise = 900.0, decay = 3600.0;
  const ViralCurve curve(start, peak, rise, decay);
  const auto formula = [&](double t) {
    const double sigma = 1.0 / (1.0 + std::exp(-10.0 * (t - start - rise / 2.0) / rise));
    return peak * sigma * std::exp(-std::max(0.0, t - start - rise) / decay);
  };
  // Before the start, at it, a quarter into the rise, mid-rise (half the peak),
  // the end of the rise (where the fade begins), one and five decays into it.
  for (const double t : {0.0, start, start + rise / 4.0, start + rise / 2.0, start + rise,
                         start + rise + decay, start + rise + 5.0 * decay}) {
    INFO("t = " << t);
    CHECK(curve.rate(t) == Approx(formula(t)).epsilon(1e-12));
  }
  // Hand-checked landmarks: sigma(-5) of the peak at the start, half the peak at
  // mid-rise, sigma(5) at the end of the rise, and one decay later
  // sigma(5 + 10 decay/rise) e^-1 = sigma(45) e^-1.
  CHECK(curve.rate(start) == Approx(peak / (1.0 + std::exp(5.0))).epsilon(1e-12));
  CHECK(curve.rate(start + rise / 2.0) == Approx(peak / 2.0).epsilon(1e-12));
  CHECK(curve.rate(start + rise) == Approx(peak / (1.0 + std::exp(-5.0))).epsilon(1e-12));
  CHECK(curve.rate(start + rise + decay) ==
        Approx(peak / (1.0 + std::exp(-45.0)) * std::exp(-1.0)).epsilon(1e-12));
}

TEST_CASE("demand::bass: integral matches market (F(u1) - F(u0))", "[models]") {
  const auto curve = find("bass");
  const auto F = [](double t) {
    if (t <= 200.0) return 0.0;
    const double u = (t - 200.0) / 100.0;
    const double e = std::exp(-(0.003 + 0.4) * u);
    return (1.0 - e) / (1.0 + (0.4 / 0.003) * e);
  };
  check_integral(*curve, 3600.0, [&](double a, double b) { return 50000.0 * (F(b) - F(a)); });
}

TEST_CASE("demand::sum: integral matches quadrature", "[models]") {
  const auto curve = find("sum");
  const std::vector<double> cuts = {300, 750, 1200, 2400};
  check_integral(*curve, 3600.0, [&](double a, double b) {
    return reference_integral(rate_of(*curve), cuts, a, b);
  });
}

TEST_CASE("demand::product: integral matches quadrature and the closed form of e^-t/a e^-t/b",
          "[models]") {
  const auto curve = find("product");
  const std::vector<double> cuts = {300, 750, 1200};
  check_integral(*curve, 3600.0, [&](double a, double b) {
    return reference_integral(rate_of(*curve), cuts, a, b);
  });
  // Two exponential shocks at the same time multiply into one with tau = t1 t2/(t1 + t2).
  const ProductCurve twice(
      {std::make_shared<ShockCurve>(100.0, 4.0, ShockDecay::kExponential, 30.0, 1.0),
       std::make_shared<ShockCurve>(100.0, 5.0, ShockDecay::kExponential, 60.0, 1.0)});
  const double tau = 30.0 * 60.0 / 90.0;
  check_integral(twice, 1000.0, [tau](double a, double b) {
    a = std::max(a, 100.0);
    if (b <= a) return 0.0;
    return 20.0 * tau * (std::exp(-(a - 100.0) / tau) - std::exp(-(b - 100.0) / tau));
  });
  // A narrow spike in a long interval: the features keep quadrature from missing it.
  const ProductCurve spike(
      {std::make_shared<DiurnalCurve>(2.0, 0.5, 12.0),
       std::make_shared<ShockCurve>(50000.0, 1.0, ShockDecay::kExponential, 1.0, 1.0)});
  check_integral(spike, 86400.0, [&](double a, double b) {
    return reference_integral(rate_of(spike), {50000.0, 50010.0, 50100.0}, a, b);
  });
}

TEST_CASE("demand::scale: integral is by times the inner integral", "[models]") {
  const auto curve = find("scale");
  const auto inner = find("logistic");
  check_integral(*curve, 3600.0, [&](double a, double b) { return 2.5 * inner->integral(a, b); });
}

TEST_CASE("demand::shift: integral matches the shifted closed form", "[models]") {
  const auto curve = find("shift");  // power-law shock at 600 + 900
  check_integral(*curve, 3600.0, [](double a, double b) {
    a = std::max(a, 1500.0);
    if (b <= a) return 0.0;
    const double u0 = (a - 1500.0) / 30.0;
    const double u1 = (b - 1500.0) / 30.0;
    return 100.0 * 30.0 / 0.4 * (std::pow(1.0 + u1, 0.4) - std::pow(1.0 + u0, 0.4));
  });
  // Negative shifts ask the inner curve about negative times.
  const ShiftCurve earlier(-500.0, std::make_shared<LogisticCurve>(1.0, 9.0, 100.0, 50.0));
  CHECK(earlier.rate(0.0) == std::make_shared<LogisticCurve>(1.0, 9.0, 100.0, 50.0)->rate(500.0));
}

TEST_CASE("demand::clip: integral matches quadrature split at the crossings", "[models]") {
  const auto curve = find("clip");  // clamp(viral, 3, 30)
  const auto viral = testing::viral_example();
  const double peak = std::dynamic_pointer_cast<const ViralCurve>(viral)->mode_s();
  const std::vector<double> cuts = {
      crossing(*viral, 3.0, 0.0, peak), crossing(*viral, 30.0, 0.0, peak), 1200.0,
      crossing(*viral, 30.0, peak, 1e5), crossing(*viral, 3.0, peak, 1e5)};
  check_integral(*curve, 3600.0, [&](double a, double b) {
    return reference_integral(rate_of(*curve), cuts, a, b);
  });
}

TEST_CASE("demand::clip: a clipped diurnal day matches its closed form", "[models]") {
  // mean 10, amplitude 0.8 (2..18) clipped to [5, 15]: over a day, with phase x,
  // lambda >= 15 for |x| <= x1 = acos(0.625), <= 5 for |x| >= x2 = acos(-0.625).
  const ClipCurve curve(5.0, 15.0, std::make_shared<DiurnalCurve>(10.0, 0.8, 3.0));
  const double x1 = std::acos(0.625);
  const double x2 = std::acos(-0.625);
  const double per_radian =
      2.0 * (15.0 * x1 + 10.0 * (x2 - x1) + 10.0 * 0.8 * (std::sin(x2) - std::sin(x1)) +
             5.0 * (std::numbers::pi - x2));
  const double day = per_radian * 86400.0 / (2.0 * std::numbers::pi);
  require_close(curve.integral(0.0, 86400.0), day, 0.0, 86400.0);
  require_close(curve.integral(5000.0, 5000.0 + 2 * 86400.0), 2.0 * day, 5000.0,
                5000.0 + 2 * 86400.0);
}

TEST_CASE("demand::quadrature: matches the closed forms it stands in for", "[models]") {
  for (const auto& named : curve_catalogue()) {
    INFO(named.name);
    for (const auto& [a, b] : intervals(named.horizon_s)) {
      const double exact = named.curve->integral(a, b);
      const double numeric = integrate_numerically(*named.curve, a, b);
      if (exact == 0.0) {
        CHECK(numeric == 0.0);
      } else {
        CHECK(std::abs(numeric - exact) <= kRelative * exact);
      }
    }
  }
}

TEST_CASE("demand::bounds: every bound holds, and is the supremum for primitive curves",
          "[models]") {
  Rng rng(hash_combine(4, "demand bounds"));
  for (const auto& named : curve_catalogue()) {
    INFO(named.name);
    const bool primitive = named.name != "sum" && named.name != "product";
    for (int i = 0; i < 100; ++i) {
      const double a = -100.0 + rng.uniform01() * (named.horizon_s + 200.0);
      const double len = std::pow(10.0, -3.0 + 7.0 * rng.uniform01());
      const double b = a + len;
      const double bound = named.curve->upper_bound(a, b);
      std::vector<double> points;
      named.curve->features(a, b, points);
      for (int k = 0; k <= 4096; ++k) points.push_back(a + (b - a) * k / 4096.0);
      double sup = 0.0;
      for (double t : points) sup = std::max(sup, named.curve->rate(t));
      INFO("[" << a << ", " << b << "] bound " << bound << " sampled sup " << sup);
      REQUIRE(std::isfinite(bound));
      REQUIRE(sup <= bound * (1.0 + 1e-12));
      if (primitive) REQUIRE(bound <= sup * (1.0 + 1e-3) + 1e-12);
    }
  }
}

}  // namespace
}  // namespace surge::demand
