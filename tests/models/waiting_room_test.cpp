// WaitingRoom: the serving order of each discipline (docs/model.md, disciplines), and the
// ring buffers it keeps per priority level, which start at 16 slots and double.
#include "models/mesh/waiting_room.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

namespace surge::mesh {
namespace {

Handle visit(std::uint32_t i) { return Handle{i, 0}; }

// Pops everything, returning the visits' indices in serving order.
std::vector<std::uint32_t> pop_all(WaitingRoom& room) {
  std::vector<std::uint32_t> out;
  while (!room.empty()) out.push_back(room.pop().index);
  return out;
}

TEST_CASE("models::waiting_room: fifo serves in arrival order, ignoring priority", "[models]") {
  WaitingRoom room(Discipline::kFifo);
  room.push(visit(1), 3);
  room.push(visit(2), 0);
  room.push(visit(3), 1);
  CHECK(room.size() == 3);
  CHECK(pop_all(room) == std::vector<std::uint32_t>{1, 2, 3});
  CHECK(room.size() == 0);
}

TEST_CASE("models::waiting_room: lifo serves the newest waiting visit first", "[models]") {
  WaitingRoom room(Discipline::kLifo);
  room.push(visit(1), 1);
  room.push(visit(2), 0);
  room.push(visit(3), 1);
  CHECK(room.pop().index == 3);
  room.push(visit(4), 1);  // arrives later than 1 and 2: served next
  CHECK(pop_all(room) == std::vector<std::uint32_t>{4, 2, 1});
}

TEST_CASE("models::waiting_room: priority serves 0 first, FIFO within a priority", "[models]") {
  WaitingRoom room(Discipline::kPriority);
  room.push(visit(1), 2);
  room.push(visit(2), 1);
  room.push(visit(3), 2);
  room.push(visit(4), 0);
  room.push(visit(5), 1);
  room.push(visit(6), 0);
  CHECK(room.size() == 6);
  CHECK(room.pop().index == 4);
  // A later, higher-priority arrival overtakes everyone still waiting at lower ones.
  room.push(visit(7), 0);
  CHECK(pop_all(room) == std::vector<std::uint32_t>{6, 7, 2, 5, 1, 3});
}

TEST_CASE("models::waiting_room: priority levels first seen out of order stay sorted", "[models]") {
  WaitingRoom room(Discipline::kPriority);
  room.push(visit(1), 5);
  room.push(visit(2), 9);
  room.push(visit(3), 0);
  room.push(visit(4), 7);
  room.push(visit(5), 5);
  CHECK(pop_all(room) == std::vector<std::uint32_t>{3, 1, 5, 4, 2});
  // An emptied level is reused, not duplicated.
  room.push(visit(6), 9);
  room.push(visit(7), 5);
  CHECK(pop_all(room) == std::vector<std::uint32_t>{7, 6});
}

TEST_CASE("models::waiting_room: the ring keeps its order when it wraps and grows past 16",
          "[models]") {
  for (const Discipline d : {Discipline::kFifo, Discipline::kLifo, Discipline::kPriority}) {
    INFO("discipline " << static_cast<int>(d));
    WaitingRoom room(d);
    std::vector<std::uint32_t> waiting;  // the expected contents, oldest first
    std::uint32_t next = 0;
    const auto push = [&](std::uint32_t n) {
      for (std::uint32_t i = 0; i < n; ++i) {
        room.push(visit(next), 4);  // one priority level: FIFO order within it
        waiting.push_back(next++);
      }
    };
    const auto pop = [&](std::uint32_t n) {
      for (std::uint32_t i = 0; i < n; ++i) {
        const bool newest = d == Discipline::kLifo;
        const std::uint32_t expected = newest ? waiting.back() : waiting.front();
        CHECK(room.pop().index == expected);
        if (newest) {
          waiting.pop_back();
        } else {
          waiting.erase(waiting.begin());
        }
      }
    };
    // Move the head away from slot 0, then fill past 16 so the buffer grows while
    // wrapped (the copy must unwrap it), then past 32 and 64.
    push(12);
    pop(10);
    push(14);  // 16 waiting, wrapped around the end of the 16 slots
    CHECK(room.size() == 16);
    push(1);  // grows to 32
    pop(5);
    push(60);  // grows to 64, then 128
    CHECK(room.size() == waiting.size());
    pop(static_cast<std::uint32_t>(waiting.size()));
    CHECK(room.empty());
    push(3);  // still usable after emptying
    pop(3);
  }
}

TEST_CASE("models::waiting_room: drain returns every visit in serving order", "[models]") {
  WaitingRoom room(Discipline::kPriority);
  for (std::uint32_t i = 0; i < 20; ++i) room.push(visit(i), i % 3);
  std::vector<std::uint32_t> expected;
  for (std::uint32_t p = 0; p < 3; ++p)
    for (std::uint32_t i = 0; i < 20; ++i)
      if (i % 3 == p) expected.push_back(i);
  std::vector<std::uint32_t> drained;
  for (const Handle h : room.drain()) drained.push_back(h.index);
  CHECK(drained == expected);
  CHECK(room.empty());
}

TEST_CASE("models::waiting_room: pop_newest takes the newest of the highest priority level",
          "[models]") {
  WaitingRoom room(Discipline::kPriority);
  room.push(visit(0), 1);
  room.push(visit(1), 0);
  room.push(visit(2), 1);
  room.push(visit(3), 0);
  CHECK(room.pop_newest().index == 3);  // priority 0, newest
  CHECK(room.pop().index == 1);         // priority 0, oldest: the order is otherwise intact
  CHECK(room.pop_newest().index == 2);
  CHECK(room.pop().index == 0);
  CHECK(room.empty());
}

}  // namespace
}  // namespace surge::mesh
