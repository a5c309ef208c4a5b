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
#pragma once

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "sim/sweep/sweep_spec.hpp"

namespace surge::sweep {

struct SweepOptions {
  unsigned threads = 1;      // REQUIRES: >= 1
  std::string journal_path;  // "" for no journal (nor resume)
  bool resume = false;       // take finished points from the journal
  // Called (under a lock, from any thread) after each point: points done, total,
  // and how many of those were taken from the journal.
  std::function<void(std::size_t done, std::size_t total, std::size_t resumed)> on_progress;
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
