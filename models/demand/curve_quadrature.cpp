#include "models/demand/curve_quadrature.hpp"

#include <algorithm>
#include <boost/math/quadrature/gauss.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <cmath>
#include <limits>
#include <vector>

namespace surge::demand {
namespace {

// Levels of bisection allowed. Bisection concentrates on the few spots where
// the error estimate stays large (a kink where the curve crosses a clip level),
// so the cost grows linearly with depth; 50 levels isolate a kink to 2^-50 of
// its piece, below the resolution of a double.
constexpr int kMaxDepth = 50;

struct Panel {
  double a;
  double b;
  int depth;
};

// Integral of f over [a, b] to a relative tolerance, by bisection until each
// panel's |Kronrod - Gauss| is within tolerance of its own estimate or of its
// share (by width) of the whole.
template <class F>
double adaptive_gauss_kronrod(const F& f, double a, double b) {
  using Kronrod = boost::math::quadrature::gauss_kronrod<double, 31>;
  using Gauss = boost::math::quadrature::gauss<double, 15>;
  const double width = b - a;
  double whole = 0.0;  // the first (whole-piece) Kronrod estimate
  double total = 0.0;
  std::vector<Panel> stack = {{a, b, 0}};
  while (!stack.empty()) {
    const Panel p = stack.back();
    stack.pop_back();
    const double kronrod = Kronrod::integrate(f, p.a, p.b, 0);
    const double gauss = Gauss::integrate(f, p.a, p.b);
    if (p.depth == 0) whole = std::abs(kronrod);
    const double error = std::abs(kronrod - gauss);
    const double mid = p.a + 0.5 * (p.b - p.a);
    const bool converged = error <= kQuadratureTolerance * std::abs(kronrod) ||
                           error <= kQuadratureTolerance * whole * (p.b - p.a) / width;
    // A panel too short to halve in floating point is as good as it gets.
    const bool exhausted = p.depth >= kMaxDepth || !(mid > p.a && mid < p.b);
    if (converged || exhausted) {
      total += kronrod;
    } else {
      stack.push_back({mid, p.b, p.depth + 1});
      stack.push_back({p.a, mid, p.depth + 1});
    }
  }
  return total;
}

}  // namespace

double integrate_numerically(const RateCurve& curve, double t0_s, double t1_s) {
  if (!(t1_s > t0_s)) return 0.0;
  std::vector<double> cuts;
  curve.features(t0_s, t1_s, cuts);
  cuts.push_back(t0_s);
  cuts.push_back(t1_s);
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  const auto f = [&curve](double t) { return curve.rate(t); };
  double total = 0.0;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    total += adaptive_gauss_kronrod(f, cuts[i], cuts[i + 1]);
  }
  return total;
}

}  // namespace surge::demand
