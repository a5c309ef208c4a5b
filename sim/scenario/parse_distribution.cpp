#include "sim/scenario/parse_distribution.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "sim/kernel/time.hpp"
#include "sim/scenario/object_reader.hpp"
#include "sim/scenario/unsupported.hpp"

namespace surge::scenario {
namespace {

using nlohmann::json;

// Upper bound of every location parameter, in seconds for durations (the range
// of simulated time) and as a plain number for counts.
constexpr double kMaxValue = kMaxSeconds;

const std::vector<std::string> kDurationDists = {"exponential", "deterministic", "uniform",
                                                 "lognormal",   "gamma",         "hyperexponential",
                                                 "empirical"};
const std::vector<std::string> kCountDists = {"exponential", "deterministic", "uniform",
                                              "lognormal",   "gamma",         "hyperexponential",
                                              "empirical",   "geometric",     "poisson"};

std::string join(const std::vector<std::string>& items) {
  return fmt::format("{}", fmt::join(items, ", "));
}

// Keys carry `_s` for durations and nothing for counts.
class KeyNames {
 public:
  explicit KeyNames(Quantity q) : suffix_(q == Quantity::kDuration ? "_s" : "") {}
  [[nodiscard]] std::string operator()(std::string_view base) const {
    return std::string(base) + suffix_;
  }

 private:
  std::string suffix_;
};

std::optional<Distribution> parse_empirical(ObjectReader& reader, const std::string& key) {
  const json* table = reader.require(key);
  if (!table) return std::nullopt;
  const std::string pointer = reader.child(key);
  Problems& problems = reader.problems();
  if (!table->is_array() || table->size() < 2) {
    problems.add(pointer, fmt::format("expected a list of at least two [p, value] pairs, "
                                      "p from 0 to 1, got {}",
                                      describe(*table)));
    return std::nullopt;
  }
  const std::size_t before = problems.size();
  std::vector<std::pair<double, double>> points;
  for (std::size_t i = 0; i < table->size(); ++i) {
    const json& item = (*table)[i];
    const std::string at = child_pointer(pointer, std::to_string(i));
    if (!item.is_array() || item.size() != 2) {
      problems.add(at, fmt::format("expected a [p, value] pair, got {}", describe(item)));
      continue;
    }
    const auto p = check_number(item[0], child_pointer(at, "0"), Range{0.0, 1.0}, problems);
    const auto v = check_number(item[1], child_pointer(at, "1"), Range{0.0, kMaxValue}, problems);
    if (!p || !v) continue;
    if (!points.empty() && !(*p > points.back().first)) {
      problems.add(child_pointer(at, "0"),
                   fmt::format("p must increase strictly: {} follows {}", *p, points.back().first));
    } else if (!points.empty() && *v < points.back().second) {
      problems.add(child_pointer(at, "1"), fmt::format("values must not decrease: {} follows {}",
                                                       *v, points.back().second));
    }
    points.emplace_back(*p, *v);
  }
  if (problems.size() != before) return std::nullopt;
  if (points.front().first != 0.0) {
    problems.add(child_pointer(child_pointer(pointer, "0"), "0"),
                 fmt::format("the first p must be exactly 0, got {}", points.front().first));
  }
  if (points.back().first != 1.0) {
    problems.add(child_pointer(child_pointer(pointer, std::to_string(points.size() - 1)), "0"),
                 fmt::format("the last p must be exactly 1, got {}", points.back().first));
  }
  if (problems.size() != before) return std::nullopt;
  return Distribution::empirical(std::move(points));
}

// `mean` in a duration (or `mean_s` in a count) is the likeliest slip of all: say
// so, rather than a bare "unknown key" (the key is then declared, so finish()
// does not report it twice).
void hint_unit_suffix(ObjectReader& reader, const json& value, Quantity quantity,
                      const std::string& dist) {
  std::vector<std::string> bases = {"mean"};  // the keys of `dist` that take the suffix
  if (dist == "deterministic") bases = {"value"};
  if (dist == "uniform") bases = {"min", "max"};
  if (dist == "empirical") bases = {"quantiles"};
  for (const auto& item : value.items()) {
    const std::string& key = item.key();
    for (const auto& base : bases) {
      const std::string with_s = base + "_s";
      if (quantity == Quantity::kDuration && key == base) {
        reader.fail(key, fmt::format("unknown key (did you mean \"{}\"? durations take keys "
                                     "ending in _s)",
                                     with_s));
        (void)reader.get(key);
      } else if (quantity == Quantity::kCount && key == with_s) {
        reader.fail(key, fmt::format("unknown key (did you mean \"{}\"? counts take keys "
                                     "without _s)",
                                     base));
        (void)reader.get(key);
      }
    }
  }
}

}  // namespace

std::optional<Distribution> parse_distribution(const json& value, const std::string& pointer,
                                               Quantity quantity, Problems& problems) {
  const std::size_t before = problems.size();
  ObjectReader reader(value, pointer, problems);
  if (!reader.valid()) return std::nullopt;
  const KeyNames k(quantity);
  const std::vector<std::string>& allowed =
      quantity == Quantity::kDuration ? kDurationDists : kCountDists;

  const auto dist = reader.required_string("dist");
  if (!dist) {
    accept_all_keys(reader, value);
    return std::nullopt;
  }
  if (std::find(allowed.begin(), allowed.end(), *dist) == allowed.end()) {
    std::string reason;
    if (quantity == Quantity::kDuration && (*dist == "geometric" || *dist == "poisson")) {
      reason = fmt::format("\"{}\" draws whole counts; a duration needs one of {}", *dist,
                           join(allowed));
    } else {
      reason = fmt::format("expected one of {}, got {}{}", join(allowed),
                           describe(nlohmann::json(*dist)), did_you_mean(*dist, allowed));
    }
    reader.fail("dist", std::move(reason));
    accept_all_keys(reader, value);
    return std::nullopt;
  }

  const Range positive{0.0, kMaxValue, true};
  const Range non_negative{0.0, kMaxValue};
  std::optional<Distribution> out;
  if (*dist == "exponential") {
    if (const auto mean = reader.required_number(k("mean"), positive))
      out = Distribution::exponential(*mean);
  } else if (*dist == "deterministic") {
    if (const auto v = reader.required_number(k("value"), non_negative))
      out = Distribution::deterministic(*v);
  } else if (*dist == "uniform") {
    const auto lo = reader.required_number(k("min"), non_negative);
    const auto hi = reader.required_number(k("max"), non_negative);
    if (lo && hi) {
      if (*hi < *lo) {
        reader.fail(k("max"), fmt::format("must be >= {} ({}), got {}", k("min"), *lo, *hi));
      } else {
        out = Distribution::uniform(*lo, *hi);
      }
    }
  } else if (*dist == "lognormal" || *dist == "gamma" || *dist == "hyperexponential") {
    const bool hyper = *dist == "hyperexponential";
    const auto mean = reader.required_number(k("mean"), positive);
    // Two balanced phases reach only cv > 1; cv = 1 is the exponential.
    const auto cv =
        reader.required_number("cv", hyper ? Range{1.0, kMaxCv, true} : Range{kMinCv, kMaxCv});
    if (mean && cv) {
      if (*dist == "lognormal") out = Distribution::lognormal(*mean, *cv);
      if (*dist == "gamma") out = Distribution::gamma(*mean, *cv);
      if (hyper) out = Distribution::hyperexponential(*mean, *cv);
    }
  } else if (*dist == "empirical") {
    out = parse_empirical(reader, k("quantiles"));
  } else if (*dist == "geometric") {
    if (const auto mean = reader.required_number("mean", Range{1.0, kMaxValue}))
      out = Distribution::geometric(*mean);
  } else if (*dist == "poisson") {
    if (const auto mean = reader.required_number("mean", non_negative))
      out = Distribution::poisson(*mean);
  }
  hint_unit_suffix(reader, value, quantity, *dist);
  reader.finish();
  if (problems.size() != before) return std::nullopt;
  return out;
}

}  // namespace surge::scenario
