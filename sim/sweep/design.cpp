#include "sim/sweep/design.hpp"

#include <cmath>
#include <limits>

#include "sim/kernel/hash.hpp"
#include "sim/kernel/rng.hpp"

namespace surge::sweep {
namespace {

using nlohmann::json;

// A continuous range's value at u in [0, 1): linearly onto [from, to).
json value_at(const Domain& domain, double u) {
  return json(domain.from + u * (domain.to - domain.from));
}

std::uint64_t stream_key(std::uint64_t seed, std::string_view design, const std::string& pointer) {
  return hash_combine(hash_combine(hash_combine(seed, "sweep"), design), pointer);
}

std::vector<std::vector<json>> grid(const std::vector<Parameter>& parameters) {
  const std::uint64_t n = grid_size(parameters);
  std::vector<std::vector<json>> out(n);
  for (std::uint64_t i = 0; i < n; ++i) {
    std::uint64_t rest = i;
    std::vector<json> point(parameters.size());
    for (std::size_t j = parameters.size(); j-- > 0;) {
      const auto& values = parameters[j].domain.values;
      point[j] = values[rest % values.size()];
      rest /= values.size();
    }
    out[i] = std::move(point);
  }
  return out;
}

std::vector<std::vector<json>> random(const std::vector<Parameter>& parameters,
                                      std::uint64_t points, std::uint64_t seed) {
  std::vector<std::vector<json>> out(points, std::vector<json>(parameters.size()));
  for (std::size_t j = 0; j < parameters.size(); ++j) {
    const Domain& domain = parameters[j].domain;
    Rng rng(stream_key(seed, "random", parameters[j].pointer));
    for (std::uint64_t i = 0; i < points; ++i) {
      if (domain.is_range && !domain.integer) {
        out[i][j] = value_at(domain, rng.uniform01());
      } else {
        out[i][j] = domain.values[rng.below(domain.values.size())];
      }
    }
  }
  return out;
}

std::vector<std::vector<json>> latin_hypercube(const std::vector<Parameter>& parameters,
                                               std::uint64_t points, std::uint64_t seed) {
  std::vector<std::vector<json>> out(points, std::vector<json>(parameters.size()));
  const double n = static_cast<double>(points);
  for (std::size_t j = 0; j < parameters.size(); ++j) {
    Rng rng(stream_key(seed, "latin_hypercube", parameters[j].pointer));
    // Fisher-Yates: stratum[i] is point i's stratum.
    std::vector<std::uint64_t> stratum(points);
    for (std::uint64_t i = 0; i < points; ++i) stratum[i] = i;
    for (std::uint64_t i = points; i > 1; --i) std::swap(stratum[i - 1], stratum[rng.below(i)]);
    const Domain& domain = parameters[j].domain;
    for (std::uint64_t i = 0; i < points; ++i) {
      const double v = rng.uniform01();
      if (domain.is_range && !domain.integer) {
        double u = (static_cast<double>(stratum[i]) + v) / n;
        // Stay inside the stratum when the division rounds up to its upper edge.
        const double top = (static_cast<double>(stratum[i]) + 1.0) / n;
        if (u >= top) u = std::nextafter(top, 0.0);
        out[i][j] = value_at(domain, u);
      } else {
        // Index floor((s + v)·K / N), in integers: floor((s·K + floor(v·K)) / N),
        // so no rounding can move a point into the next stratum.
        const std::uint64_t k = domain.values.size();
        std::uint64_t within = static_cast<std::uint64_t>(v * static_cast<double>(k));
        if (within >= k) within = k - 1;
        out[i][j] = domain.values[(stratum[i] * k + within) / points];
      }
    }
  }
  return out;
}

}  // namespace

std::uint64_t grid_size(const std::vector<Parameter>& parameters) {
  std::uint64_t n = 1;
  for (const Parameter& p : parameters) {
    const std::uint64_t k = p.domain.values.size();
    if (k != 0 && n > std::numeric_limits<std::uint64_t>::max() / k) {
      return std::numeric_limits<std::uint64_t>::max();
    }
    n *= k;
  }
  return n;
}

std::vector<std::vector<json>> design_points(const std::vector<Parameter>& parameters,
                                             Design design, std::uint64_t points,
                                             std::uint64_t seed) {
  switch (design) {
    case Design::kGrid:
      return grid(parameters);
    case Design::kRandom:
      return random(parameters, points, seed);
    case Design::kLatinHypercube:
      return latin_hypercube(parameters, points, seed);
  }
  return {};
}

}  // namespace surge::sweep
