// The values of an inclusive range {from, to, step}: from, from + step, ... as
// long as they do not pass `to`.
//
// Decimal steps are counted in whole units, not by adding doubles: when from, to
// and step are all multiples of 10^-d for some d <= kMaxRangeDecimals (as written
// in a file: 0.1, 2.5, 0.001), the count is exact and value i is
// (F + i·S) / 10^d with integers F, S — so [0.1, 0.3, 0.1] gives 0.1, 0.2 and
// exactly the double nearest 0.3, never 0.30000000000000004 or a lost last value.
// Other ranges (1/3 as a step) fall back to from + i·step with a relative
// tolerance of 1e-9 steps on the last value.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace surge::sweep {

inline constexpr int kMaxRangeDecimals = 9;

struct RangeValues {
  std::vector<nlohmann::json> values;  // JSON integers for an integer range
  std::string error;                   // why the range is unusable (then values is empty)
};

// REQUIRES: from, to, step finite. `integer`: all three are JSON integers (then
// each is exactly representable: |x| < 2^53 is checked by the caller).
// More than `max_values` values is an error.
[[nodiscard]] RangeValues range_values(double from, double to, double step, bool integer,
                                       std::uint64_t max_values);

}  // namespace surge::sweep
