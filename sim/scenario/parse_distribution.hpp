// Parses a distribution object of a scenario (configs/README.md, "Distributions"):
// {"dist": "lognormal", "mean_s": 0.03, "cv": 1.5}. Durations carry `_s` keys
// (mean_s, value_s, min_s, max_s, quantiles_s); counts (tokens, repeats) the same
// keys without the suffix. Every parameter is range-checked here, so the
// Distribution factories' REQUIRES always hold.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "sim/kernel/distribution.hpp"
#include "sim/scenario/problems.hpp"

namespace surge::scenario {

enum class Quantity { kDuration, kCount };

// Largest coefficient of variation accepted: beyond it the gamma and
// hyperexponential samplers put almost all mass at 0 and the mean is unreachable
// in any run.
inline constexpr double kMaxCv = 100.0;
// Below this a lognormal or gamma is a constant for every purpose (and the gamma's
// shape 1/cv^2 would overflow): `deterministic` says so directly.
inline constexpr double kMinCv = 1e-3;

// nullopt after reporting a problem at `pointer` or below it.
[[nodiscard]] std::optional<Distribution> parse_distribution(const nlohmann::json& value,
                                                             const std::string& pointer,
                                                             Quantity quantity, Problems& problems);

}  // namespace surge::scenario
