// Fuzz target: a CSV rate trace (`{"csv": {"path": ...}}`) -> parse -> when
// valid, the piecewise curve both ways (linear, step), asked for its rate,
// integral and bound over the trace's span and beyond. Every accepted trace must
// give finite, non-negative answers (the RateCurve contract).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "models/demand/csv_trace.hpp"
#include "models/demand/piecewise_curve.hpp"

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

void exercise(const surge::demand::PiecewiseCurve& curve, double t0, double t1) {
  const double span = t1 - t0;
  for (double t : {t0 - 1.0, t0, t0 + span / 3, (t0 + t1) / 2, t1, t1 + 1.0}) {
    const double r = curve.rate(t);
    check(std::isfinite(r) && r >= 0.0);
  }
  const double whole = curve.integral(t0, t1 + 1.0);
  check(std::isfinite(whole) && whole >= 0.0);
  const double bound = curve.upper_bound(t0, t1);
  check(std::isfinite(bound) && bound >= curve.rate((t0 + t1) / 2));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<surge::demand::RatePoint> points;
  const auto errors = surge::demand::parse_rate_trace(text, points);
  if (!errors.empty()) {
    check(errors.size() <= surge::demand::kMaxTraceErrors + 1);
    for (const auto& e : errors) {
      check(!e.reason.empty());
      (void)fmt::format("trace.csv line {}: {}", e.line, e.reason);
    }
    return 0;
  }
  check(!points.empty());
  const double t0 = points.front().t_s;
  const double t1 = points.back().t_s;
  for (auto interpolation :
       {surge::demand::Interpolation::kLinear, surge::demand::Interpolation::kStep}) {
    const surge::demand::PiecewiseCurve curve(points, interpolation);
    exercise(curve, t0, t1);
  }
  return 0;
}
