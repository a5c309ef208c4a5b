// The sweep's 95% confidence intervals cover the true mean 95% of the time.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "sim/sweep/sweep_runner.hpp"
#include "sim/sweep/sweep_spec.hpp"

TEST_CASE("sweep::coverage: the ci95 of a Poisson arrival count covers lambda T 95% of the time",
          "[sweep][validation]") {
  // A quantity whose mean is exact from the first instant: the arrivals of a
  // Poisson process of rate 40/s over 5 s number Poisson(200) (no warm-up bias,
  // unlike a queue's sojourn time that starts empty). 1000 sweeps, each with its
  // own base seed, of one point x 10 replications (about 2 s).
  constexpr int kSweeps = 1000;
  constexpr double kRate = 40.0, kDuration = 5.0;
  int covered = 0;
  for (int k = 0; k < kSweeps; ++k) {
    const std::string text = fmt::format(R"({{"base": {{"name": "mm1", "seed": {}, "duration_s": {},
        "services": {{"s": {{"instances": 1, "workers": 1,
           "endpoints": {{"e": {{"work": {{"dist": "exponential", "mean_s": 0.01}}}}}}}}}},
        "workloads": {{"w": {{"entry": "s.e", "rate": {{"constant": {}}}}}}}}},
      "parameters": {{}}, "replications": 10,
      "metrics": {{"offered": "/workloads/w/offered"}}}})",
                                         k, kDuration, kRate);
    const auto load = surge::sweep::load_sweep_text(text, "");
    REQUIRE(load.spec);
    const auto outcome = surge::sweep::run_sweep(*load.spec, {});
    REQUIRE(outcome.results);
    const auto& ci = (*outcome.results)["points"][0]["metrics"]["offered"]["ci95"];
    const double truth = kRate * kDuration;
    covered += ci[0].get<double>() <= truth && truth <= ci[1].get<double>() ? 1 : 0;
  }
  // Binomial(1000, 0.95): 950 +- 3.29 sd = 950 +- 23, a 99.9% band; a 99% interval (~990) or
  // replications that share their randomness (far fewer) fall outside.
  const double sd = std::sqrt(kSweeps * 0.95 * 0.05);
  INFO("covered " << covered << " of " << kSweeps);
  CHECK(std::abs(covered - 0.95 * kSweeps) <= 3.29 * sd);
}
