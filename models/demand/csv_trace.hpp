// Text formats of recorded demand, read by the scenario layer from the files a
// scenario names (the file contents enter the scenario's sha256):
// - a rate trace (`{"csv": {"path": ...}}`): rows `time_s,rate`;
// - an arrival trace (`{"timestamps": {"path": ...}}`): one time in seconds per line.
// Both: an optional header line (a first line whose first field is not a number),
// blank lines and lines starting with '#' ignored, surrounding spaces and CR
// ignored; numbers finite; times >= 0 and <= kMaxSeconds. A rate trace's times
// increase strictly and its rates lie in [0, kMaxRate]; an arrival trace's times
// never decrease (equal times are simultaneous arrivals).
//
// A trace holds at least one row and at most kMaxTraceRows (an empty or
// header-only file is an error, not an empty trace).
//
// Parsing reports every bad line (up to kMaxTraceErrors, then a count) with its
// 1-based line number, so a user fixes a file in one pass.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "models/demand/piecewise_curve.hpp"

namespace surge::demand {

struct TraceError {
  std::size_t line = 0;  // 1-based; 0 for the file as a whole
  std::string reason;
};

inline constexpr std::size_t kMaxTraceErrors = 10;
// Rows beyond this are refused: 10^7 rows is a day at ~115 per second, and each
// row costs 8-16 bytes for as long as the run lasts.
inline constexpr std::size_t kMaxTraceRows = 10'000'000;

// Appends the rows to `points`; returns the problems (empty when valid).
[[nodiscard]] std::vector<TraceError> parse_rate_trace(std::string_view text,
                                                       std::vector<RatePoint>& points);
// Appends the times to `times_s`; returns the problems (empty when valid).
[[nodiscard]] std::vector<TraceError> parse_arrival_trace(std::string_view text,
                                                          std::vector<double>& times_s);

}  // namespace surge::demand
