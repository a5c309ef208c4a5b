#include "sim/scenario/timeseries_csv.hpp"

#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "sim/scenario/atomic_file.hpp"

namespace surge::scenario {
namespace {

using nlohmann::json;

// Shortest text that reads back to the same double; empty for null.
std::string field(const json& v) {
  if (v.is_null()) return "";
  return v.dump();
}

// `group`: a JSON pointer under timeseries to an object of series by entity name.
std::string long_table(const json& report, const char* group, const char* entity_column,
                       const std::vector<const char*>& metrics) {
  const json& ts = report.at("timeseries");
  const json& t = ts.at("t_s");
  const json& entities = ts.at(json::json_pointer(group));
  std::string out = fmt::format("t_s,{}", entity_column);
  for (const char* m : metrics) out += fmt::format(",{}", m);
  out += "\n";
  for (std::size_t i = 0; i < t.size(); ++i) {
    for (const auto& [name, series] : entities.items()) {
      out += fmt::format("{},{}", field(t[i]), name);
      for (const char* m : metrics) out += "," + field(series.at(m)[i]);
      out += "\n";
    }
  }
  return out;
}

}  // namespace

std::string workloads_csv(const json& report) {
  return long_table(report, "/workloads", "workload",
                    {"offered_per_s", "goodput_per_s", "error_ratio", "p50_s", "p99_s"});
}

std::string services_csv(const json& report) {
  return long_table(report, "/services", "service",
                    {"arrivals_per_s", "utilization", "queue_length", "instances"});
}

std::string links_csv(const json& report) {
  return long_table(report, "/network/links", "link", {"utilization"});
}

std::string write_timeseries_csv(const json& report, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return fmt::format("cannot create directory \"{}\": {}", dir, ec.message());
  const std::filesystem::path base(dir);
  std::string error = write_file_atomically((base / "workloads.csv").string(), workloads_csv(report));
  if (!error.empty()) return error;
  error = write_file_atomically((base / "services.csv").string(), services_csv(report));
  if (!error.empty() || !report.at("timeseries").contains("network")) return error;
  return write_file_atomically((base / "links.csv").string(), links_csv(report));
}

}  // namespace surge::scenario
