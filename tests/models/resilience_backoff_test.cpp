// Backoff against the AWS "Exponential Backoff And Jitter" definitions: exact plain
// delays, overflow-free saturation at the cap, and each jitter mode's distribution
// checked against its uniform law (mean, variance, Kolmogorov-Smirnov) at 99.9%.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "models/resilience/backoff.hpp"
#include "sim/kernel/rng.hpp"

namespace surge::resilience {
namespace {

constexpr double kZ = 3.29;               // two-sided 99.9%
constexpr double kKsCritical = 1.9495;    // sqrt(ln(2 / 0.001) / 2): KS at 99.9%
constexpr int kDraws = 100'000;

// Largest gap between the empirical CDF of `x` and the uniform CDF on [lo, hi].
double ks_uniform(std::vector<double> x, double lo, double hi) {
  std::sort(x.begin(), x.end());
  const auto n = static_cast<double>(x.size());
  double d = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double f = std::clamp((x[i] - lo) / (hi - lo), 0.0, 1.0);
    d = std::max({d, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
  }
  return d;
}

// Checks that `x` looks uniform on [lo, hi]: bounds, mean, variance, KS.
void require_uniform(const std::vector<double>& x, double lo, double hi) {
  const auto n = static_cast<double>(x.size());
  double sum = 0;
  for (double v : x) {
    REQUIRE(v >= lo);
    REQUIRE(v <= hi);
    sum += v;
  }
  const double mean = sum / n;
  double ss = 0;
  for (double v : x) ss += (v - mean) * (v - mean);
  const double var = ss / (n - 1);
  const double a = hi - lo;
  // Uniform of width a: variance a^2/12; (X - mu)^2 has variance a^4/180.
  CHECK(std::abs(mean - (lo + hi) / 2) <= kZ * a / std::sqrt(12 * n));
  CHECK(std::abs(var - a * a / 12) <= kZ * a * a / std::sqrt(180 * n));
  CHECK(ks_uniform(x, lo, hi) <= kKsCritical / std::sqrt(n));
}

TEST_CASE("models::resilience::backoff: without jitter the delays are exact", "[models]") {
  Rng rng(1);
  BackoffSpec exp{BackoffKind::kExponential, 0.1, 10.0, Jitter::kNone};
  const double expected[] = {0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 10.0, 10.0, 10.0};
  for (std::uint32_t retry = 1; retry <= 10; ++retry)
    CHECK(backoff_delay_s(exp, retry, 0.0, rng) == expected[retry - 1]);

  BackoffSpec constant{BackoffKind::kConstant, 0.3, 10.0, Jitter::kNone};
  for (std::uint32_t retry = 1; retry <= 5; ++retry)
    CHECK(backoff_delay_s(constant, retry, 0.0, rng) == 0.3);
  constant.base_s = 3.0;
  constant.cap_s = 2.0;
  CHECK(backoff_delay_s(constant, 1, 0.0, rng) == 2.0);

  // Kind none waits nothing, whatever the jitter.
  for (Jitter j : {Jitter::kNone, Jitter::kFull, Jitter::kEqual, Jitter::kDecorrelated})
    CHECK(backoff_delay_s(BackoffSpec{BackoffKind::kNone, 0.1, 10.0, j}, 3, 1.0, rng) == 0.0);
  CHECK(rng.draws() == 0);  // nothing jittered, nothing drawn
}

TEST_CASE("models::resilience::backoff: exponential saturates at the cap for any retry count",
          "[models]") {
  Rng rng(2);
  const std::uint32_t huge[] = {64, 1024, 1025, 3000, std::numeric_limits<std::uint32_t>::max()};
  for (std::uint32_t retry : huge) {
    CHECK(backoff_delay_s({BackoffKind::kExponential, 0.1, 7.5, Jitter::kNone}, retry, 0, rng) ==
          7.5);
    const double full =
        backoff_delay_s({BackoffKind::kExponential, 0.1, 7.5, Jitter::kFull}, retry, 0, rng);
    CHECK(std::isfinite(full));
    CHECK(full <= 7.5);
  }
  // Even the smallest positive base, 2^-1074, reaches the cap once 2^(n-1) outgrows it.
  const BackoffSpec tiny{BackoffKind::kExponential, std::numeric_limits<double>::denorm_min(),
                         7.5, Jitter::kNone};
  CHECK(plain_backoff_s(tiny, 1025) == 0x1p-50);
  CHECK(plain_backoff_s(tiny, 3000) == 7.5);
  CHECK(plain_backoff_s(tiny, std::numeric_limits<std::uint32_t>::max()) == 7.5);
  // Retry 0 is outside the contract; it is read as the first retry, never as 2^(2^32 - 1).
  CHECK(backoff_delay_s({BackoffKind::kExponential, 0.1, 7.5, Jitter::kNone}, 0, 0, rng) == 0.1);
}

TEST_CASE("models::resilience::backoff: full jitter is uniform on [0, plain]", "[models]") {
  const BackoffSpec spec{BackoffKind::kExponential, 0.1, 10.0, Jitter::kFull};
  Rng rng(3);
  std::vector<double> x;
  for (int i = 0; i < kDraws; ++i) x.push_back(backoff_delay_s(spec, 4, 0.0, rng));
  CHECK(rng.draws() == static_cast<std::uint64_t>(kDraws));  // one draw per delay
  require_uniform(x, 0.0, 0.8);
}

TEST_CASE("models::resilience::backoff: equal jitter is uniform on [plain/2, plain]",
          "[models]") {
  const BackoffSpec spec{BackoffKind::kConstant, 0.6, 10.0, Jitter::kEqual};
  Rng rng(4);
  std::vector<double> x;
  for (int i = 0; i < kDraws; ++i) x.push_back(backoff_delay_s(spec, 7, 0.0, rng));
  require_uniform(x, 0.3, 0.6);
}

TEST_CASE("models::resilience::backoff: decorrelated jitter is uniform on [base, 3 previous]",
          "[models]") {
  Rng rng(5);
  std::vector<double> x;
  // Ignores constant vs exponential and the retry number: only base, previous, cap.
  const BackoffSpec spec{BackoffKind::kConstant, 0.1, 10.0, Jitter::kDecorrelated};
  for (int i = 0; i < kDraws; ++i)
    x.push_back(backoff_delay_s(spec, static_cast<std::uint32_t>(1 + i % 9), 0.5, rng));
  require_uniform(x, 0.1, 1.5);  // mean (base + 3 previous) / 2 = 0.8

  // Before the first retry (previous = base, or anything smaller): uniform(base, 3 base).
  x.clear();
  const BackoffSpec exp{BackoffKind::kExponential, 0.1, 10.0, Jitter::kDecorrelated};
  for (int i = 0; i < kDraws; ++i) x.push_back(backoff_delay_s(exp, 1, i % 2 ? 0.0 : 0.1, rng));
  require_uniform(x, 0.1, 0.3);
}

TEST_CASE("models::resilience::backoff: decorrelated jitter is capped", "[models]") {
  // uniform(0.1, 6) capped at 3: P(delay == cap) = (6 - 3) / (6 - 0.1), and below the cap
  // the delay is uniform on [0.1, 3).
  const BackoffSpec spec{BackoffKind::kExponential, 0.1, 3.0, Jitter::kDecorrelated};
  Rng rng(6);
  std::vector<double> below;
  int at_cap = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double d = backoff_delay_s(spec, 2, 2.0, rng);
    REQUIRE(d <= 3.0);
    if (d == 3.0)
      ++at_cap;
    else
      below.push_back(d);
  }
  const double p = 3.0 / 5.9;
  CHECK(std::abs(at_cap / double{kDraws} - p) <= kZ * std::sqrt(p * (1 - p) / kDraws));
  require_uniform(below, 0.1, 3.0);

  // A chain that feeds each delay back stays within [base, cap].
  double previous = spec.base_s;
  for (std::uint32_t retry = 1; retry <= 1000; ++retry) {
    previous = backoff_delay_s(spec, retry, previous, rng);
    REQUIRE(previous >= 0.1);
    REQUIRE(previous <= 3.0);
  }
}

}  // namespace
}  // namespace surge::resilience
