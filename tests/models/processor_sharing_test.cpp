// ProcessorSharing: the virtual-time arithmetic of a `ps` instance on cases worked
// out by hand. n visits in their work phase each get min(1, cores/n) of a core; a
// visit admitted at virtual time V0 with work x is done when V reaches V0 + x.
// The tests drive it as the engine does: advance to the event time, admit or pop,
// then ask for the time to the next finish.
#include "models/mesh/processor_sharing.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

namespace surge::mesh {
namespace {

Handle visit(std::uint32_t i) { return Handle{i, 0}; }

// Runs the instance from `now` until it is idle, returning (visit, finish time in
// seconds) in order of finishing.
struct Finish {
  std::uint32_t visit;
  double at_s;
};
std::vector<Finish> run_to_idle(ProcessorSharing& ps, SimTime now, double cores) {
  std::vector<Finish> out;
  for (;;) {
    const SimTime dt = ps.time_to_next(cores);
    if (dt == kTimeInfinity) return out;
    now += dt;
    ps.advance(now, cores);
    Handle done;
    bool any = false;
    while (ps.pop_done(&done)) {
      out.push_back({done.index, to_seconds(now)});
      any = true;
    }
    REQUIRE(any);  // each scheduled finish finishes someone
  }
}

TEST_CASE("models::processor_sharing: works 1 and 2 on one core finish at 2 and 3", "[models]") {
  ProcessorSharing ps;
  ps.advance(0, 1.0);
  ps.admit(visit(1), 1.0);
  ps.admit(visit(2), 2.0);
  CHECK(ps.active() == 2);
  // Each gets half a core: visit 1's unit of work takes 2 s; then visit 2 runs
  // alone at full speed for its remaining unit.
  CHECK(ps.time_to_next(1.0) == from_seconds(2.0));
  const std::vector<Finish> f = run_to_idle(ps, 0, 1.0);
  REQUIRE(f.size() == 2);
  CHECK(f[0].visit == 1);
  CHECK(f[0].at_s == Approx(2.0).margin(1e-9));
  CHECK(f[1].visit == 2);
  CHECK(f[1].at_s == Approx(3.0).margin(1e-9));
  CHECK(ps.active() == 0);
}

TEST_CASE("models::processor_sharing: no visit gets more than one core", "[models]") {
  // Two cores, two visits: each runs at full speed, finishing at its own work.
  ProcessorSharing ps;
  ps.advance(0, 2.0);
  ps.admit(visit(1), 1.0);
  ps.admit(visit(2), 2.0);
  const std::vector<Finish> f = run_to_idle(ps, 0, 2.0);
  REQUIRE(f.size() == 2);
  CHECK(f[0].at_s == Approx(1.0).margin(1e-9));
  CHECK(f[1].at_s == Approx(2.0).margin(1e-9));
}

TEST_CASE("models::processor_sharing: three visits share two cores at 2/3 each", "[models]") {
  // Works 1, 1, 3: the two short ones reach V = 1 after 1 / (2/3) = 1.5 s; the
  // long one then runs alone (rate 1) for its remaining 2: done at 3.5 s.
  ProcessorSharing ps;
  ps.advance(0, 2.0);
  ps.admit(visit(1), 1.0);
  ps.admit(visit(2), 3.0);
  ps.admit(visit(3), 1.0);
  const std::vector<Finish> f = run_to_idle(ps, 0, 2.0);
  REQUIRE(f.size() == 3);
  CHECK(f[0].at_s == Approx(1.5).margin(1e-9));
  CHECK(f[1].at_s == Approx(1.5).margin(1e-9));
  CHECK(f[2].visit == 2);
  CHECK(f[2].at_s == Approx(3.5).margin(1e-9));
}

TEST_CASE("models::processor_sharing: a late arrival slows the visit already running", "[models]") {
  // Work 2 admitted at 0 runs alone until 1 s (V = 1, one unit left); work 1
  // admitted at 1 s shares the core: both need one more unit at half speed and
  // finish together at 3 s.
  ProcessorSharing ps;
  ps.advance(0, 1.0);
  ps.admit(visit(1), 2.0);
  const SimTime one = from_seconds(1.0);
  ps.advance(one, 1.0);
  ps.admit(visit(2), 1.0);
  CHECK(ps.time_to_next(1.0) == from_seconds(2.0));
  const std::vector<Finish> f = run_to_idle(ps, one, 1.0);
  REQUIRE(f.size() == 2);
  CHECK(f[0].at_s == Approx(3.0).margin(1e-9));
  CHECK(f[1].at_s == Approx(3.0).margin(1e-9));
}

TEST_CASE("models::processor_sharing: an idle instance's clock stands still", "[models]") {
  ProcessorSharing ps;
  CHECK(ps.time_to_next(1.0) == kTimeInfinity);
  ps.advance(from_seconds(10.0), 1.0);  // nobody working: V stays 0
  ps.admit(visit(1), 1.0);
  CHECK(ps.time_to_next(1.0) == from_seconds(1.0));
  const std::vector<Finish> f = run_to_idle(ps, from_seconds(10.0), 1.0);
  REQUIRE(f.size() == 1);
  CHECK(f[0].at_s == Approx(11.0).margin(1e-9));
}

TEST_CASE("models::processor_sharing: after clear a newcomer runs alone", "[models]") {
  // Works 1 and 2 at 0 on one core; at 1 s the instance crashes (clear). Visit 3
  // admitted at 2 s with work 1 shares with no one: done at 3 s.
  ProcessorSharing ps;
  ps.advance(0, 1.0);
  ps.admit(visit(1), 1.0);
  ps.admit(visit(2), 2.0);
  ps.advance(from_seconds(1.0), 1.0);
  ps.clear();
  CHECK(ps.active() == 0);
  CHECK(ps.time_to_next(1.0) == kTimeInfinity);
  const SimTime two = from_seconds(2.0);
  ps.advance(two, 1.0);
  ps.admit(visit(3), 1.0);
  const std::vector<Finish> f = run_to_idle(ps, two, 1.0);
  REQUIRE(f.size() == 1);
  CHECK(f[0].visit == 3);
  CHECK(f[0].at_s == Approx(3.0).margin(1e-9));
}

TEST_CASE("models::processor_sharing: each reschedule bumps the generation", "[models]") {
  ProcessorSharing ps;
  const std::uint32_t g0 = ps.generation();
  CHECK(ps.bump_generation() == g0 + 1);
  CHECK(ps.generation() == g0 + 1);
}

}  // namespace
}  // namespace surge::mesh
