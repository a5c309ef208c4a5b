// The report document (docs/report.md): key names are a contract with the
// pipelines that read them — add keys, rename none.
#pragma once

#include <nlohmann/json.hpp>

#include "models/mesh/results.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace surge::scenario {

inline constexpr int kReportSchemaVersion = 1;

[[nodiscard]] nlohmann::json make_report(const LoadedScenario& scenario,
                                         const mesh::RunResult& result);

// "p50", "p99.9": the report key of a percentile.
[[nodiscard]] std::string percentile_key(double percentile);

}  // namespace surge::scenario
