// RateCurve: an arrival-rate curve lambda(t) >= 0 (arrivals per second, t in
// seconds since the start of the run), with its exact integral and an upper bound
// on any interval. Curves compose (sum, product, scale, shift, clip; docs/model.md,
// rate-curve table); the arrival processes sample them by thinning over the bound
// (thinned_poisson.hpp).
//
// Contract every implementation keeps:
// - lambda is defined, finite and >= 0 on the whole real line (a shifted curve
//   may be asked about negative times; each curve documents its value there);
// - integral(t0, t1) is exact: a closed form where one exists, otherwise
//   quadrature to 1e-9 relative (curve_quadrature.hpp);
// - upper_bound(t0, t1) >= sup of lambda over [t0, t1], finite, and as tight as
//   is cheap: the exact supremum for every primitive curve, so that thinning over
//   small windows wastes few candidates;
// - features(t0, t1, out) appends the points of (t0, t1) where lambda has a kink,
//   a jump or a narrow structure (a spike, a fast rise), in any order: quadrature
//   splits there, so it never steps over a feature it cannot see.
//
// Curves are immutable once built and shared between the arrival processes of
// replications and threads (std::shared_ptr<const RateCurve>).
#pragma once

#include <memory>
#include <optional>
#include <vector>

namespace surge::demand {

class RateCurve {
 public:
  virtual ~RateCurve() = default;
  // lambda(t).
  [[nodiscard]] virtual double rate(double t_s) const = 0;
  // Lambda(t0, t1) = integral of lambda over [t0, t1]. REQUIRES: t0 <= t1.
  [[nodiscard]] virtual double integral(double t0_s, double t1_s) const = 0;
  // An upper bound of lambda on [t0, t1]: >= sup, finite. REQUIRES: t0 <= t1.
  [[nodiscard]] virtual double upper_bound(double t0_s, double t1_s) const = 0;
  // Appends the feature points inside (t0, t1) (see above). Default: none.
  virtual void features(double /*t0_s*/, double /*t1_s*/, std::vector<double>& /*out*/) const {}
  // The rate when it is the same at every t: lets a sampler draw a homogeneous
  // process without thinning.
  [[nodiscard]] virtual std::optional<double> constant_rate() const { return std::nullopt; }
};

using RateCurvePtr = std::shared_ptr<const RateCurve>;

// The largest rate (per second) a scenario may describe anywhere on its curves:
// with times up to 1e9 s every integral stays far from overflow.
inline constexpr double kMaxRate = 1e12;

// lambda(t) = r. Kept beside the interface: it is the curve every engine default
// and most tests start from.
class ConstantCurve final : public RateCurve {
 public:
  // REQUIRES: rate >= 0, finite.
  explicit ConstantCurve(double rate) : rate_(rate) {}
  [[nodiscard]] double rate(double) const override { return rate_; }
  [[nodiscard]] double integral(double t0_s, double t1_s) const override {
    return rate_ * (t1_s - t0_s);
  }
  [[nodiscard]] double upper_bound(double, double) const override { return rate_; }
  [[nodiscard]] std::optional<double> constant_rate() const override { return rate_; }

 private:
  double rate_;
};

namespace detail {

// Appends x to out when it lies strictly inside (t0, t1).
inline void add_feature(double x, double t0_s, double t1_s, std::vector<double>& out) {
  if (x > t0_s && x < t1_s) out.push_back(x);
}

}  // namespace detail
}  // namespace surge::demand
