// The points of a sweep's design (configs/README.md, "Sweep files").
//
// - grid: every combination of the parameters' values (a range's grid values),
//   the first parameter varying slowest and the last fastest.
// - random: `points` points, each parameter drawn independently: a list's or an
//   integer range's values uniformly; a non-integer range uniformly on [from, to).
// - latin_hypercube: `points` points; each parameter's domain is cut into
//   `points` equal strata (of [from, to) for a non-integer range, of the value
//   indices [0, K) for a list or an integer range of K values), a random
//   permutation gives each point its stratum, and the value is drawn uniformly
//   within it (for K values: index floor(u·K) of a u uniform in the stratum). So
//   every stratum of every parameter is hit exactly once.
//
// Draws come from the counter-based Rng keyed by (seed, design, parameter
// pointer[, point]): a parameter's values do not change when another parameter is
// added or removed, and never depend on thread count or platform.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "sim/sweep/sweep_spec.hpp"

namespace surge::sweep {

// The number of points of the grid of `parameters`, saturating at UINT64_MAX.
[[nodiscard]] std::uint64_t grid_size(const std::vector<Parameter>& parameters);

// REQUIRES: each domain has at least one value; for grid, grid_size <= kMaxPoints.
[[nodiscard]] std::vector<std::vector<nlohmann::json>> design_points(
    const std::vector<Parameter>& parameters, Design design, std::uint64_t points,
    std::uint64_t seed);

}  // namespace surge::sweep
