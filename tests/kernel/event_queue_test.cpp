#include "sim/kernel/event_queue.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <set>
#include <utility>

#include "sim/kernel/rng.hpp"

namespace surge {

TEST_CASE("kernel::event_queue: events pop in time order", "[kernel]") {
  EventQueue q;
  q.push(30, 3, 0, 0);
  q.push(10, 1, 0, 0);
  q.push(20, 2, 0, 0);
  CHECK(q.size() == 3);
  CHECK(q.top().time == 10);
  const Event a = q.pop();
  CHECK(a.time == 10);
  CHECK(a.kind == 1u);
  CHECK(q.now() == 10);
  CHECK(q.pop().kind == 2u);
  CHECK(q.pop().kind == 3u);
  CHECK(q.empty());
  CHECK(q.now() == 30);
  CHECK(q.scheduled() == 3);
}

TEST_CASE("kernel::event_queue: equal times pop in insertion order", "[kernel]") {
  EventQueue q;
  for (std::uint32_t i = 0; i < 100; ++i) q.push(5, 0, i, 7 * i, i + 1);
  q.push(4, 0, 1000, 0);
  CHECK(q.pop().index == 1000u);
  for (std::uint32_t i = 0; i < 100; ++i) {
    const Event e = q.pop();
    REQUIRE(e.index == i);
    REQUIRE(e.generation == 7 * i);
    REQUIRE(e.aux == i + 1);
    REQUIRE(e.seq == i);  // seq counts pushes from 0
  }
}

TEST_CASE("kernel::event_queue: scheduling at the current time is allowed", "[kernel]") {
  EventQueue q;
  q.push(10, 0, 0, 0);
  (void)q.pop();
  q.push(10, 0, 1, 0);  // a zero-delay event at now
  CHECK(q.pop().index == 1u);
}

TEST_CASE("kernel::event_queue: matches a sorted reference under random use", "[kernel]") {
  // Interleaved pushes and pops with many ties (times drawn from a small range
  // ahead of now); the reference is an ordered set of (time, seq). Pushes slightly
  // outnumber pops, so the heap grows to thousands of events.
  Rng rng(hash_name("kernel/event_queue/random"));
  EventQueue q;
  std::set<std::pair<SimTime, std::uint64_t>> reference;
  std::uint64_t seq = 0;
  int popped = 0;
  for (int step = 0; step < 200'000; ++step) {
    if (reference.empty() || rng.below(100) < 55) {
      const SimTime t = q.now() + static_cast<SimTime>(rng.below(20));
      const auto tag = static_cast<std::uint32_t>(seq);
      REQUIRE(q.push(t, tag, tag, tag) == seq);
      reference.emplace(t, seq++);
      continue;
    }
    const auto [time, s] = *reference.begin();
    reference.erase(reference.begin());
    const Event e = q.pop();
    REQUIRE(e.time == time);
    REQUIRE(e.seq == s);
    REQUIRE(e.index == static_cast<std::uint32_t>(s));  // the payload travels with it
    REQUIRE(q.size() == reference.size());
    ++popped;
  }
  CHECK(popped > 50'000);
  CHECK(q.size() > 1000);
  for (const auto& [time, s] : reference) {
    const Event e = q.pop();
    REQUIRE(e.time == time);
    REQUIRE(e.seq == s);
  }
  CHECK(q.empty());
}

}  // namespace surge
