// The native engine's session users (docs/model.md, "Workloads"): users arrive by the
// workload's rate and work through its script. Each call of a step is a user request.
//   - ok: the user thinks and makes the step's next call, or begins the next step;
//     after the last step the script is complete and the user leaves.
//   - unauthenticated (outside a login): the request fails; the user logs in again at
//     once (step 0's call, as a request of its own) and then redoes the interrupted
//     call, without thinking again.
//   - any other failure: the same request tries again, as a new attempt, after
//     retry_after_s.
// Every failed attempt counts toward abandon_after in a row (a success resets it);
// at abandon_after the request ends `abandoned` and the user leaves.
#include <algorithm>
#include <limits>

#include "models/mesh/engine.hpp"

namespace surge::mesh {
void Simulation::Engine::on_user_arrival(std::uint32_t w) {
  WorkloadRuntime& wl = workloads_[w];
  const SimTime now = events_.now();
  SessionUser user;
  user.arrived = now;
  user.index = static_cast<std::uint32_t>(wl.next_index++);
  user.workload = w;
  user.counted = now >= warmup_;
  const Handle uh = users_.acquire(user);
  collector_.user_arrived(w, user.counted, now);
  begin_step(uh, 0);
  const SimTime next = wl.arrivals->next();
  if (next < horizon_) {
    events_.push(std::max(next, now), kind_of(EventKind::kUserArrival), w, 0);
  }
}

// Steps whose drawn repeat count is 0 are passed over.
void Simulation::Engine::begin_step(Handle uh, std::uint32_t step) {
  SessionUser& u = users_.at(uh);
  const SessionsSpec& spec = workloads_[u.workload].spec->sessions;
  const std::uint64_t key = user_key(u.workload, u.index);
  for (; step < spec.script.size(); ++step) {
    const ScriptStep& s = spec.script[step];
    std::int64_t repeats = 1;
    if (s.repeat) {
      Rng rng = purpose_rng(key, DrawPurpose::kRepeat, step);
      repeats = static_cast<std::int64_t>(std::llround(s.repeat->sample(rng)));
    }
    if (repeats > 0) {
      u.step = step;
      u.repeat = 0;
      u.repeats = static_cast<std::uint32_t>(std::min<std::int64_t>(repeats, std::numeric_limits<std::uint32_t>::max()));
      schedule_call(uh, true);
      return;
    }
  }
  user_leaves(uh, true);
}

// The user's next call after its think time (none when `think` is false: a call
// redone after a login, or a login itself).
void Simulation::Engine::schedule_call(Handle uh, bool think) {
  const SessionUser& u = users_.at(uh);
  SimTime at = events_.now();
  if (think) {
    const ScriptStep& step = workloads_[u.workload].spec->sessions.script[u.step];
    Rng rng = purpose_rng(
        attempt_key(workloads_[u.workload].key, session_request_index(u.index, u.step, u.repeat, 0),
                    0),
        DrawPurpose::kThink);
    at += from_seconds(step.think_s.sample(rng));
  }
  if (at < horizon_) events_.push(at, kind_of(EventKind::kUserNext), uh.index, uh.generation);
}

void Simulation::Engine::on_user_next(Handle uh) {
  const SessionUser* u = users_.get(uh);
  if (u == nullptr) return;
  const std::uint64_t index =
      u->relogging ? session_request_index(u->index, kReloginStep, u->relogins, 0)
                   : session_request_index(u->index, u->step, u->repeat, u->relogins);
  new_request(u->workload, index, u->index, uh);
}

void Simulation::Engine::session_attempt_ended(Handle rh, Outcome outcome) {
  UserRequest& r = requests_.at(rh);
  const Handle uh = r.session;
  SessionUser& u = users_.at(uh);
  const SessionsSpec& spec = workloads_[u.workload].spec->sessions;
  if (outcome == Outcome::kOk) {
    u.failures = 0;
    finish_request(rh, outcome);
    SessionUser& user = users_.at(uh);
    if (user.relogging) {
      user.relogging = false;
      schedule_call(uh, false);  // back to the call the login interrupted
    } else if (++user.repeat < user.repeats) {
      schedule_call(uh, true);
    } else {
      begin_step(uh, user.step + 1);
    }
    return;
  }
  if (++u.failures >= spec.abandon_after) {
    finish_request(rh, Outcome::kAbandoned);
    user_leaves(uh, false);
    return;
  }
  if (outcome == Outcome::kUnauthenticated && !u.relogging) {
    u.relogging = true;
    ++u.relogins;
    finish_request(rh, outcome);
    schedule_call(uh, false);
    return;
  }
  // The same request tries again later; the attempt in flight, if any, is left to run.
  if (r.timer != kNoTimer) timers_.cancel(r.timer);
  r.timer = kNoTimer;
  r.attempt = Handle{};
  Rng rng = purpose_rng(attempt_key(workloads_[r.workload].key, r.index, r.attempts),
                        DrawPurpose::kRetryAfter);
  const SimTime at = events_.now() + from_seconds(spec.retry_after_s.sample(rng));
  if (at < horizon_) events_.push(at, kind_of(EventKind::kClientRetry), rh.index, rh.generation);
}

void Simulation::Engine::user_leaves(Handle uh, bool completed) {
  const SessionUser u = users_.at(uh);
  users_.release(uh);
  collector_.user_left(u.workload, u.counted, completed, events_.now());
}

}  // namespace surge::mesh
