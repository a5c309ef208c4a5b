// Visit: one arrival of work at a service endpoint (docs/model.md, "Requests,
// attempts and visits"), from a client attempt or from a caller's call.
//
// Visits live in a SlotPool and refer to each other by generation-checked handle.
// A caller that stops waiting (its timeout fired, a sibling failed its join, its
// instance crashed) does not cancel the callee: the callee runs on, consuming
// capacity, and its late answer is dropped because one of these no longer holds:
//   - the parent handle resolves (the parent may be gone),
//   - parent.epoch == parent_epoch (the parent gave up on every outstanding call),
//   - attached (the parent gave up on this call alone, e.g. its timeout).
#pragma once

#include <cstdint>

#include "models/mesh/outcome.hpp"
#include "sim/kernel/slot_pool.hpp"
#include "sim/kernel/time.hpp"

namespace surge::mesh {

inline constexpr std::uint32_t kNoTimer = 0xFFFFFFFFU;
inline constexpr std::uint32_t kNoBreaker = 0xFFFFFFFFU;
inline constexpr std::uint32_t kNoUser = 0xFFFFFFFFU;

// Which call of its caller a visit answers (DESIGN principle 2: one step of the
// call-tree position).
struct CallAddress {
  std::uint16_t call = 0;   // index of the call in the caller's endpoint
  std::uint16_t retry = 0;  // retry of that call (0: the first try)
  std::uint32_t copy = 0;   // copy within the call's `count` (up to 10^6)
};

enum class VisitPhase : std::uint8_t {
  kQueued,   // in an instance's waiting room
  kWorking,  // holding a worker, doing its own work
  kCalling,  // holding a worker, waiting on downstream calls (or a call's backoff)
};

struct Visit {
  // Who waits for the answer: a calling visit, or (parent none) the client.
  Handle parent;
  std::uint32_t parent_epoch = 0;
  Handle request;            // the user request this visit works for
  std::uint32_t epoch = 0;   // bumped when this visit abandons its outstanding calls

  std::uint64_t key = 0;     // common-random-numbers key of this call-tree position
  SimTime arrived = 0;       // at the service
  SimTime started = 0;       // took a worker
  SimTime work = 0;          // own work, drawn from `key` at creation

  std::uint32_t service = 0;
  std::uint32_t endpoint = 0;
  std::uint32_t instance = 0;
  std::uint32_t workload = 0;
  std::uint32_t priority = 1;
  std::uint32_t user = kNoUser;  // a session user of `workload`: routes a session store

  // Progress through the endpoint's calls.
  std::uint16_t next_call = 0;  // the next call (or group) to issue
  std::uint32_t next_copy = 0;  // for a sequential call with count > 1
  std::uint32_t pending = 0;    // answers still awaited in the current group

  // Where this visit stands in its caller's calls: part of `key`, and the address
  // its answer carries back, so the caller knows which call (copy, retry) answered.
  CallAddress address;
  std::uint32_t timer = kNoTimer;  // its call's timeout, while it runs (TimeoutLists id)
  // The circuit breaker its result goes to (the call's list id), or kNoBreaker.
  std::uint32_t breaker = kNoBreaker;

  VisitPhase phase = VisitPhase::kQueued;
  bool attached = true;   // the caller still waits for this visit's answer
  bool counted = false;   // arrived at or after warmup: counts in service statistics
};

// A user request (docs/model.md): one open arrival, one call of a closed user, or
// one call of a session user's script.
// Its attempts are root visits.
struct UserRequest {
  std::uint64_t index = 0;       // open: arrival number from 0; closed: closed_request_index
  std::uint32_t user = kNoUser;  // closed and sessions: the user's index
  Handle session;                // sessions: the user's record (SessionUser)
  SimTime arrived = 0;           // first attempt
  Handle attempt;                // the current attempt's root visit
  std::uint32_t workload = 0;
  std::uint32_t attempts = 0;    // client attempts made so far
  std::uint32_t timer = kNoTimer;  // the current attempt's client timeout (TimeoutLists id)
  bool counted = false;          // arrived at or after warmup
};

// A session user working through its script (docs/model.md, "Workloads").
struct SessionUser {
  SimTime arrived = 0;
  std::uint32_t index = 0;     // arrival number within its workload, from 0
  std::uint32_t workload = 0;
  std::uint32_t step = 0;      // the step it is at
  std::uint32_t repeat = 0;    // calls of that step done
  std::uint32_t repeats = 0;   // calls that step makes (drawn when the step begins)
  std::uint32_t failures = 0;  // failed attempts in a row
  std::uint32_t relogins = 0;  // times sent back to the login
  bool relogging = false;      // its current request is a login redone after unauthenticated
  bool counted = false;        // arrived at or after warmup
};

}  // namespace surge::mesh
