// Codel (controlled delay, "Fail at Scale") on hand-computed dequeue sequences: the
// limit is the interval until the queue has gone more than an interval without a good
// moment, then the target; a short wait or an empty room ends the overload; adaptive
// LIFO follows the overload signal.
#include <catch2/catch.hpp>

#include "models/resilience/codel.hpp"

namespace surge::resilience {
namespace {

constexpr SimTime kMs = 1'000'000;

TEST_CASE("models::resilience::codel: limit is the interval until overload, then the target",
          "[models]") {
  Codel codel(CodelSpec{0.005, 0.1, false});  // target 5 ms, interval 100 ms; good at 0
  CHECK_FALSE(codel.should_shed(50 * kMs, 80 * kMs));  // not overloaded: limit 100 ms
  CHECK(codel.last_good() == 0);                       // 80 ms > target: not a good moment
  CHECK(codel.should_shed(100 * kMs, 100 * kMs + 1));  // 100 ms since good is not "more"
  CHECK_FALSE(codel.should_shed(100 * kMs, 100 * kMs));
  CHECK_FALSE(codel.overloaded(100 * kMs));
  CHECK(codel.overloaded(100 * kMs + 1));
  CHECK(codel.limit(100 * kMs + 1) == 5 * kMs);
  // Overloaded: anything that waited more than 5 ms is shed, shedding does not end it.
  CHECK(codel.should_shed(100 * kMs + 1, 5 * kMs + 1));
  CHECK(codel.should_shed(120 * kMs, 6 * kMs));
  CHECK(codel.overloaded(120 * kMs));
  // A visit that waited exactly the target is served and ends the overload.
  CHECK_FALSE(codel.should_shed(130 * kMs, 5 * kMs));
  CHECK(codel.last_good() == 130 * kMs);
  CHECK_FALSE(codel.overloaded(130 * kMs));
  CHECK_FALSE(codel.should_shed(230 * kMs, 99 * kMs));  // within 100 ms of 130 ms
  CHECK(codel.should_shed(230 * kMs + 1, 6 * kMs));
}

TEST_CASE("models::resilience::codel: an empty room ends the overload", "[models]") {
  Codel codel(CodelSpec{0.005, 0.1, false}, 1000 * kMs);  // starts at 1 s
  CHECK(codel.overloaded(1200 * kMs));
  codel.note_empty(1200 * kMs);  // a visit arrived at an empty room at 1.2 s
  // So after an idle spell the first burst is judged against the interval, not the target.
  CHECK_FALSE(codel.should_shed(1250 * kMs, 50 * kMs));
  CHECK_FALSE(codel.overloaded(1300 * kMs));
  CHECK(codel.should_shed(1301 * kMs, 6 * kMs));
}

TEST_CASE("models::resilience::codel: a target above the interval is never relaxed below it",
          "[models]") {
  Codel codel(CodelSpec{0.2, 0.1, false});
  CHECK(codel.limit(0) == 200 * kMs);
  CHECK(codel.limit(500 * kMs) == 200 * kMs);
  CHECK_FALSE(codel.should_shed(500 * kMs, 200 * kMs));
  CHECK(codel.should_shed(500 * kMs, 200 * kMs + 1));
}

TEST_CASE("models::resilience::codel: adaptive LIFO follows the overload signal", "[models]") {
  Codel lifo(CodelSpec{0.005, 0.1, true});
  Codel fifo(CodelSpec{0.005, 0.1, false});
  CHECK_FALSE(lifo.serve_newest_first(100 * kMs));
  CHECK(lifo.serve_newest_first(100 * kMs + 1));
  CHECK_FALSE(fifo.serve_newest_first(100 * kMs + 1));
  CHECK_FALSE(lifo.should_shed(150 * kMs, 1 * kMs));  // a short wait: good again
  CHECK_FALSE(lifo.serve_newest_first(150 * kMs));
}

}  // namespace
}  // namespace surge::resilience
