#include "models/analytic/peak_rate.hpp"

#include <algorithm>
#include <queue>
#include <vector>

namespace surge::analytic {
namespace {

struct Piece {
  double t0_s, t1_s, bound;
  bool operator<(const Piece& other) const { return bound < other.bound; }
};

// Uniform pieces first, so a narrow spike between features is still bracketed.
constexpr int kInitialPieces = 1024;

}  // namespace

PeakRate peak_rate(const demand::RateCurve& curve, double horizon_s) {
  PeakRate best;
  if (const auto constant = curve.constant_rate()) {
    best.rate_per_s = best.bound_per_s = *constant;
    return best;
  }
  std::vector<double> cuts;
  curve.features(0.0, horizon_s, cuts);
  for (int k = 0; k <= kInitialPieces; ++k)
    cuts.push_back(horizon_s * static_cast<double>(k) / kInitialPieces);
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

  int evaluations = 0;
  const auto sample = [&](double t) {
    ++evaluations;
    const double r = curve.rate(t);
    if (r > best.rate_per_s) {
      best.rate_per_s = r;
      best.at_s = t;
    }
  };
  std::priority_queue<Piece> open;
  for (std::size_t i = 0; i < cuts.size(); ++i) {
    sample(cuts[i]);
    if (i + 1 < cuts.size() && cuts[i + 1] > cuts[i])
      open.push({cuts[i], cuts[i + 1], curve.upper_bound(cuts[i], cuts[i + 1])});
  }
  while (!open.empty()) {
    const Piece p = open.top();
    if (p.bound <= best.rate_per_s * (1.0 + kRelativeTolerance) || evaluations >= kMaxEvaluations)
      break;
    open.pop();
    const double mid = 0.5 * (p.t0_s + p.t1_s);
    if (!(mid > p.t0_s && mid < p.t1_s)) continue;  // no room left between doubles
    sample(mid);
    open.push({p.t0_s, mid, curve.upper_bound(p.t0_s, mid)});
    open.push({mid, p.t1_s, curve.upper_bound(mid, p.t1_s)});
  }
  best.bound_per_s = open.empty() ? best.rate_per_s : std::max(best.rate_per_s, open.top().bound);
  return best;
}

}  // namespace surge::analytic
