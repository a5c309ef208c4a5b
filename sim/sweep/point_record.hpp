// A point's record: what its replications measured, as the journal stores it
// and as the result file is computed from, so a resumed sweep and an
// uninterrupted one build their results from the same bytes.
//
// Record: {"index": i, "metrics": {NAME: [value per replication]},
//          "slo_passed": k or null, "aborted": a}
// where a value is the report's number at the metric's pointer (or null where the
// report has null there: a percentile of no requests), and slo_passed counts the
// replications in which every SLO of the scenario was met (null when the scenario
// has no SLO), and aborted counts the replications a `limits` key stopped (their
// report is partial: run.status "aborted").
//
// Result point: {"index": i, "parameters": {POINTER: value},
//                "metrics": {NAME: {"mean": m, "ci95": [lo, hi], "values": [...]}},
//                "slo_pass_ratio": r, "aborted_replications": a}
// mean over the numeric values (null if none); ci95 the Student-t 95% interval
// (null with fewer than two numeric values); slo_pass_ratio = slo_passed / R or
// null.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/sweep/sweep_spec.hpp"

namespace surge::sweep {

// Collects a point's measurements, one report at a time.
class PointRecorder {
 public:
  PointRecorder(const SweepSpec& spec, std::size_t index);
  // Takes the metrics and SLO verdicts of one replication's report. Empty on
  // success, else the error, and `where` is set to the metric's pointer in the
  // sweep file (/metrics/NAME).
  [[nodiscard]] std::string add(const nlohmann::json& report, std::string& where);
  [[nodiscard]] nlohmann::json record() const;

 private:
  const SweepSpec* spec_;
  std::size_t index_;
  std::vector<nlohmann::json> values_;  // per metric: an array
  std::optional<std::uint64_t> slo_passed_;
  std::uint64_t aborted_ = 0;
};

// True when `record` is a well-formed record of a point of `spec`.
[[nodiscard]] bool valid_record(const nlohmann::json& record, const SweepSpec& spec);

// The result file's entry of a point, from its record.
[[nodiscard]] nlohmann::json result_point(const SweepSpec& spec, const nlohmann::json& record);

}  // namespace surge::sweep
