// The rate each workload offers at its worst moment (docs/analytic.md, "Rates").
//
// - rate curve: its peak over [0, duration_s] (peak_rate.hpp);
// - hawkes: the background's peak / (1 - branching ratio), the mean intensity a
//   constant background at that peak would settle at: an upper bound of the mean;
// - replayed timestamps: the most arrivals in one report interval / its length;
// - sessions: the same, for users (visits per user come from the script);
// - closed: not known before the network is solved; screening.cpp bounds it.
#pragma once

#include <string_view>

#include "models/mesh/model_graph.hpp"

namespace surge::analytic {

enum class RateBasis { kCurvePeak, kHawkesPeak, kTimestamps, kClosedBound };

[[nodiscard]] std::string_view basis_name(RateBasis basis);

struct OfferedRate {
  RateBasis basis = RateBasis::kCurvePeak;
  double rate_per_s = 0.0;  // requests per s (sessions: users per s)
  double at_s = 0.0;        // where the peak is (start of the busiest interval)
};

// REQUIRES: the workload is open or sessions; graph validated.
[[nodiscard]] OfferedRate offered_rate(const mesh::ModelGraph& graph,
                                       const mesh::WorkloadSpec& workload);

}  // namespace surge::analytic
