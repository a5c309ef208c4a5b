// The native engine's clients: user requests of open and closed workloads, their
// attempts, client timeouts and client retries (docs/model.md, "Workloads" and
// "Errors and resilience"). A client's backoff holds nothing: the request waits as
// an event, with no attempt in flight.
#include <algorithm>

#include "models/mesh/engine.hpp"
#include "models/mesh/random_keys.hpp"
#include "models/mesh/retry_delay.hpp"

namespace surge::mesh {
// Closed users start thinking at t = 0, so their first requests spread out as later
// ones do instead of arriving together.
void Simulation::Engine::start_closed_users(std::uint32_t w) {
  WorkloadRuntime& wl = workloads_[w];
  wl.user_requests.assign(wl.spec->population, 0);
  for (std::uint32_t user = 0; user < wl.spec->population; ++user) schedule_think(w, user);
}

void Simulation::Engine::schedule_think(std::uint32_t w, std::uint32_t user) {
  const WorkloadRuntime& wl = workloads_[w];
  const std::uint64_t request = closed_request_index(user, wl.user_requests[user]);
  Rng rng = purpose_rng(attempt_key(wl.key, request, 0), DrawPurpose::kThink);
  const SimTime at = events_.now() + from_seconds(wl.spec->think_s.sample(rng));
  if (at < horizon_) events_.push(at, kind_of(EventKind::kThinkEnd), w, 0, user);
}

void Simulation::Engine::on_arrival(std::uint32_t w) {
  WorkloadRuntime& wl = workloads_[w];
  new_request(w, wl.next_index++, kNoUser, Handle{});
  const SimTime next = wl.arrivals->next();
  if (next < horizon_) {
    events_.push(std::max(next, events_.now()), kind_of(EventKind::kArrival), w, 0);
  }
}

void Simulation::Engine::on_think_end(std::uint32_t w, std::uint32_t user) {
  WorkloadRuntime& wl = workloads_[w];
  new_request(w, closed_request_index(user, wl.user_requests[user]++), user, Handle{});
}

void Simulation::Engine::new_request(std::uint32_t w, std::uint64_t index, std::uint32_t user,
                                     Handle session) {
  const SimTime now = events_.now();
  const bool counted = now >= warmup_;
  const Handle rh = requests_.acquire_with([&](UserRequest& request) {
    request.index = index;
    request.user = user;
    request.session = session;
    request.arrived = now;
    request.workload = w;
    request.counted = counted;
  });
  if (observer_) observer_->on_request(w, index, to_seconds(now));
  collector_.request_arrived(w, counted);
  start_attempt(rh);
}

void Simulation::Engine::start_attempt(Handle rh) {
  UserRequest& r = requests_.at(rh);
  const WorkloadRuntime& wl = workloads_[r.workload];
  const WorkloadSpec& spec = *wl.spec;
  const std::uint32_t attempt = r.attempts++;
  collector_.attempt_started(r.workload, r.counted);
  EndpointRef entry = spec.entry;
  if (!r.session.is_none()) {
    // A session user's request calls its current step (the login while relogging).
    const SessionUser& u = users_.at(r.session);
    entry = spec.sessions.script[u.relogging ? 0 : u.step].call;
  }
  const Handle vh = new_visit(Handle{}, rh, attempt_key(wl.key, r.index, attempt), entry,
                              r.workload, spec.priority);
  UserRequest& req = requests_.at(rh);
  req.attempt = vh;
  // Only session users carry a user down the call tree (to a session store).
  if (!req.session.is_none()) visits_.at(vh).user = req.user;
  if (spec.client.timeout_s != kNoTimeout)
    req.timer = start_timer(req.workload, rh, spec.client.timeout_s);
  if (aborted_) return;
  arrive(vh);
}

void Simulation::Engine::on_client_timeout(Handle rh) {
  UserRequest& r = requests_.at(rh);
  r.timer = kNoTimer;
  if (Visit* v = visits_.get(r.attempt)) v->attached = false;  // its work goes on
  end_attempt(rh, Outcome::kTimeout);
}

// The current attempt answered (or timed out): the request ends, or retries later.
void Simulation::Engine::end_attempt(Handle rh, Outcome outcome) {
  UserRequest& r = requests_.at(rh);
  if (!r.session.is_none()) {
    session_attempt_ended(rh, outcome);
    return;
  }
  WorkloadRuntime& wl = workloads_[r.workload];
  if (outcome == Outcome::kOk && !wl.budget) {  // the common case, first
    finish_request(rh, outcome);
    return;
  }
  const RetrySpec& retry = wl.spec->client.retry;
  const SimTime now = events_.now();
  if (outcome == Outcome::kOk) {
    if (wl.budget) wl.budget->on_success(now);
  } else if (retry.enabled() && r.attempts < retry.max_attempts && retry.retries(outcome) &&
             (!wl.budget || wl.budget->try_spend_retry(now))) {
    if (r.timer != kNoTimer) timers_.cancel(r.timer);
    r.timer = kNoTimer;
    r.attempt = Handle{};  // a late answer of the old attempt is dropped
    Rng rng = purpose_rng(attempt_key(wl.key, r.index, 0), DrawPurpose::kRetryJitter);
    const double delay = retry_delay_s(retry.backoff, r.attempts, rng);
    events_.push(now + from_seconds(delay), kind_of(EventKind::kClientRetry), rh.index,
                 rh.generation);
    return;
  }
  finish_request(rh, outcome);
}

void Simulation::Engine::on_client_retry(Handle rh) {
  if (requests_.get(rh) == nullptr) return;
  start_attempt(rh);
}

void Simulation::Engine::finish_request(Handle rh, Outcome outcome) {
  const UserRequest& r = requests_.at(rh);
  if (r.timer != kNoTimer) timers_.cancel(r.timer);
  const std::uint32_t workload = r.workload, user = r.user;
  collector_.request_finished(workload, r.counted, outcome, to_seconds(events_.now() - r.arrived));
  requests_.release(rh);
  if (workloads_[workload].spec->kind == WorkloadKind::kClosed) schedule_think(workload, user);
}

}  // namespace surge::mesh
