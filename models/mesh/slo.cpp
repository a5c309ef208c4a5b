#include "models/mesh/slo.hpp"

#include <fmt/format.h>

namespace surge::mesh {

std::vector<std::string> slo_violations(const SloSpec& slo, std::uint64_t succeeded,
                                        std::uint64_t denominator, const LatencyRecord& latency) {
  std::vector<std::string> out;
  if (denominator == 0) return out;
  if (slo.success_ratio) {
    const double ratio = static_cast<double>(succeeded) / static_cast<double>(denominator);
    if (ratio < *slo.success_ratio)
      out.push_back(fmt::format("success_ratio: {} < {}", ratio, *slo.success_ratio));
  }
  const auto check = [&](const std::optional<double>& target, const char* key, double value) {
    if (!target) return;
    if (succeeded == 0) {
      out.push_back(fmt::format("{}: no successful request", key));
    } else if (value > *target) {
      out.push_back(fmt::format("{}: {} > {}", key, value, *target));
    }
  };
  const bool any = succeeded > 0;
  check(slo.mean_s, "mean_s", any ? latency.mean() : 0.0);
  check(slo.p50_s, "p50_s", any ? latency.quantile(0.50) : 0.0);
  check(slo.p90_s, "p90_s", any ? latency.quantile(0.90) : 0.0);
  check(slo.p99_s, "p99_s", any ? latency.quantile(0.99) : 0.0);
  return out;
}

}  // namespace surge::mesh
