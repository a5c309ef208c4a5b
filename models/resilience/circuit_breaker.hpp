// CircuitBreaker: stops calling a callee that keeps failing (DESIGN "Errors and
// resilience"; Nygard, "Release It!"; defaults as Netflix Hystrix's).
//
//   closed:    every call goes out; each result is recorded in a sliding window of
//              window_s (a SlidingWindow: 100 buckets, events count for the last
//              99-100% of it). Right after recording a result, if calls in the
//              window >= min_calls and failures >= failure_ratio x calls, the breaker
//              opens at that instant.
//   open:      every call fails at once (the engine answers circuit_open). Exactly
//              open_s after opening it becomes half-open, whether or not anything
//              asks (the transition is dated then, so time_open does not depend on
//              traffic).
//   half_open: at most half_open_probes calls go out in total (the rest fail at
//              once); the first failure re-opens the breaker at once; half_open_probes
//              successes close it with an empty window.
// Results are judged by the state at the time they arrive: while open they are
// ignored; while half-open any result counts as a probe's answer, including a call let
// out before the breaker opened (as Resilience4j does, it needs no ticket per call).
// REQUIRES: the engine reports a result (a timeout is a failure) for every call
// allow() let out, or a half-open breaker waits for its probes forever; times never
// decrease.
#pragma once

#include <cstdint>
#include <vector>

#include "models/resilience/sliding_window.hpp"
#include "sim/kernel/time.hpp"

namespace surge::resilience {

enum class BreakerState : std::uint8_t { kClosed, kOpen, kHalfOpen };

struct BreakerSpec {
  double failure_ratio = 0.5;         // open at failures/calls >= this; (0, 1]
  double window_s = 10.0;             // seconds the failure ratio looks back, > 0
  std::uint32_t min_calls = 20;       // calls in the window before it may open, >= 1
  double open_s = 5.0;                // seconds open before half-open, >= 0
  std::uint32_t half_open_probes = 1; // calls let out half-open; all must succeed, >= 1
};

class CircuitBreaker {
 public:
  struct Change {
    SimTime at;
    BreakerState to;
  };
  // The first changes are kept with their times, for reports and notebooks; a breaker
  // that flaps for a whole run keeps counting but stops recording.
  static constexpr std::size_t kMaxHistory = 1000;

  explicit CircuitBreaker(const BreakerSpec& spec);

  // Whether a call may go out at `now` (counts it as a probe when half-open).
  [[nodiscard]] bool allow(SimTime now);
  // A call let out by allow() answered at `now`.
  void on_result(SimTime now, bool success);

  [[nodiscard]] BreakerState state(SimTime now) const;
  // State changes since construction, up to `now` (open -> half-open included).
  [[nodiscard]] std::uint32_t changes(SimTime now) const;
  [[nodiscard]] std::uint32_t times_opened() const { return times_opened_; }
  // Total time spent open (not half-open) up to `now`.
  [[nodiscard]] SimTime time_open(SimTime now) const;
  // The first kMaxHistory changes up to `now`, in order (the open -> half-open one
  // dated open_s after the opening).
  [[nodiscard]] std::vector<Change> history(SimTime now) const;

 private:
  void refresh(SimTime now);  // applies the open -> half-open timer
  void open(SimTime now);
  void change(SimTime at, BreakerState to);

  static constexpr std::size_t kCall = 0;
  static constexpr std::size_t kFailure = 1;
  double failure_ratio_;
  std::uint32_t min_calls_;
  SimTime open_for_;
  std::uint32_t probes_;
  SlidingWindow window_;
  BreakerState state_ = BreakerState::kClosed;
  SimTime opened_at_ = 0;
  std::uint32_t probes_out_ = 0;
  std::uint32_t probe_successes_ = 0;
  std::uint32_t changes_ = 0;
  std::uint32_t times_opened_ = 0;
  SimTime closed_open_time_ = 0;  // time open in open periods already ended
  std::vector<Change> history_;
};

}  // namespace surge::resilience
