// Arrival processes: determinism, ordering, the deterministic and replay modes,
// the Hawkes cluster mechanics, and the thinning's cost on a spike.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <memory>
#include <vector>

#include "models/demand/arrival_process.hpp"
#include "models/demand/evenly_spaced.hpp"
#include "models/demand/hawkes_process.hpp"
#include "models/demand/thinned_poisson.hpp"
#include "models/demand/timestamp_replay.hpp"
#include "tests/validation/demand_support.hpp"

namespace surge::demand {
namespace {

std::vector<SimTime> drain(ArrivalProcess& process) {
  std::vector<SimTime> out;
  for (SimTime t = process.next(); t != kTimeInfinity; t = process.next()) out.push_back(t);
  return out;
}

ArrivalSpec rate_spec(RateCurvePtr curve) {
  ArrivalSpec spec;
  spec.rate = std::move(curve);
  return spec;
}

ArrivalSpec hawkes_spec(RateCurvePtr background, double n, HawkesKernel kernel) {
  ArrivalSpec spec;
  spec.kind = ArrivalSpec::Kind::kHawkes;
  spec.rate = std::move(background);
  spec.branching_ratio = n;
  spec.kernel = kernel;
  return spec;
}

HawkesKernel power_law(double c_s, double theta) {
  HawkesKernel k;
  k.kind = HawkesKernelKind::kPowerLaw;
  k.c_s = c_s;
  k.theta = theta;
  return k;
}

TEST_CASE("demand::arrivals: same seed gives the same times, another seed other times",
          "[models]") {
  const SimTime horizon = from_seconds(3600.0);
  std::vector<ArrivalSpec> specs;
  for (const auto& named : testing::curve_catalogue()) specs.push_back(rate_spec(named.curve));
  specs.push_back(hawkes_spec(testing::constant(2.0), 0.6, HawkesKernel{}));
  specs.push_back(hawkes_spec(testing::constant(2.0), 0.6, power_law(5.0, 0.5)));
  for (const auto& spec : specs) {
    const auto a = drain(*make_arrival_process(spec, Rng(11), horizon));
    const auto b = drain(*make_arrival_process(spec, Rng(11), horizon));
    const auto c = drain(*make_arrival_process(spec, Rng(12), horizon));
    REQUIRE(!a.empty());
    CHECK(a == b);
    CHECK(a != c);
  }
}

TEST_CASE("demand::arrivals: times are non-decreasing, from 0 and before the horizon", "[models]") {
  const SimTime horizon = from_seconds(3600.0);
  for (const auto& named : testing::curve_catalogue()) {
    INFO(named.name);
    const auto times = drain(*make_arrival_process(rate_spec(named.curve), Rng(5), horizon));
    REQUIRE(std::is_sorted(times.begin(), times.end()));
    REQUIRE(times.front() >= 0);
    REQUIRE(times.back() < horizon);
  }
  HawkesProcess hawkes(testing::constant(1.0), 0.9, power_law(1.0, 0.5), Rng(9), horizon);
  std::vector<SimTime> times;
  for (SimTime t = hawkes.next(); t != kTimeInfinity; t = hawkes.next()) times.push_back(t);
  REQUIRE(std::is_sorted(times.begin(), times.end()));
  REQUIRE(times.back() < horizon);
  // After the end a process stays exhausted.
  CHECK(hawkes.next() == kTimeInfinity);
}

TEST_CASE("demand::deterministic: a constant rate gives arrivals at k / r", "[models]") {
  EvenlySpaced process(testing::constant(4.0), from_seconds(10.0));
  const auto times = drain(process);
  REQUIRE(times.size() == 39);  // 0.25, 0.5, ..., 9.75 (10.0 is the horizon)
  for (std::size_t k = 0; k < times.size(); ++k) {
    CHECK(times[k] == from_seconds(0.25 * static_cast<double>(k + 1)));
  }
}

TEST_CASE("demand::deterministic: arrival k comes where Lambda(0, t) = k, for every curve kind",
          "[models]") {
  for (const auto& named : testing::curve_catalogue()) {
    INFO(named.name);
    EvenlySpaced process(named.curve, from_seconds(named.horizon_s));
    std::size_t k = 0;
    double last = 0.0;
    for (double t = process.next_s(); std::isfinite(t); t = process.next_s()) {
      ++k;
      // Spot-check every 997th arrival (an integral per check).
      if (k % 997 == 0) {
        const double lambda = named.curve->integral(0.0, t);
        REQUIRE(std::abs(lambda - static_cast<double>(k)) <= 1e-6 * static_cast<double>(k));
      }
      REQUIRE(t >= last);
      last = t;
    }
    // Exactly floor(Lambda(0, T)) arrivals in all: arrival k comes at Lambda = k,
    // so the arrivals before T are those with k < Lambda(0, T). When Lambda is a
    // whole number the last one falls on T itself, the edge of [0, T), where the
    // root finder's last bit decides: Lambda - 1 or Lambda, nothing else.
    const double total = named.curve->integral(0.0, named.horizon_s);
    const double whole = std::round(total);
    INFO("Lambda(0, T) = " << total);
    if (std::abs(total - whole) < 1e-9) {
      CHECK((static_cast<double>(k) == whole || static_cast<double>(k) == whole - 1.0));
    } else {
      CHECK(static_cast<double>(k) == std::floor(total));
    }
  }
}

TEST_CASE("demand::deterministic: a constant rate over a fractional Lambda gives floor(Lambda)",
          "[models]") {
  // Lambda = r T = 3.75, 25.625, 137.5, 10002.5: floor(Lambda) arrivals, at k / r.
  for (const double rate : {0.375, 2.5625, 13.75, 1000.25}) {  // exact in binary
    INFO("rate " << rate);
    EvenlySpaced process(testing::constant(rate), from_seconds(10.0));
    CHECK(drain(process).size() == static_cast<std::size_t>(std::floor(rate * 10.0)));
  }
}

TEST_CASE("demand::timestamps: replays the trace up to the horizon", "[models]") {
  auto times =
      std::make_shared<const std::vector<double>>(std::vector<double>{0.0, 0.5, 0.5, 2.25, 9.0});
  ArrivalSpec spec;
  spec.kind = ArrivalSpec::Kind::kTimestamps;
  spec.timestamps_s = times;
  const auto out = drain(*make_arrival_process(spec, Rng(1), from_seconds(5.0)));
  CHECK(out == std::vector<SimTime>{0, from_seconds(0.5), from_seconds(0.5), from_seconds(2.25)});
}

TEST_CASE("demand::hawkes: with n = 0 it is the background's Poisson process", "[models]") {
  const auto background = testing::viral_example();
  const SimTime horizon = from_seconds(3600.0);
  const auto hawkes =
      drain(*make_arrival_process(hawkes_spec(background, 0.0, HawkesKernel{}), Rng(21), horizon));
  const auto poisson = drain(*make_arrival_process(rate_spec(background), Rng(21), horizon));
  CHECK(hawkes == poisson);
}

TEST_CASE("demand::hawkes: kernels sample offsets by inversion of their survival", "[models]") {
  // Kolmogorov–Smirnov at 99.9% (asymptotic critical value 1.949 / sqrt(N)).
  for (const HawkesKernel kernel : {HawkesKernel{}, power_law(3.0, 0.5), power_law(0.5, 1.7)}) {
    Rng rng(hash_combine(3, "kernel"));
    std::vector<double> draws(20000);
    for (double& d : draws) d = kernel.sample_offset(rng);
    std::sort(draws.begin(), draws.end());
    double ks = 0.0;
    const double n = static_cast<double>(draws.size());
    for (std::size_t i = 0; i < draws.size(); ++i) {
      const double f = 1.0 - kernel.survival(draws[i]);
      ks = std::max({ks, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
    }
    CHECK(ks < 1.949 / std::sqrt(n));
  }
}

TEST_CASE("demand::thinning: a 100x spike costs about its own arrivals", "[models]") {
  // Baseline 1/s for 10^4 s and a 100x spike of 10 s: the spike holds ~1000 of
  // the ~11000 arrivals. A single bound over the run would draw ~10^6 candidates.
  const auto curve = std::make_shared<SumCurve>(std::vector<RateCurvePtr>{
      testing::constant(1.0),
      std::make_shared<ShockCurve>(5000.0, 100.0, ShockDecay::kExponential, 10.0, 1.0)});
  ThinnedPoisson process(curve, Rng(77), from_seconds(1e4));
  while (std::isfinite(process.next_s())) {
  }
  const double efficiency =
      static_cast<double>(process.arrivals()) / static_cast<double>(process.candidates());
  INFO("arrivals " << process.arrivals() << " candidates " << process.candidates() << " windows "
                   << process.windows());
  CHECK(efficiency > 0.9);
  CHECK(process.windows() < process.arrivals() / 4);
}

TEST_CASE("demand::thinning: a zero rate costs no candidates", "[models]") {
  const auto curve = std::make_shared<ShockCurve>(500.0, 10.0, ShockDecay::kExponential, 5.0, 1.0);
  ThinnedPoisson process(curve, Rng(1), from_seconds(400.0));
  CHECK(!std::isfinite(process.next_s()));
  CHECK(process.candidates() == 0);
}

}  // namespace
}  // namespace surge::demand
