#include "models/demand/csv_trace.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <optional>

#include "sim/kernel/time.hpp"

namespace surge::demand {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// A whole field as a double (from_chars: locale-independent, exact rounding).
std::optional<double> to_number(std::string_view field) {
  field = trim(field);
  if (!field.empty() && field.front() == '+') field.remove_prefix(1);
  double x = 0.0;
  const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), x);
  if (field.empty() || ec != std::errc() || end != field.data() + field.size()) return std::nullopt;
  return x;
}

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> fields;
  for (;;) {
    const auto comma = line.find(',');
    fields.push_back(trim(line.substr(0, comma)));
    if (comma == std::string_view::npos) return fields;
    line.remove_prefix(comma + 1);
  }
}

// Calls row(line_number, fields) for each data line; skips the header, blanks
// and comments. Returns the number of data lines, stopping after kMaxTraceRows + 1.
template <class Row>
std::size_t for_each_row(std::string_view text, Row&& row) {
  std::size_t line_number = 0;
  std::size_t rows = 0;
  bool first_content = true;
  while (!text.empty() && rows <= kMaxTraceRows) {
    const auto newline = text.find('\n');
    const std::string_view line = trim(text.substr(0, newline));
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    const auto fields = split(line);
    const bool header = first_content && !to_number(fields.front());
    first_content = false;
    if (header) continue;
    if (++rows > kMaxTraceRows) break;
    row(line_number, fields);
  }
  return rows;
}

class ErrorList {
 public:
  void add(std::size_t line, std::string reason) {
    ++count_;
    if (errors_.size() < kMaxTraceErrors) errors_.push_back({line, std::move(reason)});
  }
  std::vector<TraceError> take() {
    if (count_ > errors_.size()) {
      errors_.push_back({0, fmt::format("{} more bad lines", count_ - errors_.size())});
    }
    return std::move(errors_);
  }

 private:
  std::vector<TraceError> errors_;
  std::size_t count_ = 0;
};

// A field as shown in a message: at most 40 characters (a binary file may hold
// one endless "line").
std::string shown(std::string_view field) {
  if (field.size() <= 40) return std::string(field);
  return fmt::format("{}...", field.substr(0, 37));
}

// The whole-file problems: no rows at all, or too many.
void check_row_count(std::size_t rows, std::string_view expected, ErrorList& errors) {
  if (rows == 0) {
    errors.add(0, fmt::format("no rows: expected {}", expected));
  } else if (rows > kMaxTraceRows) {
    errors.add(0, fmt::format("more than {} rows; split the trace or aggregate it", kMaxTraceRows));
  }
}

// A time field: finite, in [0, kMaxSeconds].
std::optional<double> read_time(std::string_view field, std::size_t line, ErrorList& errors) {
  const auto t = to_number(field);
  if (!t || !std::isfinite(*t) || *t < 0.0 || *t > kMaxSeconds) {
    errors.add(line,
               fmt::format("time must be a number >= 0 and <= {}, got \"{}\"", kMaxSeconds, shown(field)));
    return std::nullopt;
  }
  return t;
}

}  // namespace

std::vector<TraceError> parse_rate_trace(std::string_view text, std::vector<RatePoint>& points) {
  ErrorList errors;
  std::optional<double> last_t;
  const std::size_t rows = for_each_row(text, [&](std::size_t line,
                                                   const std::vector<std::string_view>& fields) {
    if (fields.size() != 2) {
      errors.add(line, fmt::format("expected 2 fields time_s,rate, got {}", fields.size()));
      return;
    }
    const auto t = read_time(fields[0], line, errors);
    const auto r = to_number(fields[1]);
    const bool rate_ok = r && std::isfinite(*r) && *r >= 0.0 && *r <= kMaxRate;
    if (!rate_ok) {
      errors.add(line, fmt::format("rate must be a number >= 0 and <= {}, got \"{}\"", kMaxRate,
                                   shown(fields[1])));
    }
    if (!t) return;
    if (last_t && !(*t > *last_t)) {
      errors.add(line, fmt::format("times must increase strictly: {} after {}", *t, *last_t));
    }
    last_t = t;
    if (rate_ok) points.push_back({*t, *r});
  });
  check_row_count(rows, "lines of time_s,rate", errors);
  return errors.take();
}

std::vector<TraceError> parse_arrival_trace(std::string_view text, std::vector<double>& times_s) {
  ErrorList errors;
  std::optional<double> last_t;
  const std::size_t rows = for_each_row(text, [&](std::size_t line,
                                                   const std::vector<std::string_view>& fields) {
    if (fields.size() != 1) {
      errors.add(line, fmt::format("expected one time per line, got {} fields", fields.size()));
      return;
    }
    const auto t = read_time(fields[0], line, errors);
    if (!t) return;
    if (last_t && *t < *last_t) {
      errors.add(line, fmt::format("times must not decrease: {} after {}", *t, *last_t));
    }
    last_t = t;
    times_s.push_back(*t);
  });
  check_row_count(rows, "one time in seconds per line", errors);
  return errors.take();
}

}  // namespace surge::demand
