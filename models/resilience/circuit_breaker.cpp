#include "models/resilience/circuit_breaker.hpp"

#include <algorithm>

namespace surge::resilience {

CircuitBreaker::CircuitBreaker(const BreakerSpec& spec)
    : failure_ratio_(spec.failure_ratio),
      min_calls_(std::max<std::uint32_t>(spec.min_calls, 1)),
      open_for_(from_seconds(spec.open_s)),
      probes_(std::max<std::uint32_t>(spec.half_open_probes, 1)),
      window_(from_seconds(spec.window_s)) {}

void CircuitBreaker::refresh(SimTime now) {
  if (state_ == BreakerState::kOpen && now - opened_at_ >= open_for_) {
    change(opened_at_ + open_for_, BreakerState::kHalfOpen);
    closed_open_time_ += open_for_;
    probes_out_ = 0;
    probe_successes_ = 0;
  }
}

void CircuitBreaker::change(SimTime at, BreakerState to) {
  state_ = to;
  ++changes_;
  if (history_.size() < kMaxHistory) history_.push_back(Change{at, to});
}

std::vector<CircuitBreaker::Change> CircuitBreaker::history(SimTime now) const {
  std::vector<Change> out = history_;
  if (state_ == BreakerState::kOpen && now - opened_at_ >= open_for_ && out.size() < kMaxHistory)
    out.push_back(Change{opened_at_ + open_for_, BreakerState::kHalfOpen});
  return out;
}

void CircuitBreaker::open(SimTime now) {
  change(now, BreakerState::kOpen);
  opened_at_ = now;
  ++times_opened_;
  window_.clear();
}

bool CircuitBreaker::allow(SimTime now) {
  refresh(now);
  switch (state_) {
    case BreakerState::kClosed:
      return true;
    case BreakerState::kOpen:
      return false;
    case BreakerState::kHalfOpen:
      if (probes_out_ >= probes_) return false;
      ++probes_out_;
      return true;
  }
  return false;
}

void CircuitBreaker::on_result(SimTime now, bool success) {
  refresh(now);
  switch (state_) {
    case BreakerState::kClosed: {
      window_.add(now, kCall);
      if (!success) window_.add(now, kFailure);
      const SlidingWindow::Counts counts = window_.counts(now);
      if (counts[kCall] >= min_calls_ &&
          static_cast<double>(counts[kFailure]) >=
              failure_ratio_ * static_cast<double>(counts[kCall]))
        open(now);
      return;
    }
    case BreakerState::kOpen:
      return;  // a straggler let out before the breaker opened
    case BreakerState::kHalfOpen:
      if (!success) {
        open(now);
      } else if (++probe_successes_ >= probes_) {
        change(now, BreakerState::kClosed);
        window_.clear();
      }
      return;
  }
}

BreakerState CircuitBreaker::state(SimTime now) const {
  if (state_ == BreakerState::kOpen && now - opened_at_ >= open_for_)
    return BreakerState::kHalfOpen;
  return state_;
}

std::uint32_t CircuitBreaker::changes(SimTime now) const {
  const bool timer_due = state_ == BreakerState::kOpen && now - opened_at_ >= open_for_;
  return changes_ + (timer_due ? 1 : 0);
}

SimTime CircuitBreaker::time_open(SimTime now) const {
  if (state_ != BreakerState::kOpen) return closed_open_time_;
  return closed_open_time_ + std::min(now - opened_at_, open_for_);
}

}  // namespace surge::resilience
