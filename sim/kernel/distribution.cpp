// The samplers of Distribution. Each one is a published algorithm over Rng's
// uniforms, written out here so that the same key gives the same draws with any
// standard library (docs/model.md, "Randomness"). The number of uniforms a sampler
// consumes is part of its algorithm and is pinned by the known-answer tests:
//
//   deterministic 0; exponential, uniform, empirical, geometric 1; lognormal,
//   hyperexponential 2; poisson 1 below kPoissonInversionLimit, else 2 per trial
//   of the rejection loop; gamma 3 per trial of its rejection loop (2 more for each
//   normal redrawn because 1 + c x <= 0), plus 1 when the shape is below 1.
//
// Parameters by kind (p0_ .. p3_):
//   exponential       p0 mean
//   deterministic     p0 value
//   uniform           p0 min, p1 max
//   lognormal         p0 mu, p1 sigma (of the underlying normal)
//   gamma             p0 shape k, p1 scale, p2 d = k' - 1/3, p3 c = 1/sqrt(9 d),
//                     k' = k + 1 when k < 1 (then boosted, see sample_gamma)
//   hyperexponential  p0 probability of phase 1, p1 mean of phase 1, p2 mean of phase 2
//   empirical         table_ of (p, value)
//   geometric         p0 mean, p1 log(1 - 1/mean)
//   poisson           p0 mean, p1 exp(-mean) (inversion) or sqrt(mean) (PTRS)
#include "sim/kernel/distribution.hpp"

#include <algorithm>
#include <array>
#include <boost/math/special_functions/erf.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <limits>
#include <numbers>

#include "sim/kernel/assert.hpp"

namespace surge {
namespace {

// Below this mean, Poisson draws are by sequential inversion (about mean + 1
// comparisons); above, by Hörmann's PTRS, whose constants are fitted for mean >= 10.
constexpr double kPoissonInversionLimit = 30.0;

// sample_count() saturates here rather than overflow: 2^53, beyond which doubles
// no longer hold every integer.
constexpr double kMaxCount = 9007199254740992.0;

// A standard normal by the Box–Muller transform (Box and Muller 1958), one output
// per call so that every normal costs exactly two uniforms.
double standard_normal(Rng& rng) {
  const double radius = std::sqrt(-2.0 * std::log(rng.uniform_open01()));
  return radius * std::cos(2.0 * std::numbers::pi * rng.uniform01());
}

// Gamma(shape, 1) by Marsaglia and Tsang, "A simple method for generating gamma
// variables", ACM TOMS 26(3), 2000. For shape < 1 it draws Gamma(shape + 1) and
// multiplies by u^(1/shape), the boost the same paper gives. d and c are
// precomputed for the shape actually sampled (shape + 1 when boosted).
double sample_gamma(double shape, double d, double c, Rng& rng) {
  double draw = 0.0;
  for (;;) {
    double x = 0.0;
    double v = 0.0;
    do {
      x = standard_normal(rng);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = rng.uniform_open01();
    const double x2 = x * x;
    // Squeeze first, then the exact log test.
    if (u < 1.0 - 0.0331 * x2 * x2 || std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) {
      draw = d * v;
      break;
    }
  }
  if (shape < 1.0) draw *= std::pow(rng.uniform_open01(), 1.0 / shape);
  return draw;
}

// log(k!) for a whole number k >= 0: exact factorials while they fit a double
// exactly, then Stirling's series to the x^-7 term (error below 4e-13 from x = 11).
double log_factorial(double k) {
  static constexpr std::array<double, 11> kFactorials = {
      1.0, 1.0, 2.0, 6.0, 24.0, 120.0, 720.0, 5040.0, 40320.0, 362880.0, 3628800.0};
  if (k < static_cast<double>(kFactorials.size())) {
    return std::log(kFactorials[static_cast<std::size_t>(k)]);
  }
  const double x = k + 1.0;  // log(k!) = lgamma(x)
  const double inv = 1.0 / x;
  const double inv2 = inv * inv;
  const double series =
      inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 * (1.0 / 1260.0 - inv2 / 1680.0)));
  return (x - 0.5) * std::log(x) - x + 0.5 * std::log(2.0 * std::numbers::pi) + series;
}

// Poisson by sequential search of the CDF (Devroye 1986, X.3.3): one uniform.
double sample_poisson_inversion(double mean, double exp_minus_mean, Rng& rng) {
  const double u = rng.uniform01();
  double k = 0.0;
  double pmf = exp_minus_mean;
  double cdf = pmf;
  // `pmf > 0` ends the search if rounding leaves the summed CDF below u.
  while (u > cdf && pmf > 0.0) {
    k += 1.0;
    pmf *= mean / k;
    cdf += pmf;
  }
  return k;
}

// Poisson by transformed rejection with squeeze: PTRS of W. Hörmann, "The
// transformed rejection method for generating Poisson random variables",
// Insurance: Mathematics and Economics 12(1), 1993, 39-45. Valid for mean >= 10.
double sample_poisson_ptrs(double mean, double sqrt_mean, Rng& rng) {
  const double log_mean = std::log(mean);
  const double b = 0.931 + 2.53 * sqrt_mean;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double v_r = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    // Open uniforms keep us > 0, so 2a/us stays finite.
    const double u = rng.uniform_open01() - 0.5;
    const double v = rng.uniform_open01();
    const double us = 0.5 - std::abs(u);
    const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= v_r) return k;
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    if (std::log(v * inv_alpha / (a / (us * us) + b)) <= -mean + k * log_mean - log_factorial(k)) {
      return k;
    }
  }
}

bool finite(double x) { return std::isfinite(x); }

// Boost.Math evaluates double functions in long double by default; in double they
// are several times faster and still accurate to a few ulps, enough for a CDF.
using CdfPolicy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

}  // namespace

Distribution Distribution::exponential(double mean) {
  SURGE_ASSERT(finite(mean) && mean > 0.0);
  Distribution d;
  d.kind_ = DistKind::kExponential;
  d.p0_ = mean;
  return d;
}

Distribution Distribution::deterministic(double value) {
  SURGE_ASSERT(finite(value) && value >= 0.0);
  Distribution d;
  d.kind_ = DistKind::kDeterministic;
  d.p0_ = value;
  return d;
}

Distribution Distribution::uniform(double min, double max) {
  SURGE_ASSERT(finite(min) && finite(max) && min >= 0.0 && min <= max);
  Distribution d;
  d.kind_ = DistKind::kUniform;
  d.p0_ = min;
  d.p1_ = max;
  return d;
}

// X = exp(mu + sigma Z) has mean exp(mu + sigma^2/2) and cv^2 = exp(sigma^2) - 1,
// hence sigma^2 = ln(1 + cv^2) and mu = ln(mean) - sigma^2 / 2.
Distribution Distribution::lognormal(double mean, double cv) {
  SURGE_ASSERT(finite(mean) && finite(cv) && mean > 0.0 && cv > 0.0);
  const double sigma2 = std::log1p(cv * cv);
  Distribution d;
  d.kind_ = DistKind::kLognormal;
  d.p0_ = std::log(mean) - 0.5 * sigma2;
  d.p1_ = std::sqrt(sigma2);
  return d;
}

// Gamma(k, theta) has cv^2 = 1/k and mean k theta.
Distribution Distribution::gamma(double mean, double cv) {
  SURGE_ASSERT(finite(mean) && finite(cv) && mean > 0.0 && cv > 0.0);
  const double shape = 1.0 / (cv * cv);
  const double sampled_shape = shape < 1.0 ? shape + 1.0 : shape;
  Distribution d;
  d.kind_ = DistKind::kGamma;
  d.p0_ = shape;
  d.p1_ = mean / shape;
  d.p2_ = sampled_shape - 1.0 / 3.0;
  d.p3_ = 1.0 / std::sqrt(9.0 * d.p2_);
  SURGE_ASSERT(finite(d.p1_) && d.p1_ > 0.0 && finite(d.p3_));
  return d;
}

// Two exponential phases with balanced means, p1/rate1 = p2/rate2 = mean/2
// (Whitt 1982; Allen, "Probability, Statistics and Queueing Theory", 1990):
// p1 = (1 + sqrt((cv^2 - 1)/(cv^2 + 1)))/2, rate_i = 2 p_i / mean.
Distribution Distribution::hyperexponential(double mean, double cv) {
  SURGE_ASSERT(finite(mean) && finite(cv) && mean > 0.0 && cv > 1.0);
  const double cv2 = cv * cv;
  const double p1 = 0.5 * (1.0 + std::sqrt((cv2 - 1.0) / (cv2 + 1.0)));
  Distribution d;
  d.kind_ = DistKind::kHyperexponential;
  d.p0_ = p1;
  d.p1_ = mean / (2.0 * p1);          // 1 / rate1
  d.p2_ = mean / (2.0 * (1.0 - p1));  // 1 / rate2
  SURGE_ASSERT(p1 < 1.0 && finite(d.p2_));
  return d;
}

Distribution Distribution::empirical(std::vector<std::pair<double, double>> quantiles) {
  SURGE_ASSERT(quantiles.size() >= 2);
  SURGE_ASSERT(quantiles.front().first == 0.0 && quantiles.back().first == 1.0);
  for (std::size_t i = 0; i < quantiles.size(); ++i) {
    SURGE_ASSERT(finite(quantiles[i].second));
    if (i == 0) continue;
    SURGE_ASSERT_MSG(quantiles[i].first > quantiles[i - 1].first, "p must increase strictly");
    SURGE_ASSERT_MSG(quantiles[i].second >= quantiles[i - 1].second, "values must not decrease");
  }
  Distribution d;
  d.kind_ = DistKind::kEmpirical;
  d.table_ = std::move(quantiles);
  return d;
}

// p = 1/mean; P(X > k) = (1 - p)^k.
Distribution Distribution::geometric(double mean) {
  SURGE_ASSERT(finite(mean) && mean >= 1.0);
  Distribution d;
  d.kind_ = DistKind::kGeometric;
  d.p0_ = mean;
  d.p1_ = std::log1p(-1.0 / mean);  // -inf when mean == 1
  return d;
}

Distribution Distribution::poisson(double mean) {
  SURGE_ASSERT(finite(mean) && mean >= 0.0);
  Distribution d;
  d.kind_ = DistKind::kPoisson;
  d.p0_ = mean;
  d.p1_ = mean < kPoissonInversionLimit ? std::exp(-mean) : std::sqrt(mean);
  return d;
}

double Distribution::sample(Rng& rng) const {
  switch (kind_) {
    case DistKind::kExponential:
      // Inversion: -mean ln(u), u in (0, 1).
      return -p0_ * std::log(rng.uniform_open01());
    case DistKind::kDeterministic:
      return p0_;
    case DistKind::kUniform:
      return p0_ + (p1_ - p0_) * rng.uniform01();
    case DistKind::kLognormal:
      return std::exp(p0_ + p1_ * standard_normal(rng));
    case DistKind::kGamma:
      return p1_ * sample_gamma(p0_, p2_, p3_, rng);
    case DistKind::kHyperexponential: {
      // Composition: choose the phase, then invert its exponential.
      const double phase_mean = rng.uniform01() < p0_ ? p1_ : p2_;
      return -phase_mean * std::log(rng.uniform_open01());
    }
    case DistKind::kEmpirical: {
      // Inverse CDF, linear between the table's points: find p_i <= u < p_{i+1}.
      const double u = rng.uniform01();
      const auto upper = std::upper_bound(table_.begin(), table_.end(), u,
                                          [](double x, const auto& row) { return x < row.first; });
      const auto& [p_hi, v_hi] = *upper;  // exists: the last p is 1 > u
      const auto& [p_lo, v_lo] = *(upper - 1);
      return v_lo + (v_hi - v_lo) * ((u - p_lo) / (p_hi - p_lo));
    }
    case DistKind::kGeometric: {
      // Inversion (Devroye 1986, X.2): ceil(ln u / ln(1 - p)), always one draw.
      const double u = rng.uniform_open01();
      if (p0_ == 1.0) return 1.0;
      return std::max(1.0, std::ceil(std::log(u) / p1_));
    }
    case DistKind::kPoisson:
      if (p0_ < kPoissonInversionLimit) return sample_poisson_inversion(p0_, p1_, rng);
      return sample_poisson_ptrs(p0_, p1_, rng);
  }
  SURGE_ASSERT_MSG(false, "unknown distribution kind");
  return 0.0;
}

std::int64_t Distribution::sample_count(Rng& rng) const {
  const double x = sample(rng);
  // std::llround rounds halves away from zero, the same everywhere.
  return std::llround(std::clamp(x, 1.0, kMaxCount));
}

double Distribution::mean() const {
  switch (kind_) {
    case DistKind::kExponential:
    case DistKind::kDeterministic:
    case DistKind::kGeometric:
    case DistKind::kPoisson:
      return p0_;
    case DistKind::kUniform:
      return 0.5 * (p0_ + p1_);
    case DistKind::kLognormal:
      return std::exp(p0_ + 0.5 * p1_ * p1_);
    case DistKind::kGamma:
      return p0_ * p1_;
    case DistKind::kHyperexponential:
      return p0_ * p1_ + (1.0 - p0_) * p2_;
    case DistKind::kEmpirical: {
      // The integral of the inverse CDF: trapezoids.
      double sum = 0.0;
      for (std::size_t i = 1; i < table_.size(); ++i) {
        const double dp = table_[i].first - table_[i - 1].first;
        sum += dp * 0.5 * (table_[i - 1].second + table_[i].second);
      }
      return sum;
    }
  }
  SURGE_ASSERT_MSG(false, "unknown distribution kind");
  return 0.0;
}

double Distribution::variance() const {
  switch (kind_) {
    case DistKind::kExponential:
      return p0_ * p0_;
    case DistKind::kDeterministic:
      return 0.0;
    case DistKind::kUniform:
      return (p1_ - p0_) * (p1_ - p0_) / 12.0;
    case DistKind::kLognormal: {
      const double sigma2 = p1_ * p1_;
      return std::expm1(sigma2) * std::exp(2.0 * p0_ + sigma2);
    }
    case DistKind::kGamma:
      return p0_ * p1_ * p1_;
    case DistKind::kHyperexponential: {
      // E[X^2] = 2 sum p_i / rate_i^2.
      const double m = mean();
      return 2.0 * (p0_ * p1_ * p1_ + (1.0 - p0_) * p2_ * p2_) - m * m;
    }
    case DistKind::kEmpirical: {
      // On a segment the value runs linearly from a to b, so E[X^2] gains
      // dp (a^2 + a b + b^2) / 3.
      double second = 0.0;
      for (std::size_t i = 1; i < table_.size(); ++i) {
        const double dp = table_[i].first - table_[i - 1].first;
        const double a = table_[i - 1].second;
        const double b = table_[i].second;
        second += dp * (a * a + a * b + b * b) / 3.0;
      }
      const double m = mean();
      return std::max(0.0, second - m * m);
    }
    case DistKind::kGeometric:
      return p0_ * (p0_ - 1.0);  // (1 - p) / p^2 with p = 1/mean
    case DistKind::kPoisson:
      return p0_;
  }
  SURGE_ASSERT_MSG(false, "unknown distribution kind");
  return 0.0;
}

double Distribution::cdf(double x) const {
  SURGE_ASSERT(!std::isnan(x));
  switch (kind_) {
    case DistKind::kExponential:
      return x <= 0.0 ? 0.0 : -std::expm1(-x / p0_);
    case DistKind::kDeterministic:
      return x < p0_ ? 0.0 : 1.0;
    case DistKind::kUniform:
      if (x < p0_) return 0.0;
      if (x >= p1_) return 1.0;
      return (x - p0_) / (p1_ - p0_);
    case DistKind::kLognormal:
      if (x <= 0.0) return 0.0;
      if (std::isinf(x)) return 1.0;
      // Phi(z) = erfc(-z / sqrt 2) / 2, accurate in both tails.
      return 0.5 *
             boost::math::erfc(-(std::log(x) - p0_) / (p1_ * std::numbers::sqrt2), CdfPolicy());
    case DistKind::kGamma:
      if (x <= 0.0) return 0.0;
      if (std::isinf(x)) return 1.0;
      return boost::math::gamma_p(p0_, x / p1_, CdfPolicy());
    case DistKind::kHyperexponential:
      if (x <= 0.0) return 0.0;
      return 1.0 - p0_ * std::exp(-x / p1_) - (1.0 - p0_) * std::exp(-x / p2_);
    case DistKind::kEmpirical: {
      // sup{p : Q(p) <= x}: the last point with value <= x, then linear to the next.
      if (x < table_.front().second) return 0.0;
      if (x >= table_.back().second) return 1.0;
      const auto upper = std::upper_bound(table_.begin(), table_.end(), x,
                                          [](double v, const auto& row) { return v < row.second; });
      const auto& [p_hi, v_hi] = *upper;  // v_hi > x >= v_lo
      const auto& [p_lo, v_lo] = *(upper - 1);
      return p_lo + (p_hi - p_lo) * ((x - v_lo) / (v_hi - v_lo));
    }
    case DistKind::kGeometric:
      if (x < 1.0) return 0.0;
      if (std::isinf(x) || p0_ == 1.0) return 1.0;
      return -std::expm1(std::floor(x) * p1_);  // 1 - (1 - p)^floor(x)
    case DistKind::kPoisson:
      if (x < 0.0) return 0.0;
      if (std::isinf(x) || p0_ == 0.0) return 1.0;
      // P(X <= n) = Q(n + 1, mean), the regularized upper incomplete gamma.
      return boost::math::gamma_q(std::floor(x) + 1.0, p0_, CdfPolicy());
  }
  SURGE_ASSERT_MSG(false, "unknown distribution kind");
  return 0.0;
}

}  // namespace surge
