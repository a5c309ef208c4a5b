// RetryBudget: caps the retries of one caller at a fraction of its recent successes
// (DESIGN "Errors and resilience": a retry is allowed only while retries in the window
// <= ratio x successes in it), so that retries multiply the attempts by at most
// 1 + ratio however the callee fails. Finagle's RetryBudget and Envoy's retry budgets
// work the same way.
//
// Precisely: try_spend_retry(now) admits a retry iff, counting it,
//   retries in the window + 1 <= ratio x successes in the window,
// and then records it; a denied retry is not recorded. Only admitted retries count,
// first attempts never do, and with no success in the window no retry is admitted
// (no minimum allowance: a callee that fails everything gets no retries, which is the
// point). The window is a SlidingWindow: events count for the last 99-100% of `window`
// (its header gives the exact bucket rule). Because the check counts the retry itself,
// over any run the retries admitted are <= ratio x successes recorded, with no slack.
// The comparison allows a relative 1e-12 so a decimal ratio such as 0.29 x 100 admits
// 29 although the double product is 28.999999999999996.
// REQUIRES: ratio >= 0; times never decrease.
#pragma once

#include <cstdint>

#include "models/resilience/sliding_window.hpp"
#include "sim/kernel/time.hpp"

namespace surge::resilience {

// DESIGN's default for budget_window_s.
inline constexpr double kDefaultBudgetWindowS = 10.0;

class RetryBudget {
 public:
  RetryBudget(double ratio, SimTime window);

  // A call (any attempt) succeeded at `now`.
  void on_success(SimTime now) { window_.add(now, kSuccess); }
  // Whether a retry may go out at `now`; if so it is counted against the budget.
  [[nodiscard]] bool try_spend_retry(SimTime now);

  [[nodiscard]] std::uint64_t successes_in_window(SimTime now) {
    return window_.counts(now)[kSuccess];
  }
  [[nodiscard]] std::uint64_t retries_in_window(SimTime now) {
    return window_.counts(now)[kRetry];
  }
  // Retries refused since construction.
  [[nodiscard]] std::uint64_t denied() const { return denied_; }

 private:
  static constexpr std::size_t kSuccess = 0;
  static constexpr std::size_t kRetry = 1;
  double ratio_;
  SlidingWindow window_;
  std::uint64_t denied_ = 0;
};

}  // namespace surge::resilience
