#include "models/analytic/workload_rates.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "models/analytic/peak_rate.hpp"

namespace surge::analytic {

std::string_view basis_name(RateBasis basis) {
  switch (basis) {
    case RateBasis::kCurvePeak:
      return "curve_peak";
    case RateBasis::kHawkesPeak:
      return "hawkes_peak";
    case RateBasis::kTimestamps:
      return "busiest_interval";
    case RateBasis::kClosedBound:
      return "closed_bound";
  }
  return "?";
}

namespace {

OfferedRate busiest_interval(const std::vector<double>& times_s, double duration_s,
                             double interval_s) {
  OfferedRate out{RateBasis::kTimestamps, 0.0, 0.0};
  const auto bins = static_cast<std::size_t>(std::ceil(duration_s / interval_s));
  std::vector<std::uint64_t> counts(std::max<std::size_t>(bins, 1), 0);
  for (const double t : times_s) {
    if (t >= duration_s) break;  // sorted
    ++counts[std::min(counts.size() - 1, static_cast<std::size_t>(t / interval_s))];
  }
  const auto most = std::max_element(counts.begin(), counts.end());
  out.rate_per_s = static_cast<double>(*most) / interval_s;
  out.at_s = static_cast<double>(most - counts.begin()) * interval_s;
  return out;
}

}  // namespace

OfferedRate offered_rate(const mesh::ModelGraph& graph, const mesh::WorkloadSpec& workload) {
  const demand::ArrivalSpec& spec = workload.arrivals;
  switch (spec.kind) {
    case demand::ArrivalSpec::Kind::kTimestamps:
      return busiest_interval(*spec.timestamps_s, graph.duration_s,
                              std::min(graph.report.interval_s, graph.duration_s));
    case demand::ArrivalSpec::Kind::kHawkes: {
      const PeakRate p = peak_rate(*spec.rate, graph.duration_s);
      return {RateBasis::kHawkesPeak, p.rate_per_s / (1.0 - spec.branching_ratio), p.at_s};
    }
    case demand::ArrivalSpec::Kind::kRate:
      break;
  }
  const PeakRate p = peak_rate(*spec.rate, graph.duration_s);
  return {RateBasis::kCurvePeak, p.rate_per_s, p.at_s};
}

}  // namespace surge::analytic
