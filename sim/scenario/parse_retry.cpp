#include "sim/scenario/parse_retry.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "sim/kernel/time.hpp"
#include "sim/scenario/object_reader.hpp"

namespace surge::scenario {
namespace {

using nlohmann::json;

const std::vector<std::string> kBackoffs = {"none", "constant", "exponential"};
const std::vector<std::string> kJitters = {"none", "full", "equal", "decorrelated"};

// Failures a client or caller can sensibly try again; `ok` and `abandoned` are not.
const std::vector<std::string> kRetryable = {"timeout", "rejected", "shed", "rate_limited",
                                             "error", "circuit_open", "unauthenticated"};

mesh::OutcomeSet parse_retry_on(const json& value, const std::string& pointer,
                                Problems& problems) {
  if (!value.is_array() || value.empty()) {
    problems.add(pointer, fmt::format("expected a non-empty list of outcomes ({}), got {}",
                                      fmt::join(kRetryable, ", "), describe(value)));
    return mesh::kDefaultRetryOn;
  }
  mesh::OutcomeSet set = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string at = child_pointer(pointer, std::to_string(i));
    const json& item = value[i];
    const auto it = item.is_string()
                        ? std::find(kRetryable.begin(), kRetryable.end(), item.get<std::string>())
                        : kRetryable.end();
    if (it == kRetryable.end()) {
      problems.add(at, fmt::format("expected one of {}, got {}{}", fmt::join(kRetryable, ", "),
                                   describe(item),
                                   item.is_string() ? did_you_mean(item.get<std::string>(), kRetryable)
                                                    : std::string()));
      continue;
    }
    const auto named = std::find(mesh::kOutcomeNames.begin(), mesh::kOutcomeNames.end(), *it);
    set |= mesh::outcome_bit(static_cast<mesh::Outcome>(named - mesh::kOutcomeNames.begin()));
  }
  return set;
}

}  // namespace

mesh::RetrySpec parse_retry(const json& value, const std::string& pointer, Problems& problems) {
  mesh::RetrySpec retry;
  ObjectReader reader(value, pointer, problems);
  if (!reader.valid()) return retry;
  using resilience::BackoffKind;
  using resilience::Jitter;
  retry.max_attempts = static_cast<std::uint32_t>(reader.integer("max_attempts", 1, 1, kMaxAttempts));
  const std::string backoff = reader.choice("backoff", "none", kBackoffs);
  retry.backoff.kind = backoff == "constant"      ? BackoffKind::kConstant
                       : backoff == "exponential" ? BackoffKind::kExponential
                                                  : BackoffKind::kNone;
  const Range seconds{0.0, kMaxSeconds};
  retry.backoff.base_s = reader.number("base_s", retry.backoff.base_s, seconds);
  retry.backoff.cap_s = reader.number("cap_s", std::max(retry.backoff.cap_s, retry.backoff.base_s),
                                      seconds);
  if (retry.backoff.cap_s < retry.backoff.base_s) {
    reader.fail("cap_s", fmt::format("the cap ({} s) is below base_s ({} s): set cap_s >= base_s",
                                     retry.backoff.cap_s, retry.backoff.base_s));
  }
  const std::string jitter = reader.choice("jitter", "none", kJitters);
  retry.backoff.jitter = jitter == "full"           ? Jitter::kFull
                         : jitter == "equal"        ? Jitter::kEqual
                         : jitter == "decorrelated" ? Jitter::kDecorrelated
                                                    : Jitter::kNone;
  if (const json* on = reader.get("retry_on")) {
    retry.retry_on = parse_retry_on(*on, reader.child("retry_on"), problems);
  }
  retry.budget_ratio = reader.optional_number("budget_ratio", Range{0.0, 1e6});
  if (const auto window = reader.optional_duration("budget_window_s")) {
    retry.budget_window_s = *window;
    if (!retry.budget_ratio) {
      reader.fail("budget_window_s", "a budget window needs budget_ratio: set it, or drop "
                                     "budget_window_s");
    }
  }
  reader.finish();
  return retry;
}

}  // namespace surge::scenario
