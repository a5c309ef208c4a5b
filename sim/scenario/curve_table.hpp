// CurveTable: the demand of one workload per interval, before running it (what
// `surge curve` prints). For each interval [k·step, min((k+1)·step, duration)):
// the expected count Λ over it and the arrivals realized by the same process, on
// the same random stream, as a run draws them (mesh::arrival_stream_key), so the
// table shows exactly what the run will see.
//
// Nothing is stored per interval: expected(k) is computed on demand and
// count_arrivals() walks the arrival process once, handing out each interval's
// count as soon as it is complete. A table of 10^7 intervals costs the memory of
// one arrival process.
//
// For a hawkes workload `expected` is the background's Λ (the immigrants: the mean
// with self-excitation has no closed form for a general background); replayed
// timestamps have no curve and no expected count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "models/mesh/model_graph.hpp"
#include "sim/kernel/time.hpp"

namespace surge::scenario {

// Most intervals `surge curve` tabulates: rows are streamed, so this bounds the
// output's size (about 50 bytes a row), not memory.
inline constexpr double kMaxCurveIntervals = 1e7;

// Whether a workload has arrivals to tabulate (a curve, a process or timestamps).
[[nodiscard]] bool has_arrivals(const demand::ArrivalSpec& spec);

class CurveTable {
 public:
  // REQUIRES: has_arrivals(workload.arrivals), step > 0; `graph` and `workload`
  // outlive the table.
  CurveTable(const mesh::ModelGraph& graph, const mesh::WorkloadSpec& workload, SimTime step);

  [[nodiscard]] const std::string& workload() const { return workload_->name; }
  // "poisson", "deterministic", "hawkes" or "timestamps".
  [[nodiscard]] std::string process() const;
  // What `expected` integrates: "rate", "background", or nullopt (timestamps).
  [[nodiscard]] std::optional<std::string> expected_of() const;

  [[nodiscard]] std::size_t intervals() const { return intervals_; }
  [[nodiscard]] double start_s(std::size_t k) const { return to_seconds(begin(k)); }
  [[nodiscard]] double end_s(std::size_t k) const { return to_seconds(end(k)); }
  // Λ over interval k; nullopt when there is no curve (timestamps).
  [[nodiscard]] std::optional<double> expected(std::size_t k) const;

  // Calls each(k, arrivals in interval k) for k = 0, 1, ..., intervals() - 1 in
  // order, drawing the arrivals as the run does.
  void count_arrivals(const std::function<void(std::size_t, std::uint64_t)>& each) const;

 private:
  [[nodiscard]] SimTime begin(std::size_t k) const { return static_cast<SimTime>(k) * step_; }
  [[nodiscard]] SimTime end(std::size_t k) const;

  const mesh::ModelGraph* graph_;
  const mesh::WorkloadSpec* workload_;
  SimTime step_;
  SimTime horizon_;
  std::size_t intervals_;
};

}  // namespace surge::scenario
