// The report's time series as CSV in long format: one row per interval and
// workload (or service), so `pandas.read_csv` gives a tidy table in one call.
//
//   workloads.csv: t_s,workload,offered_per_s,goodput_per_s,error_ratio,p50_s,p99_s
//   services.csv:  t_s,service,arrivals_per_s,utilization,queue_length,instances
//   links.csv:     t_s,link,utilization   (only when the report has network links:
//                  the SimGrid engine with a network section)
//
// A null in the report (an empty interval) is an empty field.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace surge::scenario {

[[nodiscard]] std::string workloads_csv(const nlohmann::json& report);
[[nodiscard]] std::string services_csv(const nlohmann::json& report);
// REQUIRES: the report has timeseries.network.links.
[[nodiscard]] std::string links_csv(const nlohmann::json& report);

// Writes the files into `dir` (created when missing), atomically each; links.csv
// only when the report has network links.
// Returns an empty string on success, else the error.
[[nodiscard]] std::string write_timeseries_csv(const nlohmann::json& report,
                                               const std::string& dir);

}  // namespace surge::scenario
