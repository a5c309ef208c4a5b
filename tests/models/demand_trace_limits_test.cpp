// Traces that hold nothing or far too much: an empty file, a header alone, more
// rows than kMaxTraceRows, a binary blob on one endless line. Each is an error
// of the file as a whole, with a short message.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "models/demand/csv_trace.hpp"

namespace surge::demand {
namespace {

bool has_reason(const std::vector<TraceError>& errors, std::size_t line, const std::string& part) {
  for (const auto& e : errors)
    if (e.line == line && e.reason.find(part) != std::string::npos) return true;
  return false;
}

TEST_CASE("demand::trace: an empty or header-only timestamps file has no rows", "[models]") {
  for (const std::string text : {"", "\n\n", "# only a comment\n", "time_s\n"}) {
    INFO('"' << text << '"');
    std::vector<double> times;
    const auto errors = parse_arrival_trace(text, times);
    CHECK(has_reason(errors, 0, "no rows: expected one time in seconds per line"));
    CHECK(times.empty());
  }
  std::vector<RatePoint> points;
  CHECK(has_reason(parse_rate_trace("time_s,rate\n", points), 0, "no rows"));
}

TEST_CASE("demand::trace: more than kMaxTraceRows rows are refused", "[models]") {
  std::string text;
  text.reserve(2 * (kMaxTraceRows + 1));
  for (std::size_t i = 0; i <= kMaxTraceRows; ++i) text += "0\n";
  std::vector<double> times;
  const auto errors = parse_arrival_trace(text, times);
  REQUIRE(errors.size() == 1);
  CHECK(has_reason(errors, 0, "more than 10000000 rows"));
  // Exactly the cap is fine.
  text.resize(2 * kMaxTraceRows);
  times.clear();
  CHECK(parse_arrival_trace(text, times).empty());
  CHECK(times.size() == kMaxTraceRows);
}

TEST_CASE("demand::trace: a binary line is quoted short in the message", "[models]") {
  std::vector<double> times;
  const std::string blob = "0\n" + std::string(100000, '\x7f') + "\n";
  const auto errors = parse_arrival_trace(blob, times);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].line == 2);
  CHECK(errors[0].reason.size() < 120);
  CHECK(errors[0].reason.find("...") != std::string::npos);
}

}  // namespace
}  // namespace surge::demand
