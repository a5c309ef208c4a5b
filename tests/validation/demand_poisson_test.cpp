// Non-homogeneous Poisson arrivals by thinning against theory (docs/validation.md,
// "Arrivals"): the count on [t0, t1] is Poisson(Lambda(t0, t1)).
// - over the whole horizon, for several seeds, the count lies in the central
//   99.9% interval of Poisson(Lambda) (exact quantiles, Boost.Math);
// - per interval, Pearson's chi-square of the counts against Lambda per interval
//   (intervals pooled to expect >= 5; k pooled bins give k degrees of freedom,
//   nothing being fitted) stays below its 0.999 quantile.
// Every curve kind of docs/model.md, and the flagship curves of configs/.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "models/demand/thinned_poisson.hpp"
#include "sim/kernel/hash.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "tests/validation/demand_support.hpp"

namespace surge::demand {
namespace {

using testing::NamedCurve;

// The catalogue and the rate curves of the flagship scenarios.
std::vector<NamedCurve> curves_under_test() {
  std::vector<NamedCurve> out = testing::curve_catalogue();
  for (const char* config : {"app-store-surge.json", "news-shock.json"}) {
    const auto loaded =
        scenario::load_scenario_file(std::string(SURGE_SOURCE_DIR) + "/configs/" + config, {});
    REQUIRE(loaded.scenario);
    const auto& graph = loaded.scenario->graph;
    for (const auto& w : graph.workloads) {
      if (w.arrivals.kind == ArrivalSpec::Kind::kRate && w.arrivals.rate) {
        out.push_back({std::string(config) + ":" + w.name, w.arrivals.rate, graph.duration_s});
      }
    }
  }
  return out;
}

std::vector<double> arrival_times(const NamedCurve& named, std::uint64_t seed) {
  ThinnedPoisson process(named.curve, Rng(hash_combine(seed, named.name)),
                         from_seconds(named.horizon_s));
  std::vector<double> out;
  for (double t = process.next_s(); std::isfinite(t); t = process.next_s()) out.push_back(t);
  return out;
}

TEST_CASE("demand::poisson: the count over the horizon lies in the Poisson interval of Lambda",
          "[validation]") {
  for (const auto& named : curves_under_test()) {
    const double lambda = named.curve->integral(0.0, named.horizon_s);
    const auto interval = testing::poisson_interval(lambda);
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
      const double count = static_cast<double>(arrival_times(named, seed).size());
      INFO(named.name << " seed " << seed << ": " << count << " arrivals, Lambda " << lambda
                      << ", 99.9% interval [" << interval.lo << ", " << interval.hi << "]");
      CHECK(interval.contains(count));
    }
  }
}

TEST_CASE("demand::poisson: counts per interval pass a chi-square test against Lambda",
          "[validation]") {
  constexpr int kIntervals = 120;
  for (const auto& named : curves_under_test()) {
    const double width = named.horizon_s / kIntervals;
    std::vector<double> expected(kIntervals);
    for (int k = 0; k < kIntervals; ++k) {
      expected[k] = named.curve->integral(k * width, (k + 1) * width);
    }
    for (std::uint64_t seed = 11; seed <= 12; ++seed) {
      std::vector<double> observed(kIntervals, 0.0);
      for (double t : arrival_times(named, seed)) {
        observed[std::min(kIntervals - 1, static_cast<int>(t / width))] += 1.0;
      }
      const auto result = testing::chi_square(observed, expected);
      INFO(named.name << " seed " << seed << ": chi-square " << result.statistic << " on "
                      << result.bins << " bins, critical " << result.critical);
      CHECK(result.bins >= 20);
      CHECK(result.statistic < result.critical);
    }
  }
}

}  // namespace
}  // namespace surge::demand
