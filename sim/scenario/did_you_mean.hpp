// "Did you mean": the one place that picks a suggestion for a misspelt name (a
// key, a service, an endpoint, a kind) among the names that would have been
// accepted.
//
// Bounded on hostile input: a name longer than kMaxSuggestedName characters gets
// no suggestion, nor does a candidate whose length differs by more than the
// largest distance that could still be suggested; the distance itself is computed
// in O(n·m) time with three rows of O(min(n, m)) memory, and abandoned as soon as
// every entry of a row exceeds that largest distance. So a 1 MB key costs nothing
// and each suggestion costs at most 64 × (longest candidate) steps per candidate.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace surge::scenario {

// Names longer than this are not compared with anything: no typo is that long.
inline constexpr std::size_t kMaxSuggestedName = 64;

// Optimal string alignment distance (insertions, deletions, substitutions and
// swaps of two adjacent letters each cost 1: "raed" is one edit from "read"), or
// nullopt when it exceeds `max_distance`.
[[nodiscard]] std::optional<std::size_t> edit_distance_at_most(std::string_view a,
                                                               std::string_view b,
                                                               std::size_t max_distance);

// The candidate closest to `name`, when close enough to suggest: at most a third
// of the name differs (a typo, not another word), or one is the other with up to
// two letters added at the end (a unit suffix: "mean" for "mean_s"). Ties go to
// the earlier candidate.
[[nodiscard]] std::optional<std::string> closest(std::string_view name,
                                                 const std::vector<std::string>& candidates);

// " (did you mean \"PREFIXcandidate\"?)", or "" when nothing is close enough; meant
// to be appended to a message.
[[nodiscard]] std::string did_you_mean(std::string_view name,
                                       const std::vector<std::string>& candidates,
                                       std::string_view prefix = "");

}  // namespace surge::scenario
