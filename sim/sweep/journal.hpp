// Journal: the record of a sweep's finished points, one JSON line each, appended
// and flushed as each point finishes, so an interrupted sweep resumes where it
// stopped (surge sweep --resume).
//
// Line 1 names the sweep: {"surge_sweep_journal": 1, "sha256": ..., "points": N,
// "replications": R}, where sha256 is SweepSpec::sha256 (the sweep document and
// the base scenario with its referenced files). Each further line is a point
// record (point_record.hpp). A journal of another sweep is refused, never mixed
// in. A last line cut short (a crash mid-write) is dropped and its point run
// again; any other damaged line is an error. Appends are serialized by a mutex:
// any thread may call append().
#pragma once

#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "sim/sweep/sweep_spec.hpp"

namespace surge::sweep {

class Journal {
 public:
  struct Opened {
    std::unique_ptr<Journal> journal;            // null on error
    std::map<std::size_t, nlohmann::json> done;  // point index -> record (resume only)
    std::string error;                           // why the journal cannot be used
  };

  // A fresh journal at `path` (replacing any), or with `resume` the existing one
  // (its finished points in `done`; a fresh one when there is none).
  [[nodiscard]] static Opened open(const std::string& path, const SweepSpec& spec, bool resume);

  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;
  ~Journal();

  // Appends one record as a line and flushes it; empty on success, else why not.
  [[nodiscard]] std::string append(const nlohmann::json& record);

 private:
  Journal(std::FILE* file, std::string path) : file_(file), path_(std::move(path)) {}
  std::FILE* file_;
  std::string path_;
  std::mutex mutex_;
};

}  // namespace surge::sweep
