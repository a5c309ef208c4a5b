#include "sim/scenario/object_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace surge::scenario {
namespace {

std::string format_number(double x) {
  if (x == std::numeric_limits<double>::infinity()) return "inf";
  if (x == -std::numeric_limits<double>::infinity()) return "-inf";
  return fmt::format("{}", x);
}

// Optimal string alignment distance: insertions, deletions, substitutions and
// swaps of two adjacent letters each cost 1 ("raed" is one edit from "read").
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::string child_pointer(std::string_view pointer, std::string_view key) {
  std::string out(pointer);
  out.push_back('/');
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
  return out;
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

std::optional<std::string> closest(std::string_view name,
                                   const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(name, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  // Suggest when at most a third of the name differs (a typo, not another word)...
  if (best && best_distance * 3 <= std::max<std::size_t>(name.size(), 3)) return best;
  // ...or when one is the other with a unit suffix left off or added ("mean" for
  // "mean_s", "timeout" for "timeout_s").
  for (const auto& c : candidates) {
    const bool prefix = c.size() > name.size() ? c.rfind(name, 0) == 0 : name.rfind(c, 0) == 0;
    const std::size_t extra = c.size() > name.size() ? c.size() - name.size() : name.size() - c.size();
    if (prefix && name.size() >= 3 && c.size() >= 3 && extra <= 2) return c;
  }
  return std::nullopt;
}

bool is_valid_name(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
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
  const auto options = [&] {
    std::string out;
    for (const auto& c : choices) out += (out.empty() ? "" : ", ") + c;
    return out;
  };
  if (!v->is_string()) {
    fail(key, fmt::format("expected one of {}, got {}", options(), describe(*v)));
    return std::string(fallback);
  }
  std::string s = v->get<std::string>();
  if (!choices.empty() && std::find(choices.begin(), choices.end(), s) == choices.end()) {
    const auto hint = closest(s, choices);
    fail(key, fmt::format("expected one of {}, got {}{}", options(), describe(*v),
                          hint ? fmt::format(" (did you mean \"{}\"?)", *hint) : ""));
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
  for (const auto& [key, value] : object_->items()) {
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    const auto hint = closest(key, known_);
    problems_->add(child(key), fmt::format("unknown key{}", hint ? fmt::format(
                                                                        " (did you mean \"{}\"?)",
                                                                        *hint)
                                                                  : ""));
  }
}

}  // namespace surge::scenario
