// BassCurve: the adoption rate of a product by the Bass diffusion model (Bass,
// Management Science 1969) — innovators adopt at rate p, imitators at rate q
// times the fraction already adopted; the arrivals of an app's new users
// (docs/model.md, rate curves):
//   lambda(t) = market * f(u) / time_unit_s,   u = (t - start_s) / time_unit_s,
//   f(u) = (p+q)^2/p * e^(-(p+q)u) / (1 + (q/p) e^(-(p+q)u))^2,
// and 0 before start_s. f is the density of the adoption time,
//   F(u) = (1 - e^(-(p+q)u)) / (1 + (q/p) e^(-(p+q)u)),
// so the integral is market * (F(u1) - F(u0)), in closed form (written so that
// it keeps its relative precision on short intervals and in the tail).
//
// Upper bound: f is unimodal, with its mode at u* = ln(q/p)/(p+q) when q > p and
// at u = 0 otherwise; the supremum on an interval is f(u*) when the interval holds
// u*, else the larger end (after the jump at start_s).
#pragma once

#include "models/demand/rate_curve.hpp"

namespace surge::demand {

class BassCurve final : public RateCurve {
 public:
  // REQUIRES: market >= 0, p > 0, q >= 0, time_unit_s > 0, all finite.
  BassCurve(double market, double p, double q, double start_s, double time_unit_s);

  [[nodiscard]] double rate(double t_s) const override;
  [[nodiscard]] double integral(double t0_s, double t1_s) const override;
  [[nodiscard]] double upper_bound(double t0_s, double t1_s) const override;
  void features(double t0_s, double t1_s, std::vector<double>& out) const override;

  // The time of the maximum adoption rate: start_s + time_unit_s * u*.
  [[nodiscard]] double peak_s() const { return peak_s_; }
  // F(u): the fraction of the market adopted by time t (0 before start_s).
  [[nodiscard]] double adopted_fraction(double t_s) const;

 private:
  double market_;
  double p_;
  double q_;
  double start_s_;
  double time_unit_s_;
  double peak_s_;
};

}  // namespace surge::demand
