// Distribution::cdf against Boost.Math's distributions and closed forms.
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "sim/kernel/distribution.hpp"

namespace surge {

TEST_CASE("kernel::distribution: cdf matches the closed forms", "[kernel]") {
  const double inf = std::numeric_limits<double>::infinity();

  const Distribution e = Distribution::exponential(2);
  CHECK(e.cdf(-1) == 0.0);
  CHECK(e.cdf(0) == 0.0);
  CHECK(e.cdf(2) == Approx(1 - std::exp(-1.0)).epsilon(1e-14));
  CHECK(e.cdf(inf) == 1.0);

  const Distribution u = Distribution::uniform(1, 3);
  CHECK(u.cdf(0.5) == 0.0);
  CHECK(u.cdf(1.5) == 0.25);
  CHECK(u.cdf(3) == 1.0);

  const Distribution det = Distribution::deterministic(2);
  CHECK(det.cdf(1.999) == 0.0);
  CHECK(det.cdf(2) == 1.0);

  // Hyperexponential: 1 - p1 e^(-x/m1) - p2 e^(-x/m2), balanced means.
  const double p1 = (1 + std::sqrt(3.0 / 5.0)) / 2;  // cv = 2
  const Distribution h = Distribution::hyperexponential(1, 2);
  for (double x : {0.1, 1.0, 5.0}) {
    const double expected = 1 - p1 * std::exp(-x * 2 * p1) - (1 - p1) * std::exp(-x * 2 * (1 - p1));
    CHECK(h.cdf(x) == Approx(expected).epsilon(1e-14));
  }
  CHECK(h.cdf(0) == 0.0);

  // Geometric on {1, 2, ...}: 1 - (1 - p)^floor(x).
  const Distribution g = Distribution::geometric(4);
  CHECK(g.cdf(0.99) == 0.0);
  CHECK(g.cdf(1) == Approx(0.25).epsilon(1e-14));
  CHECK(g.cdf(2.5) == Approx(1 - 0.75 * 0.75).epsilon(1e-14));
  CHECK(Distribution::geometric(1).cdf(1) == 1.0);
}

TEST_CASE("kernel::distribution: cdf matches Boost.Math where Boost has the law", "[kernel]") {
  const double s2 = std::log(1 + 0.8 * 0.8);
  const boost::math::lognormal_distribution<double> ln(std::log(2.0) - s2 / 2, std::sqrt(s2));
  const Distribution l = Distribution::lognormal(2, 0.8);
  for (double x : {1e-3, 0.5, 2.0, 10.0, 100.0}) {
    CHECK(l.cdf(x) == Approx(boost::math::cdf(ln, x)).epsilon(1e-12));
  }
  CHECK(l.cdf(0) == 0.0);

  for (double cv : {0.3, 1.0, 2.5}) {
    const double k = 1 / (cv * cv);
    const boost::math::gamma_distribution<double> ga(k, 3 / k);
    const Distribution d = Distribution::gamma(3, cv);
    for (double x : {0.01, 1.0, 3.0, 20.0}) {
      CHECK(d.cdf(x) == Approx(boost::math::cdf(ga, x)).epsilon(1e-12));
    }
  }

  for (double mean : {0.0, 0.7, 40.0}) {
    const Distribution d = Distribution::poisson(mean);
    CHECK(d.cdf(-0.5) == 0.0);
    if (mean == 0.0) {
      CHECK(d.cdf(0) == 1.0);
      continue;
    }
    const boost::math::poisson_distribution<double> po(mean);
    for (double k : {0.0, 1.0, 39.0, 45.0}) {
      CHECK(d.cdf(k) == Approx(boost::math::cdf(po, k)).epsilon(1e-12));
      CHECK(d.cdf(k + 0.5) == d.cdf(k));  // a step function
    }
  }
}

TEST_CASE("kernel::distribution: empirical cdf inverts the quantile table", "[kernel]") {
  const Distribution d = Distribution::empirical({{0.0, 1.0}, {0.5, 2.0}, {1.0, 4.0}});
  CHECK(d.cdf(0.5) == 0.0);
  CHECK(d.cdf(1.5) == 0.25);
  CHECK(d.cdf(2.0) == 0.5);
  CHECK(d.cdf(3.0) == 0.75);
  CHECK(d.cdf(4.0) == 1.0);
  // A flat segment is an atom: the cdf jumps over it.
  const Distribution atom = Distribution::empirical({{0.0, 1.0}, {0.3, 1.0}, {1.0, 2.0}});
  CHECK(atom.cdf(0.999) == 0.0);
  CHECK(atom.cdf(1.0) == 0.3);
  CHECK(atom.cdf(1.5) == Approx(0.65).epsilon(1e-14));
}

}  // namespace surge
