// TimeoutLists against a reference: with random starts, cancellations and events,
// timers fire in exactly the (deadline, seq) order one event per timer would give,
// each list keeps at most one event queued, and cancelled timers hold nothing.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <utility>

#include "models/mesh/timeout_lists.hpp"
#include "sim/kernel/event_queue.hpp"
#include "sim/kernel/rng.hpp"

namespace surge::mesh {
namespace {

TEST_CASE("models::timeout_lists: timers fire in deadline order and cancelled ones never do",
          "[models]") {
  constexpr std::uint32_t kLists = 3;
  const SimTime timeout[kLists] = {5, 17, 17};
  TimeoutLists lists(kLists);
  EventQueue events;
  Rng rng(11);
  // Reference: every live timer by (deadline, seq) -> owner index.
  std::map<std::pair<SimTime, std::uint64_t>, std::uint32_t> reference;
  std::map<std::uint32_t, std::uint32_t> id_of_owner;  // owner -> timer id
  std::map<std::uint32_t, std::pair<SimTime, std::uint64_t>> key_of_owner;
  std::uint32_t next_owner = 0;
  std::uint64_t fired = 0, cancelled = 0;
  for (int step = 0; step < 100'000; ++step) {
    const std::uint64_t action = rng.below(3);
    if (action == 0 || events.empty()) {
      const auto list = static_cast<std::uint32_t>(rng.below(kLists));
      const SimTime deadline = events.now() + timeout[list];
      const std::uint64_t seq = events.reserve_seq();
      bool arm = false;
      const std::uint32_t owner = next_owner++;
      const std::uint32_t id = lists.start(list, Handle{owner, 0}, deadline, seq, &arm);
      if (arm) events.push_reserved(deadline, seq, 0, list, 0);
      reference[{deadline, seq}] = owner;
      id_of_owner[owner] = id;
      key_of_owner[owner] = {deadline, seq};
    } else if (action == 1 && !id_of_owner.empty()) {
      // Cancel a random live timer.
      auto it = id_of_owner.begin();
      std::advance(it, static_cast<long>(rng.below(id_of_owner.size())));
      lists.cancel(it->second);
      reference.erase(key_of_owner[it->first]);
      key_of_owner.erase(it->first);
      id_of_owner.erase(it);
      ++cancelled;
    } else {
      const Event e = events.pop();
      const std::uint32_t id = lists.on_event(e.index, e.time, e.seq);
      if (id != TimeoutLists::kNone) {
        const std::uint32_t owner = lists.timer(id).owner.index;
        // It is the earliest live timer of all lists: nothing live comes before it.
        REQUIRE(!reference.empty());
        REQUIRE(reference.begin()->second == owner);
        REQUIRE(reference.begin()->first == std::make_pair(e.time, e.seq));
        lists.cancel(id);
        reference.erase(reference.begin());
        id_of_owner.erase(owner);
        key_of_owner.erase(owner);
        ++fired;
      } else {
        // A stale event: no live timer may be due before it.
        REQUIRE((reference.empty() || reference.begin()->first > std::make_pair(e.time, e.seq)));
      }
      if (const TimeoutLists::Timer* front = lists.re_arm(e.index))
        events.push_reserved(front->deadline, front->seq, 0, e.index, 0);
    }
    REQUIRE(lists.live() == reference.size());
    REQUIRE(events.size() <= kLists);  // at most one event per list
  }
  CHECK(fired > 1000);
  CHECK(cancelled > 1000);
}

}  // namespace
}  // namespace surge::mesh
