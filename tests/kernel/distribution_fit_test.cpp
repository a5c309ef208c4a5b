// Goodness of fit of every sampler at alpha = 0.001: Kolmogorov–Smirnov against
// Distribution::cdf for the continuous laws, Pearson's chi-square against the pmf
// for the counts. The pmfs come from Boost.Math or the textbook formula, not from
// the code under test.
#include <algorithm>
#include <boost/math/distributions/poisson.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "sim/kernel/distribution.hpp"
#include "tests/kernel/stat_checks.hpp"

namespace surge {
namespace {

constexpr int kDraws = 200'000;

std::vector<double> draw(const Distribution& d, std::string_view stream) {
  Rng rng(hash_combine(hash_name("kernel/fit"), stream));
  std::vector<double> xs(kDraws);
  for (double& x : xs) x = d.sample(rng);
  return xs;
}

std::vector<std::int64_t> draw_counts(const Distribution& d, std::string_view stream) {
  std::vector<std::int64_t> ks;
  for (double x : draw(d, stream)) {
    REQUIRE(x == std::floor(x));
    ks.push_back(static_cast<std::int64_t>(x));
  }
  return ks;
}

}  // namespace

TEST_CASE("kernel::distribution: continuous samplers pass Kolmogorov-Smirnov", "[kernel]") {
  const std::vector<std::pair<std::string, Distribution>> cases = {
      {"exponential(2.5)", Distribution::exponential(2.5)},
      {"uniform(1, 4)", Distribution::uniform(1, 4)},
      {"lognormal(2, 0.5)", Distribution::lognormal(2, 0.5)},
      {"lognormal(0.3, 3)", Distribution::lognormal(0.3, 3)},
      {"gamma(3, 0.5) k=4", Distribution::gamma(3, 0.5)},
      {"gamma(1, 1) k=1", Distribution::gamma(1, 1)},
      {"gamma(2, 2) k=0.25", Distribution::gamma(2, 2)},
      {"gamma(2, 1.1) k=0.83", Distribution::gamma(2, 1.1)},
      {"hyperexponential(1, 2)", Distribution::hyperexponential(1, 2)},
      {"hyperexponential(3, 10)", Distribution::hyperexponential(3, 10)},
      {"empirical", Distribution::empirical({{0.0, 0.1}, {0.5, 0.4}, {0.9, 1.0}, {1.0, 10.0}})},
  };
  const double critical = testing::kKs999 / std::sqrt(static_cast<double>(kDraws));
  for (const auto& [name, dist] : cases) {
    const double d =
        testing::ks_statistic(draw(dist, name), [&dist = dist](double x) { return dist.cdf(x); });
    INFO(name << ": D = " << d << ", critical " << critical);
    CHECK(d < critical);
  }
}

TEST_CASE("kernel::distribution: geometric passes chi-square", "[kernel]") {
  for (double mean : {1.5, 8.0, 100.0}) {
    const double p = 1.0 / mean;
    const auto result = testing::chi_square(
        draw_counts(Distribution::geometric(mean), "geometric" + std::to_string(mean)), 1,
        [p](std::int64_t k) { return p * std::pow(1 - p, static_cast<double>(k - 1)); },
        [p](std::int64_t k) { return std::pow(1 - p, static_cast<double>(k)); });
    INFO("geometric(" << mean << "): chi2 = " << result.statistic << " on " << result.bins
                      << " bins, critical " << result.critical);
    CHECK(result.bins >= 3);
    CHECK(result.statistic < result.critical);
  }
}

TEST_CASE("kernel::distribution: poisson passes chi-square on both algorithms", "[kernel]") {
  // Below 30 the sampler inverts the CDF, from 30 on it uses PTRS.
  for (double mean : {0.7, 4.0, 29.5, 30.0, 250.0, 1e5}) {
    const boost::math::poisson_distribution<double> law(mean);
    const auto result = testing::chi_square(
        draw_counts(Distribution::poisson(mean), "poisson" + std::to_string(mean)),
        // The head below mean - 8 sd (probability negligible) is one bin.
        std::max<std::int64_t>(0, static_cast<std::int64_t>(mean - 8 * std::sqrt(mean))),
        [&law](std::int64_t k) { return boost::math::pdf(law, static_cast<double>(k)); },
        [&law](std::int64_t k) {
          return boost::math::cdf(boost::math::complement(law, static_cast<double>(k)));
        });
    INFO("poisson(" << mean << "): chi2 = " << result.statistic << " on " << result.bins
                    << " bins, critical " << result.critical);
    CHECK(result.bins >= 3);
    CHECK(result.statistic < result.critical);
  }
}

}  // namespace surge
