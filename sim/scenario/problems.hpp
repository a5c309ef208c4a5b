// Problems: every error found in a scenario, each with its place (a JSON pointer,
// or LINE:COLUMN for text that is not JSON) and a reason that says the fix.
// Validation collects them all instead of stopping at the first.
//
// Bounded: the first kMaxListed problems are kept; later ones are only counted
// (omitted()), so a file with a million mistakes costs no more memory, and no
// more time building messages (add_lazily), than one with a hundred. Nobody fixes
// the hundred-and-first problem before the first.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace surge::scenario {

struct Problem {
  std::string where;   // "/services/auth/instances", or "12:7"
  std::string reason;  // "expected an integer >= 1, got -3"
};

class Problems {
 public:
  static constexpr std::size_t kMaxListed = 100;

  void add(std::string where, std::string reason) {
    if (list_.size() < kMaxListed) {
      list_.push_back(Problem{std::move(where), std::move(reason)});
    } else {
      ++omitted_;
    }
  }
  // As add(), but builds the reason (a "did you mean", a long description) only
  // when the problem is kept.
  template <typename MakeReason>
  void add_lazily(std::string where, MakeReason&& make_reason) {
    if (list_.size() < kMaxListed) {
      add(std::move(where), make_reason());
    } else {
      ++omitted_;
    }
  }
  [[nodiscard]] bool empty() const { return list_.empty(); }
  // Every problem found, listed or not.
  [[nodiscard]] std::size_t size() const { return list_.size() + omitted_; }
  // The problems kept, in the order found: at most kMaxListed.
  [[nodiscard]] const std::vector<Problem>& list() const { return list_; }
  // Problems found after the list was full.
  [[nodiscard]] std::size_t omitted() const { return omitted_; }
  void append(const Problems& other) {
    for (const Problem& p : other.list_) add(p.where, p.reason);
    omitted_ += other.omitted_;
  }
  // Counts `n` problems found elsewhere and not listed.
  void add_omitted(std::size_t n) { omitted_ += n; }

 private:
  std::vector<Problem> list_;
  std::size_t omitted_ = 0;
};

}  // namespace surge::scenario
