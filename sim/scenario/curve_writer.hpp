// Writers of `surge curve`'s table (CurveTable) as CSV or JSON, streamed to a
// TextSink row by row or value by value: memory stays that of one arrival
// process whatever the number of intervals.
//
// CSV: a header `workload,process,t_s,end_s,expected,arrivals`, then one row per
// interval of each table in turn (`expected` empty when there is no curve).
// JSON: {"scenario": {name, seed, replication, sha256}, "step_s", "duration_s",
// "workloads": {W: {"process", "expected_of", "t_s": [...], "end_s": [...],
// "expected": [...], "arrivals": [...], "total": {"expected", "arrivals"}}}}, each
// column written by its own pass (the arrivals are drawn again, identically).
#pragma once

#include <vector>

#include "sim/scenario/curve_table.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/text_sink.hpp"

namespace surge::scenario {

void write_curve_csv(const std::vector<CurveTable>& tables, TextSink& out);
void write_curve_json(const std::vector<CurveTable>& tables, const LoadedScenario& scenario,
                      double step_s, TextSink& out);

}  // namespace surge::scenario
