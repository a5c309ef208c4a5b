// ObjectReader: reads one JSON object of a scenario key by key, checking types and
// ranges, and reports every key it was never asked for as unknown (with a "did you
// mean" when a known key is close). Every problem names its JSON pointer.
//
// Usage: construct over a value, read each key the schema allows, then finish().
// Readers return a fallback (or nullopt) after reporting a problem, so parsing
// goes on and collects every problem in one pass.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sim/scenario/did_you_mean.hpp"
#include "sim/scenario/problems.hpp"

namespace surge::scenario {

// An allowed range of a number; bounds inclusive unless marked open.
struct Range {
  double min;
  double max;
  bool min_open = false;
  bool max_open = false;
};

// JSON pointer of `key` under `pointer`, escaping '~' and '/' (RFC 6901).
[[nodiscard]] std::string child_pointer(std::string_view pointer, std::string_view key);
// A short rendering of a value for messages: `-3`, `"abc"`, `an object`.
[[nodiscard]] std::string describe(const nlohmann::json& value);
// Names of services, endpoints and workloads: [A-Za-z0-9_-]+.
[[nodiscard]] bool is_valid_name(std::string_view name);
// Reports `name` at `pointer` unless it is a valid name; `what` is "service",
// "endpoint" or "workload", for the message.
void check_name(std::string_view name, const std::string& pointer, std::string_view what,
                Problems& problems);

class ObjectReader {
 public:
  ObjectReader(const nlohmann::json& value, std::string pointer, Problems& problems);

  [[nodiscard]] bool valid() const { return object_ != nullptr; }
  [[nodiscard]] const std::string& pointer() const { return pointer_; }
  [[nodiscard]] std::string child(std::string_view key) const {
    return child_pointer(pointer_, key);
  }
  [[nodiscard]] Problems& problems() { return *problems_; }

  // Declares `key` allowed and returns its value, or nullptr when absent.
  const nlohmann::json* get(std::string_view key);
  // Declares `key` allowed; reports it missing when absent.
  const nlohmann::json* require(std::string_view key);

  // Numbers: finite, within range. `fallback` when absent or wrong.
  double number(std::string_view key, double fallback, Range range);
  std::optional<double> optional_number(std::string_view key, Range range);
  std::optional<double> required_number(std::string_view key, Range range);
  // Whole numbers within [min, max]; kNoIntegerMax for no upper bound.
  static constexpr std::uint64_t kNoIntegerMax = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t integer(std::string_view key, std::uint64_t fallback, std::uint64_t min,
                        std::uint64_t max);
  std::optional<std::uint64_t> required_integer(std::string_view key, std::uint64_t min,
                                                std::uint64_t max);
  // Durations in seconds, > 0 and <= kMaxSeconds, that stay positive once rounded
  // to the engine's whole nanoseconds (1e-10 would become 0 ns).
  std::optional<double> optional_duration(std::string_view key);
  std::optional<double> required_duration(std::string_view key);
  bool boolean(std::string_view key, bool fallback);
  // A string that must be one of `choices` (when non-empty).
  std::string choice(std::string_view key, std::string_view fallback,
                     const std::vector<std::string>& choices);
  std::optional<std::string> required_string(std::string_view key);

  // Reports every key of the object not declared by the calls above.
  void finish();

  // Reports a problem at this object's key.
  void fail(std::string_view key, std::string reason);

 private:
  const nlohmann::json* object_;
  std::string pointer_;
  Problems* problems_;
  std::vector<std::string> known_;
};

// Value checks for values not read through an ObjectReader (array items).
std::optional<double> check_number(const nlohmann::json& v, const std::string& pointer,
                                   Range range, Problems& problems);
std::optional<std::uint64_t> check_integer(const nlohmann::json& v, const std::string& pointer,
                                           std::uint64_t min, std::uint64_t max,
                                           Problems& problems);
// "expected a number >= 0, got -1"-style description of a range.
[[nodiscard]] std::string describe_range(Range range);

}  // namespace surge::scenario
