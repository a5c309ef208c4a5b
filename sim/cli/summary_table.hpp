// The human-readable summary `surge run` prints: one table of workloads, one of
// services, read from the report document so it shows exactly what was written.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace surge::cli {

[[nodiscard]] std::string summary_table(const nlohmann::json& report);

}  // namespace surge::cli
