// DiurnalCurve: organic daily load,
//   lambda(t) = mean * (1 + amplitude * cos(2 pi (t - 3600 peak_hour) / 86400))
// (docs/model.md, rate curves): highest at peak_hour every day, lowest twelve hours
// later, averaging `mean` over any whole day.
//
// Integral in closed form; the upper bound is the exact supremum: cos reaches 1
// inside the interval at a daily peak, and is otherwise largest at an end.
#pragma once

#include "models/demand/rate_curve.hpp"

namespace surge::demand {

class DiurnalCurve final : public RateCurve {
 public:
  static constexpr double kDayS = 86400.0;

  // REQUIRES: mean >= 0; 0 <= amplitude <= 1; peak_hour finite.
  DiurnalCurve(double mean, double amplitude, double peak_hour);

  [[nodiscard]] double rate(double t_s) const override;
  [[nodiscard]] double integral(double t0_s, double t1_s) const override;
  [[nodiscard]] double upper_bound(double t0_s, double t1_s) const override;

 private:
  // t - peak time, reduced into [0, 86400) exactly (fmod is exact).
  [[nodiscard]] double phase_s(double t_s) const;

  double mean_;
  double amplitude_;
  double peak_s_;
};

}  // namespace surge::demand
