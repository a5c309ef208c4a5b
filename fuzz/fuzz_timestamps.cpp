// Fuzz target: an arrival trace (`{"timestamps": {"path": ...}}`) -> parse ->
// when valid, replayed to a horizon inside and beyond the trace: the arrivals
// come in order, none at or after the horizon, each exactly once.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "models/demand/csv_trace.hpp"
#include "models/demand/timestamp_replay.hpp"

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

void replay(const std::shared_ptr<const std::vector<double>>& times, surge::SimTime horizon) {
  surge::demand::TimestampReplay arrivals(times, horizon);
  surge::SimTime last = 0;
  std::size_t count = 0;
  for (surge::SimTime t = arrivals.next(); t != surge::kTimeInfinity; t = arrivals.next()) {
    check(t >= last && t < horizon);
    last = t;
    check(++count <= times->size());
  }
  check(arrivals.next() == surge::kTimeInfinity);  // stays done
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<double> times;
  const auto errors = surge::demand::parse_arrival_trace(text, times);
  if (!errors.empty()) {
    check(errors.size() <= surge::demand::kMaxTraceErrors + 1);
    for (const auto& e : errors) {
      check(!e.reason.empty());
      (void)fmt::format("times.csv line {}: {}", e.line, e.reason);
    }
    return 0;
  }
  check(!times.empty());
  const auto shared = std::make_shared<const std::vector<double>>(std::move(times));
  const surge::SimTime middle = surge::from_seconds((*shared)[shared->size() / 2]);
  replay(shared, middle);
  replay(shared, surge::from_seconds(shared->back()) + 1);
  return 0;
}
