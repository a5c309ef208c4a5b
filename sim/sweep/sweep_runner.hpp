// Running a sweep: every point of the design, each `replications` times, on
// `threads` threads, into the result document (point_record.hpp for its
// entries).
//
// Determinism: a point's replications run in order on one thread, and results
// are assembled by point index, never by completion order, from the records the
// journal stores; so the result is the same bytes for any thread count, and for a
// sweep resumed from its journal.
//
// Replication r of every point runs with the base scenario's seed and
// replication index r: common random numbers across points.
//
// Points can also run elsewhere (other MPI ranks: sim/sweep/mpi): `remote` then
// runs on the calling thread beside the local threads, takes point indices from
// the same queue and hands back each finished point as the record's JSON text,
// which is exactly what a local point goes through, so the bytes do not change.
#pragma once

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "sim/sweep/sweep_spec.hpp"

namespace surge::sweep {

// A finished point: its record as JSON text (point_record.hpp), or why it failed.
struct PointResult {
  std::size_t index = 0;
  std::string record_text;  // set on success
  std::string error;        // else why not
  std::string where;        // a pointer in the sweep file when it is at fault
};

// Runs point `index` (all its replications) on the calling thread.
[[nodiscard]] PointResult run_point(const SweepSpec& spec, std::size_t index);

// What `remote` works with: take() gives the next point to run, or nothing when
// none is left or the sweep stopped at an error; deliver() accepts a finished one.
struct PointQueue {
  std::function<std::optional<std::size_t>()> take;
  std::function<void(PointResult)> deliver;
};

struct SweepOptions {
  unsigned threads = 1;      // REQUIRES: >= 1
  std::string journal_path;  // "" for no journal (nor resume)
  bool resume = false;       // take finished points from the journal
  // Called (under a lock, from any thread) after each point: points done, total,
  // and how many of those were taken from the journal.
  std::function<void(std::size_t done, std::size_t total, std::size_t resumed)> on_progress;
  // When set: called once on the calling thread while `threads` local threads
  // run points; returns once every point it took has been delivered and it will
  // take no more.
  std::function<void(const PointQueue&)> remote;
};

struct SweepOutcome {
  std::optional<nlohmann::json> results;  // set on success
  // Otherwise why not; `where` is a pointer in the sweep file when the sweep file
  // is at fault (a metric the report lacks), else empty.
  std::string error;
  std::string where;
};

[[nodiscard]] SweepOutcome run_sweep(const SweepSpec& spec, const SweepOptions& options);

}  // namespace surge::sweep
