// The native engine's call tree: issuing an endpoint's calls, their timeouts, and
// answers travelling back to callers and clients.
#include "models/mesh/engine.hpp"
#include "models/mesh/random_keys.hpp"
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
  const std::uint32_t list = services_[p.service].call_lists[p.endpoint] + address.call;
  const std::uint64_t key = call_key(p.key, address.call, address.copy, address.retry);
  const Handle request = p.request;
  const std::uint32_t workload = p.workload, priority = p.priority, epoch = p.epoch;
  const Handle ch = new_visit(ph, request, key, call.to, workload, priority);
  Visit& child = visits_.at(ch);
  child.parent_epoch = epoch;
  child.address = address;
  ++visits_.at(ph).pending;
  if (call.timeout_s != kNoTimeout) visits_.at(ch).timer = start_timer(list, ch, call.timeout_s);
  if (aborted_) return;
  arrive(ch);
}

void Simulation::Engine::on_call_timeout(Handle ch) {
  Visit& child = visits_.at(ch);
  child.timer = kNoTimer;
  if (!child.attached) return;  // its caller already gave up on it
  child.attached = false;       // the callee's work goes on; its answer will be dropped
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
      if (r != nullptr && r->attempts == a.epoch) finish_request(a.to, a.outcome);
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
  --p.pending;
  if (answer.outcome != Outcome::kOk) {
    // A failed call fails its endpoint; the caller's other calls are abandoned.
    ++p.epoch;
    p.pending = 0;
    depart(ph, answer.outcome);
    return;
  }
  if (p.pending == 0) proceed(ph);
}

// ---- timeouts ----

std::uint32_t Simulation::Engine::start_timer(std::uint32_t list, Handle owner, double timeout_s) {
  const SimTime deadline = events_.now() + from_seconds(timeout_s);
  const std::uint64_t seq = events_.reserve_seq();
  bool arm = false;
  const std::uint32_t id = timers_.start(list, owner, deadline, seq, &arm);
  if (arm) events_.push_reserved(deadline, seq, static_cast<std::uint32_t>(EventKind::kTimeout), list, 0);
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
                          static_cast<std::uint32_t>(EventKind::kTimeout), list, 0);
  }
  if (id == TimeoutLists::kNone) return;  // its owner ended before the deadline
  if (list < workloads_.size()) {
    on_client_timeout(owner);
  } else {
    on_call_timeout(owner);
  }
}

}  // namespace surge::mesh
