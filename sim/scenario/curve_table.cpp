#include "sim/scenario/curve_table.hpp"

#include <algorithm>

#include "models/demand/arrival_process.hpp"
#include "models/mesh/random_keys.hpp"
#include "sim/kernel/assert.hpp"
#include "sim/kernel/rng.hpp"

namespace surge::scenario {

using Kind = demand::ArrivalSpec::Kind;

bool has_arrivals(const demand::ArrivalSpec& spec) {
  return spec.kind == Kind::kTimestamps ? spec.timestamps_s != nullptr : spec.rate != nullptr;
}

CurveTable::CurveTable(const mesh::ModelGraph& graph, const mesh::WorkloadSpec& workload,
                       SimTime step)
    : graph_(&graph),
      workload_(&workload),
      step_(step),
      horizon_(from_seconds(graph.duration_s)),
      intervals_(static_cast<std::size_t>((horizon_ + step - 1) / step)) {
  SURGE_ASSERT(step > 0);
  SURGE_ASSERT(has_arrivals(workload.arrivals));
}

std::string CurveTable::process() const {
  switch (workload_->arrivals.kind) {
    case Kind::kRate:
      return workload_->arrivals.deterministic ? "deterministic" : "poisson";
    case Kind::kHawkes:
      return "hawkes";
    case Kind::kTimestamps:
      return "timestamps";
  }
  return "unknown";
}

std::optional<std::string> CurveTable::expected_of() const {
  switch (workload_->arrivals.kind) {
    case Kind::kRate:
      return "rate";
    case Kind::kHawkes:
      return "background";
    case Kind::kTimestamps:
      return std::nullopt;
  }
  return std::nullopt;
}

SimTime CurveTable::end(std::size_t k) const { return std::min(begin(k) + step_, horizon_); }

std::optional<double> CurveTable::expected(std::size_t k) const {
  if (workload_->arrivals.kind == Kind::kTimestamps) return std::nullopt;
  return workload_->arrivals.rate->integral(start_s(k), end_s(k));
}

void CurveTable::count_arrivals(const std::function<void(std::size_t, std::uint64_t)>& each) const {
  const auto arrivals = demand::make_arrival_process(
      workload_->arrivals,
      Rng(mesh::arrival_stream_key(graph_->seed, graph_->replication, workload_->name)), horizon_);
  std::size_t k = 0;
  std::uint64_t count = 0;
  for (SimTime t = arrivals->next(); t < horizon_; t = arrivals->next()) {
    const auto interval = static_cast<std::size_t>(t / step_);
    for (; k < interval; ++k) {  // every interval before this arrival is complete
      each(k, count);
      count = 0;
    }
    ++count;
  }
  for (; k < intervals_; ++k) {
    each(k, count);
    count = 0;
  }
}

}  // namespace surge::scenario
