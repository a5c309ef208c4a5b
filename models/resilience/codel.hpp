// Codel: sheds visits that waited too long in a waiting room, by the "controlled
// delay" rule of Maurer, "Fail at Scale" (ACM Queue 13(8), 2015) — Facebook's RPC-server
// adaptation of Nichols & Jacobson's CoDel — with its companion, adaptive LIFO.
//
// The queue is "good" at an instant when it is empty there or a visit leaves it having
// waited <= target. It is overloaded at `now` when it has not been good for more than
// `interval`: now - last_good > interval. At dequeue, a visit is shed (DESIGN: rejected
// with `shed`) iff it waited more than the limit, where
//   limit = target              while overloaded (a standing queue: keep it short),
//   limit = max(target, interval) otherwise   (a passing burst: let it drain).
// Each dequeue that is not shed and waited <= target makes the queue good again.
// Adaptive LIFO: while overloaded, serve the newest visit first, so the visits served
// are the ones whose callers are still waiting (Fail at Scale, "Adaptive LIFO").
//
// Why this rule and not RFC 8289's drop schedule (drop every interval/sqrt(count)):
// CoDel signals TCP senders, who slow down after one drop; RPC callers do not, so a
// paced drop rate leaves a standing queue whose visits mostly time out anyway. Shedding
// everything older than target while overloaded bounds the wait at target, which is
// what DESIGN asks ("reject at dequeue when the visit waited longer than target_s").
//
// The engine calls note_empty(now) when a visit arrives at an empty waiting room (the
// moment the room stops being empty); calling it more often is harmless.
// REQUIRES: times never decrease; waited >= 0.
#pragma once

#include "sim/kernel/time.hpp"

namespace surge::resilience {

struct CodelSpec {
  double target_s = 0.005;    // seconds a visit may wait under overload, > 0 (CoDel's 5 ms)
  double interval_s = 0.1;    // seconds without a good moment that mean overload, > 0
  bool adaptive_lifo = false; // serve newest first while overloaded
};

class Codel {
 public:
  explicit Codel(const CodelSpec& spec, SimTime start = 0);

  // At dequeue: whether the visit that waited `waited` must be shed.
  [[nodiscard]] bool should_shed(SimTime now, SimTime waited);
  // The waiting room is empty at `now`.
  void note_empty(SimTime now) { last_good_ = now; }

  [[nodiscard]] bool overloaded(SimTime now) const { return now - last_good_ > interval_; }
  // The longest wait a visit dequeued at `now` may have had.
  [[nodiscard]] SimTime limit(SimTime now) const { return overloaded(now) ? target_ : relaxed_; }
  // Whether to serve the newest waiting visit first at `now`.
  [[nodiscard]] bool serve_newest_first(SimTime now) const {
    return adaptive_lifo_ && overloaded(now);
  }
  [[nodiscard]] SimTime last_good() const { return last_good_; }

 private:
  SimTime target_;
  SimTime interval_;
  SimTime relaxed_;  // max(target, interval)
  bool adaptive_lifo_;
  SimTime last_good_;
};

}  // namespace surge::resilience
