#include "sim/scenario/object_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "sim/kernel/time.hpp"

namespace surge::scenario {
namespace {

std::string format_number(double x) {
  if (x == std::numeric_limits<double>::infinity()) return "inf";
  if (x == -std::numeric_limits<double>::infinity()) return "-inf";
  return fmt::format("{}", x);
}

}  // namespace

std::string child_pointer(std::string_view pointer, std::string_view key) {
  // json_pointer escapes '~' and '/' in the new token (RFC 6901).
  return (nlohmann::json::json_pointer(std::string(pointer)) / std::string(key)).to_string();
}

std::string describe(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::string: {
      std::string s = value.get<std::string>();
      if (s.size() > 40) {
        std::size_t cut = 37;  // not inside a UTF-8 character: dump() would throw
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0U) == 0x80U) --cut;
        s = s.substr(0, cut) + "...";
      }
      return nlohmann::json(s).dump();
    }
    default: return value.dump();
  }
}

bool is_valid_name(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
  });
}

void check_name(std::string_view name, const std::string& pointer, std::string_view what,
                Problems& problems) {
  if (is_valid_name(name)) return;
  problems.add_lazily(pointer, [&] {
    return fmt::format("invalid {} name {}: names use only letters, digits, '_' and '-'", what,
                       describe(nlohmann::json(std::string(name))));
  });
}

std::string describe_range(Range r) {
  const bool has_min = std::isfinite(r.min);
  const bool has_max = std::isfinite(r.max);
  const std::string lo = fmt::format("{} {}", r.min_open ? ">" : ">=", format_number(r.min));
  const std::string hi = fmt::format("{} {}", r.max_open ? "<" : "<=", format_number(r.max));
  if (has_min && has_max) return fmt::format("a number {} and {}", lo, hi);
  if (has_min) return fmt::format("a number {}", lo);
  if (has_max) return fmt::format("a number {}", hi);
  return "a finite number";
}

std::optional<double> check_number(const nlohmann::json& v, const std::string& pointer,
                                   Range range, Problems& problems) {
  if (!v.is_number()) {
    problems.add(pointer, fmt::format("expected {}, got {}", describe_range(range), describe(v)));
    return std::nullopt;
  }
  const double x = v.get<double>();
  const bool below = range.min_open ? !(x > range.min) : !(x >= range.min);
  const bool above = range.max_open ? !(x < range.max) : !(x <= range.max);
  if (!std::isfinite(x) || below || above) {
    problems.add(pointer, fmt::format("expected {}, got {}", describe_range(range), describe(v)));
    return std::nullopt;
  }
  return x;
}

std::optional<std::uint64_t> check_integer(const nlohmann::json& v, const std::string& pointer,
                                           std::uint64_t min, std::uint64_t max,
                                           Problems& problems) {
  const auto expected = [&] {
    if (max == ObjectReader::kNoIntegerMax)
      return fmt::format("expected an integer >= {}", min);
    return fmt::format("expected an integer >= {} and <= {}", min, max);
  };
  if (v.is_number_unsigned()) {
    const auto x = v.get<std::uint64_t>();
    if (x >= min && x <= max) return x;
  } else if (v.is_number_float()) {
    // 4.0 is accepted as 4: JSON writers often print whole numbers that way.
    const double x = v.get<double>();
    if (std::isfinite(x) && x == std::floor(x) && x >= static_cast<double>(min) &&
        x <= static_cast<double>(max) && x < 1.8e19)
      return static_cast<std::uint64_t>(x);
  }
  problems.add(pointer, fmt::format("{}, got {}", expected(), describe(v)));
  return std::nullopt;
}

ObjectReader::ObjectReader(const nlohmann::json& value, std::string pointer, Problems& problems)
    : object_(value.is_object() ? &value : nullptr),
      pointer_(std::move(pointer)),
      problems_(&problems) {
  if (!object_) problems_->add(pointer_, fmt::format("expected an object, got {}", describe(value)));
}

const nlohmann::json* ObjectReader::get(std::string_view key) {
  known_.emplace_back(key);
  if (!object_) return nullptr;
  const auto it = object_->find(key);
  return it == object_->end() ? nullptr : &*it;
}

const nlohmann::json* ObjectReader::require(std::string_view key) {
  const nlohmann::json* v = get(key);
  if (!v && object_) problems_->add(child(key), "missing required key");
  return v;
}

void ObjectReader::fail(std::string_view key, std::string reason) {
  problems_->add(child(key), std::move(reason));
}

double ObjectReader::number(std::string_view key, double fallback, Range range) {
  return optional_number(key, range).value_or(fallback);
}

std::optional<double> ObjectReader::optional_number(std::string_view key, Range range) {
  const nlohmann::json* v = get(key);
  if (!v) return std::nullopt;
  return check_number(*v, child(key), range, *problems_);
}

std::optional<double> ObjectReader::required_number(std::string_view key, Range range) {
  const nlohmann::json* v = require(key);
  if (!v) return std::nullopt;
  return check_number(*v, child(key), range, *problems_);
}

std::uint64_t ObjectReader::integer(std::string_view key, std::uint64_t fallback,
                                    std::uint64_t min, std::uint64_t max) {
  const nlohmann::json* v = get(key);
  if (!v) return fallback;
  return check_integer(*v, child(key), min, max, *problems_).value_or(fallback);
}

std::optional<std::uint64_t> ObjectReader::required_integer(std::string_view key,
                                                            std::uint64_t min,
                                                            std::uint64_t max) {
  const nlohmann::json* v = require(key);
  if (!v) return std::nullopt;
  return check_integer(*v, child(key), min, max, *problems_);
}

namespace {

std::optional<double> check_duration(const nlohmann::json& v, const std::string& pointer,
                                     Problems& problems) {
  const auto x = check_number(v, pointer, Range{0.0, kMaxSeconds, true}, problems);
  if (x && from_seconds(*x) == 0) {
    problems.add(pointer, fmt::format("expected at least 1e-9 (time counts whole nanoseconds), "
                                      "got {}: it rounds to 0 ns",
                                      describe(v)));
    return std::nullopt;
  }
  return x;
}

}  // namespace

std::optional<double> ObjectReader::optional_duration(std::string_view key) {
  const nlohmann::json* v = get(key);
  if (!v) return std::nullopt;
  return check_duration(*v, child(key), *problems_);
}

std::optional<double> ObjectReader::required_duration(std::string_view key) {
  const nlohmann::json* v = require(key);
  if (!v) return std::nullopt;
  return check_duration(*v, child(key), *problems_);
}

bool ObjectReader::boolean(std::string_view key, bool fallback) {
  const nlohmann::json* v = get(key);
  if (!v) return fallback;
  if (!v->is_boolean()) {
    fail(key, fmt::format("expected true or false, got {}", describe(*v)));
    return fallback;
  }
  return v->get<bool>();
}

std::string ObjectReader::choice(std::string_view key, std::string_view fallback,
                                 const std::vector<std::string>& choices) {
  const nlohmann::json* v = get(key);
  if (!v) return std::string(fallback);
  const auto options = [&] { return fmt::format("{}", fmt::join(choices, ", ")); };
  if (!v->is_string()) {
    fail(key, fmt::format("expected one of {}, got {}", options(), describe(*v)));
    return std::string(fallback);
  }
  std::string s = v->get<std::string>();
  if (!choices.empty() && std::find(choices.begin(), choices.end(), s) == choices.end()) {
    problems_->add_lazily(child(key), [&] {
      return fmt::format("expected one of {}, got {}{}", options(), describe(*v),
                         did_you_mean(s, choices));
    });
    return std::string(fallback);
  }
  return s;
}

std::optional<std::string> ObjectReader::required_string(std::string_view key) {
  const nlohmann::json* v = require(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    fail(key, fmt::format("expected a string, got {}", describe(*v)));
    return std::nullopt;
  }
  return v->get<std::string>();
}

void ObjectReader::finish() {
  if (!object_) return;
  for (const auto& item : object_->items()) {
    const std::string& key = item.key();  // a plain reference: clang 14 cannot capture bindings
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    problems_->add_lazily(child(key),
                          [&] { return fmt::format("unknown key{}", did_you_mean(key, known_)); });
  }
}

}  // namespace surge::scenario
