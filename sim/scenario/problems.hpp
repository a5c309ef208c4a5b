// Problems: every error found in a scenario, each with its place (a JSON pointer,
// or LINE:COLUMN for text that is not JSON) and a reason that says the fix.
// Validation collects them all instead of stopping at the first.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

namespace surge::scenario {

struct Problem {
  std::string where;   // "/services/auth/instances", or "12:7"
  std::string reason;  // "expected an integer >= 1, got -3"
};

class Problems {
 public:
  void add(std::string where, std::string reason) {
    list_.push_back(Problem{std::move(where), std::move(reason)});
  }
  [[nodiscard]] bool empty() const { return list_.empty(); }
  [[nodiscard]] std::size_t size() const { return list_.size(); }
  [[nodiscard]] const std::vector<Problem>& list() const { return list_; }
  // Whether a problem was already reported at `where` (a later check that depends
  // on that value skips it rather than report the same mistake twice).
  [[nodiscard]] bool reported_at(const std::string& where) const {
    return std::any_of(list_.begin(), list_.end(),
                       [&](const Problem& p) { return p.where == where; });
  }
  void append(const Problems& other) {
    list_.insert(list_.end(), other.list_.begin(), other.list_.end());
  }

 private:
  std::vector<Problem> list_;
};

}  // namespace surge::scenario
