// Numerical integral of a rate curve, for the curves whose integral has no closed
// form (product, clip): adaptive Gauss–Kronrod quadrature — the 31-point Kronrod
// extension of the 15-point Gauss–Legendre rule (Boost.Math supplies both rules),
// the difference of the two estimating the error — on each piece between the
// curve's feature points, bisecting where the error estimate exceeds
// kQuadratureTolerance relative (of the piece, or of its share of the whole).
// That is well inside the 1e-9 relative the RateCurve contract promises.
//
// The driver is ours, not Boost's adaptive integrate(): Boost 1.74 compares the
// error of a sub-interval before scaling it to the sub-interval's width, so on
// short intervals its recursion never converges and visits every branch to the
// maximum depth.
//
// Splitting at the features matters: a kink (clip, piecewise_linear) or a jump
// (shock, bass) inside a piece costs the adaptive rule many levels, and a narrow
// spike inside a long piece could be missed by its first nodes altogether.
#pragma once

#include "models/demand/rate_curve.hpp"

namespace surge::demand {

// The relative tolerance of each piece.
inline constexpr double kQuadratureTolerance = 1e-12;

// Integral of curve.rate over [t0, t1]. REQUIRES: t0 <= t1, both finite.
[[nodiscard]] double integrate_numerically(const RateCurve& curve, double t0_s, double t1_s);

}  // namespace surge::demand
