// The native engine's call tree: issuing an endpoint's calls, their timeouts, and
// answers travelling back to callers and clients.
#include "models/mesh/engine.hpp"
#include "models/mesh/random_keys.hpp"
#include "models/mesh/retry_delay.hpp"
#include "sim/kernel/assert.hpp"

namespace surge::mesh {

// Issues the endpoint's calls in order. A maximal run of consecutive parallel calls
// is one group: every copy of every call in it goes out at once and the visit
// joins on the last answer. A sequential call's copies go one after another.
void Simulation::Engine::proceed(Handle vh) {
  const EndpointSpec& endpoint = [&]() -> const EndpointSpec& {
    const Visit& v = visits_.at(vh);
    return graph_.services[v.service].endpoints[v.endpoint];
  }();
  const auto ncalls = static_cast<std::uint16_t>(endpoint.calls.size());
  const auto chance = [&](std::uint16_t index) {
    if (endpoint.calls[index].probability >= 1.0) return true;
    Rng rng = purpose_rng(visits_.at(vh).key, DrawPurpose::kCallChance, index);
    return rng.uniform01() < endpoint.calls[index].probability;
  };
  for (;;) {
    if (aborted_) return;  // a limit fired: issue nothing more
    Visit& v = visits_.at(vh);
    if (v.next_call >= ncalls) {
      depart(vh, Outcome::kOk);
      return;
    }
    const std::uint16_t c = v.next_call;
    const CallSpec& call = endpoint.calls[c];
    if (call.parallel) {
      std::uint16_t end = c;
      while (end < ncalls && endpoint.calls[end].parallel) ++end;
      v.next_call = end;
      for (std::uint16_t i = c; i < end && !aborted_; ++i) {
        if (!chance(i)) continue;
        for (std::uint32_t copy = 0; copy < endpoint.calls[i].count && !aborted_; ++copy)
          issue_call(vh, CallAddress{i, 0, copy});
      }
      if (visits_.at(vh).pending > 0) return;
      continue;
    }
    if (v.next_copy == 0 && !chance(c)) {
      ++visits_.at(vh).next_call;
      continue;
    }
    const std::uint32_t copy = v.next_copy;
    Visit& w = visits_.at(vh);
    if (++w.next_copy >= call.count) {
      w.next_copy = 0;
      ++w.next_call;
    }
    issue_call(vh, CallAddress{c, 0, copy});
    return;
  }
}

void Simulation::Engine::issue_call(Handle ph, CallAddress address) {
  const Visit& p = visits_.at(ph);
  const CallSpec& call = graph_.services[p.service].endpoints[p.endpoint].calls[address.call];
  const std::uint32_t list = call_list(p, address.call);
  const std::uint64_t key = call_key(p.key, address.call, address.copy, address.retry);
  const Handle request = p.request;
  const std::uint32_t workload = p.workload, priority = p.priority, epoch = p.epoch,
                      user = p.user;
  if (any_breaker_ && breakers_[list] && !allow_call(list)) {
    // An open breaker fails the call at once: no visit goes out.
    ++visits_.at(ph).pending;
    answers_.push_back(Answer{ph, epoch, Outcome::kCircuitOpen, false, address});
    return;
  }
  if (effects_.cutting() && effects_.cut(p.service, call.to.service)) {
    // A partition fails the call at once, like a refused connection: the callee
    // never sees it, the caller's breaker does.
    if (any_breaker_ && breakers_[list]) {
      breakers_[list]->on_result(events_.now(), false);
      note_breaker(list);
    }
    ++visits_.at(ph).pending;
    answers_.push_back(Answer{ph, epoch, Outcome::kError, false, address});
    return;
  }
  // The request crosses the network first; the timeout runs from the sending.
  const SimTime latency = network_ ? call_latency_[list] : 0;
  const Handle ch = new_visit(ph, request, key, call.to, workload, priority, latency > 0);
  Visit& child = visits_.at(ch);
  if (any_breaker_ && breakers_[list]) child.breaker = list;
  child.parent_epoch = epoch;
  child.address = address;
  child.user = user;
  if (address.retry > 0 && latency == 0)
    collector_.retry_arrived(child.service, workload, child.counted);
  ++visits_.at(ph).pending;
  if (call.timeout_s != kNoTimeout) visits_.at(ch).timer = start_timer(list, ch, call.timeout_s);
  if (aborted_) return;
  if (latency > 0) {
    events_.push(events_.now() + latency, kind_of(EventKind::kRequestArrival), ch.index,
                 ch.generation);
    return;
  }
  arrive(ch);
}

void Simulation::Engine::on_call_timeout(Handle ch) {
  Visit& child = visits_.at(ch);
  child.timer = kNoTimer;
  if (!child.attached) return;  // its caller already gave up on it
  child.attached = false;       // the callee's work goes on; its answer will be dropped
  if (child.breaker != kNoBreaker) record_call_result(child, false);
  const Visit* parent = visits_.get(child.parent);
  if (parent == nullptr || parent->epoch != child.parent_epoch) return;
  answers_.push_back(Answer{child.parent, child.parent_epoch, Outcome::kTimeout, false,
                            child.address});
}

void Simulation::Engine::deliver_answers() {
  // Answers may add answers (a failed call fails its caller): drain in order.
  for (std::size_t i = 0; i < answers_.size(); ++i) {
    const Answer a = answers_[i];
    if (a.to_client) {
      const UserRequest* r = requests_.get(a.to);
      // During a client's backoff no attempt is current: nothing answers for it.
      if (r != nullptr && r->attempts == a.epoch && !r->attempt.is_none())
        end_attempt(a.to, a.outcome);
      continue;
    }
    const Visit* parent = visits_.get(a.to);
    if (parent == nullptr || parent->epoch != a.epoch) continue;  // the caller moved on
    on_answer(a.to, a);
  }
  answers_.clear();
}

void Simulation::Engine::on_answer(Handle ph, const Answer& answer) {
  Visit& p = visits_.at(ph);
  SURGE_ASSERT(p.pending > 0);
  // Answers come only for calls of the group being waited on.
  SURGE_ASSERT(answer.from.call < p.next_call || (answer.from.call == p.next_call && p.next_copy > 0));
  if (answer.outcome != Outcome::kOk && retry_call(ph, answer)) return;
  --p.pending;
  if (answer.outcome != Outcome::kOk) {
    // A failed call fails its endpoint; the caller's other calls are abandoned.
    ++p.epoch;
    p.pending = 0;
    depart(ph, answer.outcome);
    return;
  }
  if (any_call_budget_) {
    auto& budget = call_budgets_[call_list(p, answer.from.call)];
    if (budget) budget->on_success(events_.now());
  }
  if (p.pending == 0) proceed(ph);
}

// A failed call is tried again after its backoff when its retry policy and budget
// allow; the caller keeps waiting (its `pending` still counts the call) and keeps
// its worker.
bool Simulation::Engine::retry_call(Handle ph, const Answer& answer) {
  const Visit& p = visits_.at(ph);
  const CallSpec& call = graph_.services[p.service].endpoints[p.endpoint].calls[answer.from.call];
  const RetrySpec& retry = call.retry;
  const std::uint32_t next_try = answer.from.retry + 1U;
  if (!retry.enabled() || next_try >= retry.max_attempts || !retry.retries(answer.outcome))
    return false;
  auto& budget = call_budgets_[call_list(p, answer.from.call)];
  const SimTime now = events_.now();
  if (budget && !budget->try_spend_retry(now)) return false;
  Rng rng = purpose_rng(call_key(p.key, answer.from.call, answer.from.copy, 0),
                        DrawPurpose::kRetryJitter);
  const double delay = retry_delay_s(retry.backoff, next_try, rng);
  CallAddress address = answer.from;
  address.retry = static_cast<std::uint16_t>(next_try);
  const Handle pending = call_retries_.acquire(CallRetry{ph, p.epoch, address});
  events_.push(now + from_seconds(delay), kind_of(EventKind::kCallRetry),
               pending.index, pending.generation);
  return true;
}

void Simulation::Engine::on_call_retry(Handle pending) {
  const CallRetry retry = call_retries_.at(pending);
  call_retries_.release(pending);
  Visit* parent = visits_.get(retry.parent);
  if (parent == nullptr || parent->epoch != retry.parent_epoch) return;  // it moved on
  --parent->pending;  // issue_call counts the new try
  issue_call(retry.parent, retry.address);
}

// A breaker hears each call it let out once: its timeout, or else its callee's
// answer when the callee leaves (whether or not the caller still waits for it).
void Simulation::Engine::record_call_result(const Visit& callee, bool success) {
  breakers_[callee.breaker]->on_result(events_.now(), success);
  note_breaker(callee.breaker);
}

bool Simulation::Engine::allow_call(std::uint32_t list) {
  const bool allowed = breakers_[list]->allow(events_.now());
  note_breaker(list);
  return allowed;
}

// Keeps the collector's count of open breakers per caller service exact. A breaker
// leaves `open` by itself open_s after opening; a timer event at that instant
// notices it when no call does first.
void Simulation::Engine::note_breaker(std::uint32_t list) {
  const resilience::CircuitBreaker& breaker = *breakers_[list];
  BreakerView& view = breaker_views_[list];
  const SimTime now = events_.now();
  const bool open = breaker.state(now) == resilience::BreakerState::kOpen;
  if (open != view.open) {
    collector_.breakers_open_changed(view.service, now, open ? 1 : -1);
    view.open = open;
  }
  if (open && breaker.times_opened() != view.timed) {
    view.timed = breaker.times_opened();
    events_.push(now + from_seconds(view.open_s), kind_of(EventKind::kBreakerTimer),
                 list, view.timed);
  }
}

void Simulation::Engine::on_breaker_timer(std::uint32_t list, std::uint32_t opened) {
  if (breakers_[list]->times_opened() == opened) note_breaker(list);
}

void Simulation::Engine::report_breakers(RunResult& result, SimTime end) const {
  static constexpr const char* kStates[] = {"closed", "open", "half_open"};
  for (std::uint32_t s = 0; s < services_.size(); ++s) {
    const ServiceSpec& spec = graph_.services[s];
    for (std::uint32_t e = 0; e < spec.endpoints.size(); ++e) {
      for (std::uint32_t c = 0; c < spec.endpoints[e].calls.size(); ++c) {
        const auto& breaker = breakers_[services_[s].call_lists[e] + c];
        if (!breaker) continue;
        BreakerResult out{c,
                          spec.endpoints[e].calls[c].to_name,
                          breaker->times_opened(),
                          breaker->changes(end),
                          to_seconds(breaker->time_open(end)),
                          kStates[static_cast<std::size_t>(breaker->state(end))],
                          {}};
        for (const auto& change : breaker->history(end)) {
          out.history.emplace_back(to_seconds(change.at),
                                   kStates[static_cast<std::size_t>(change.to)]);
        }
        result.services[s].endpoints[e].breakers.push_back(std::move(out));
      }
    }
  }
}

// ---- timeouts ----

std::uint32_t Simulation::Engine::start_timer(std::uint32_t list, Handle owner, double timeout_s) {
  const SimTime deadline = events_.now() + from_seconds(timeout_s);
  const std::uint64_t seq = events_.reserve_seq();
  bool arm = false;
  const std::uint32_t id = timers_.start(list, owner, deadline, seq, &arm);
  if (arm) events_.push_reserved(deadline, seq, kind_of(EventKind::kTimeout), list, 0);
  return id;
}

void Simulation::Engine::on_timeout_event(std::uint32_t list, SimTime time, std::uint64_t seq) {
  const std::uint32_t id = timers_.on_event(list, time, seq);
  Handle owner;
  if (id != TimeoutLists::kNone) {
    owner = timers_.timer(id).owner;
    timers_.cancel(id);
  }
  // Re-arm before the timeout acts, so timers it starts on this list queue behind.
  if (const TimeoutLists::Timer* front = timers_.re_arm(list)) {
    events_.push_reserved(front->deadline, front->seq,
                          kind_of(EventKind::kTimeout), list, 0);
  }
  if (id == TimeoutLists::kNone) return;  // its owner ended before the deadline
  if (list < workloads_.size()) {
    on_client_timeout(owner);
  } else {
    on_call_timeout(owner);
  }
}

}  // namespace surge::mesh
