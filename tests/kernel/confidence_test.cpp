#include "sim/kernel/confidence.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "sim/kernel/distribution.hpp"

namespace surge {

TEST_CASE("kernel::confidence: Student t quantiles from tables", "[kernel]") {
  CHECK(student_t_quantile(0.95, 10) == Approx(2.228).margin(5e-4));
  CHECK(student_t_quantile(0.99, 5) == Approx(4.032).margin(5e-4));
  CHECK(student_t_quantile(0.999, 30) == Approx(3.646).margin(5e-4));
  CHECK(student_t_quantile(0.95, 1e6) == Approx(1.960).margin(5e-4));  // the normal limit
}

TEST_CASE("kernel::confidence: hand-computed interval", "[kernel]") {
  // Mean 3, sample sd sqrt(2.5), t_{0.975, 4} = 2.7764451.
  const ConfidenceInterval ci = student_t_interval({1, 2, 3, 4, 5}, 0.95);
  CHECK(ci.mean == 3.0);
  CHECK(ci.half_width == Approx(2.7764451 * std::sqrt(2.5 / 5)).epsilon(1e-6));
  CHECK(ci.contains(1.5));
  CHECK_FALSE(ci.contains(0.9));
  CHECK(ci.lo() == Approx(3.0 - ci.half_width));
  const ConfidenceInterval one = student_t_interval({4.0}, 0.95);
  CHECK(one.mean == 4.0);
  CHECK(std::isinf(one.half_width));
}

TEST_CASE("kernel::confidence: intervals cover the true mean at their level", "[kernel]") {
  // 2000 intervals of 30 exponential draws at 95%. Coverage is Binomial(2000, p);
  // t intervals on skewed data run slightly short (p about 0.93 for n = 30), so the
  // band is [0.92, 0.97] widened by 3.29 binomial standard deviations (0.016).
  const int reps = 2000;
  const Distribution d = Distribution::exponential(2.0);
  int covered = 0;
  for (int r = 0; r < reps; ++r) {
    Rng rng(hash_combine(hash_name("kernel/confidence/coverage"), static_cast<std::uint64_t>(r)));
    std::vector<double> xs(30);
    for (double& x : xs) x = d.sample(rng);
    if (student_t_interval(xs, 0.95).contains(2.0)) ++covered;
  }
  const double coverage = covered / static_cast<double>(reps);
  INFO("coverage " << coverage);
  CHECK(coverage >= 0.92 - 0.016);
  CHECK(coverage <= 0.97 + 0.016);
}

TEST_CASE("kernel::confidence: batch means group consecutive values", "[kernel]") {
  BatchMeans bm(3);
  for (double x : {1.0, 2.0, 3.0, 10.0, 20.0, 30.0, 99.0}) bm.add(x);
  REQUIRE(bm.batches() == 2);  // the incomplete batch {99} is left out
  CHECK(bm.batch_means()[0] == 2.0);
  CHECK(bm.batch_means()[1] == 20.0);
  const ConfidenceInterval ci = bm.interval(0.95);
  const ConfidenceInterval ref = student_t_interval({2.0, 20.0}, 0.95);
  CHECK(ci.mean == ref.mean);
  CHECK(ci.half_width == ref.half_width);
  CHECK(std::isinf(BatchMeans(5).interval(0.95).half_width));
}

TEST_CASE("kernel::confidence: batch means cover the mean of a correlated series", "[kernel]") {
  // AR(1) x_t = phi x_{t-1} + e_t with phi = 0.9 and mean 0: its correlation time
  // (1 + phi)/(1 - phi) = 19 steps is far below the batch size 2000, so 50 batch
  // means are nearly i.i.d. The naive i.i.d. interval over the raw series is
  // sqrt(19) times too narrow.
  const double phi = 0.9;
  Rng rng(hash_name("kernel/confidence/ar1"));
  const Distribution noise = Distribution::uniform(0, 1);
  BatchMeans bm(2000);
  std::vector<double> raw;
  double x = 0.0;
  for (int t = 0; t < 100'000; ++t) {
    x = phi * x + (noise.sample(rng) - 0.5);
    bm.add(x);
    raw.push_back(x);
  }
  const ConfidenceInterval ci = bm.interval(0.999);
  INFO("batch means " << ci.mean << " +- " << ci.half_width);
  CHECK(bm.batches() == 50);
  CHECK(ci.contains(0.0));
  const double naive = student_t_interval(raw, 0.999).half_width;
  CHECK(ci.half_width > 2.5 * naive);
}

}  // namespace surge
