#include "sim/scenario/did_you_mean.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace surge::scenario {
namespace {

// A suggestion may differ in at most a third of the name's letters.
std::size_t max_typo_distance(std::string_view name) {
  return std::max<std::size_t>(name.size(), 3) / 3;
}

std::size_t length_gap(std::string_view a, std::string_view b) {
  return a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
}

// One of the two is the other with one or two letters added at the end.
bool is_suffix_variant(std::string_view name, std::string_view candidate) {
  if (name.size() < 3 || candidate.size() < 3 || name == candidate) return false;
  if (length_gap(name, candidate) > 2) return false;
  const std::string_view shorter = name.size() < candidate.size() ? name : candidate;
  const std::string_view longer = name.size() < candidate.size() ? candidate : name;
  return longer.substr(0, shorter.size()) == shorter;
}

}  // namespace

std::optional<std::size_t> edit_distance_at_most(std::string_view a, std::string_view b,
                                                 std::size_t max_distance) {
  if (length_gap(a, b) > max_distance) return std::nullopt;
  if (a.size() < b.size()) std::swap(a, b);  // rows run over the shorter one, b
  const std::size_t m = b.size();
  // Rows i-2, i-1 and i of the dynamic programme; the swap rule reads row i-2.
  std::vector<std::size_t> before(m + 1), previous(m + 1), current(m + 1);
  for (std::size_t j = 0; j <= m; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    std::size_t row_min = current[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      std::size_t d = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d = std::min(d, before[j - 2] + 1);
      }
      current[j] = d;
      row_min = std::min(row_min, d);
    }
    // Distances never decrease from one row to the rows below it (a path must
    // cross every row), so once a whole row is past the bound, so is the answer.
    // A swap reaches back two rows, so require the row before to be past it too.
    const std::size_t previous_min = *std::min_element(previous.begin(), previous.end());
    if (row_min > max_distance && (i == 1 || previous_min > max_distance)) return std::nullopt;
    std::swap(before, previous);
    std::swap(previous, current);
  }
  const std::size_t distance = previous[m];
  if (distance > max_distance) return std::nullopt;
  return distance;
}

std::optional<std::string> closest(std::string_view name,
                                   const std::vector<std::string>& candidates) {
  if (name.size() > kMaxSuggestedName) return std::nullopt;
  const std::size_t bound = max_typo_distance(name);
  std::optional<std::string> best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (const auto& c : candidates) {
    const auto d = edit_distance_at_most(name, c, std::min(bound, best_distance - 1));
    if (d && *d < best_distance) {
      best_distance = *d;
      best = c;
      if (best_distance == 0) break;
    }
  }
  if (best) return best;
  for (const auto& c : candidates) {
    if (is_suffix_variant(name, c)) return c;
  }
  return std::nullopt;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates,
                         std::string_view prefix) {
  const auto hint = closest(name, candidates);
  return hint ? fmt::format(" (did you mean \"{}{}\"?)", prefix, *hint) : "";
}

}  // namespace surge::scenario
