#include "sim/sweep/range_values.hpp"

#include <fmt/format.h>

#include <cmath>

namespace surge::sweep {
namespace {

// The smallest d <= kMaxRangeDecimals with x·10^d a whole number (to 1e-9 of
// itself), or -1.
int decimals_of(double x) {
  double scale = 1.0;
  for (int d = 0; d <= kMaxRangeDecimals; ++d, scale *= 10.0) {
    const double scaled = x * scale;
    if (std::abs(scaled) > 0x1.0p52) return -1;
    if (std::abs(scaled - std::round(scaled)) <= 1e-9 * std::max(1.0, std::abs(scaled))) return d;
  }
  return -1;
}

}  // namespace

RangeValues range_values(double from, double to, double step, bool integer,
                         std::uint64_t max_values) {
  RangeValues out;
  if (step == 0.0) {
    out.error = "step is 0, so the range never reaches its end: give a step that is not 0";
    return out;
  }
  if ((to > from && step < 0.0) || (to < from && step > 0.0)) {
    out.error = fmt::format("step {} goes away from the end: from {} to {} needs a {} step", step,
                            from, to, to > from ? "positive" : "negative");
    return out;
  }
  const int d = integer ? 0 : std::max({decimals_of(from), decimals_of(to), decimals_of(step)});
  const bool exact =
      integer || (decimals_of(from) >= 0 && decimals_of(to) >= 0 && decimals_of(step) >= 0);
  double count = 0.0;  // values - 1
  double scale = 1.0, f = 0.0, s = 0.0;
  if (exact) {
    scale = std::pow(10.0, d);
    f = std::round(from * scale);
    s = std::round(step * scale);
    const double t = std::round(to * scale);
    count = std::floor((t - f) / s);
  } else {
    count = std::floor((to - from) / step + 1e-9);
  }
  if (count + 1.0 > static_cast<double>(max_values)) {
    out.error = fmt::format("expands to {:.0f} values, more than the {} allowed: use a larger step",
                            count + 1.0, max_values);
    return out;
  }
  const auto n = static_cast<std::uint64_t>(count) + 1;
  out.values.reserve(n);
  for (std::uint64_t i = 0; i < n; ++i) {
    const double k = static_cast<double>(i);
    if (integer) {
      out.values.emplace_back(static_cast<std::int64_t>(f + k * s));
    } else if (exact) {
      out.values.emplace_back((f + k * s) / scale);
    } else {
      out.values.emplace_back(from + k * step);
    }
  }
  return out;
}

}  // namespace surge::sweep
