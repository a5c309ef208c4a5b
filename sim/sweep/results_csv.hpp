// The CSV beside a sweep's result file, for spreadsheets and pandas: a header,
// then a row per point in point order with its index, its parameters (one column
// per pointer), each metric's NAME_mean, NAME_ci_lo and NAME_ci_hi, and
// slo_pass_ratio. Numbers are written as in the JSON (shortest text that reads
// back to the same double); null is an empty cell; text is quoted (RFC 4180).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "sim/sweep/sweep_spec.hpp"

namespace surge::sweep {

// REQUIRES: `results` came from run_sweep(spec, ...).
[[nodiscard]] std::string results_csv(const SweepSpec& spec, const nlohmann::json& results);

// Where the CSV of result file `output` goes: "x.json" -> "x.csv", else output + ".csv".
[[nodiscard]] std::string csv_path_for(const std::string& output);

}  // namespace surge::sweep
