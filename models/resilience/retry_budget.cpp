#include "models/resilience/retry_budget.hpp"

namespace surge::resilience {

RetryBudget::RetryBudget(double ratio, SimTime window)
    : ratio_(ratio > 0 ? ratio : 0.0), window_(window) {}

bool RetryBudget::try_spend_retry(SimTime now) {
  const SlidingWindow::Counts counts = window_.counts(now);
  const double allowed = ratio_ * static_cast<double>(counts[kSuccess]) * (1 + 1e-12);
  if (static_cast<double>(counts[kRetry] + 1) > allowed) {
    ++denied_;
    return false;
  }
  window_.add(now, kRetry);
  return true;
}

}  // namespace surge::resilience
