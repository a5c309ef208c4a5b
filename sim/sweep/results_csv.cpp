#include "sim/sweep/results_csv.hpp"

#include <filesystem>

namespace surge::sweep {
namespace {

using nlohmann::json;

std::string quoted(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string cell(const json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return quoted(value.get<std::string>());
  return quoted(value.dump());
}

}  // namespace

std::string results_csv(const SweepSpec& spec, const json& results) {
  std::string out = "index";
  for (const Parameter& p : spec.parameters) out += "," + quoted(p.pointer);
  for (const Metric& m : spec.metrics) {
    out += "," + m.name + "_mean," + m.name + "_ci_lo," + m.name + "_ci_hi";
  }
  out += ",slo_pass_ratio\n";
  for (const json& point : results.at("points")) {
    out += point.at("index").dump();
    for (const Parameter& p : spec.parameters)
      out += "," + cell(point.at("parameters").at(p.pointer));
    for (const Metric& m : spec.metrics) {
      const json& summary = point.at("metrics").at(m.name);
      const json& ci = summary.at("ci95");
      out += "," + cell(summary.at("mean"));
      out += "," + (ci.is_null() ? std::string() : cell(ci.at(0)));
      out += "," + (ci.is_null() ? std::string() : cell(ci.at(1)));
    }
    out += "," + cell(point.at("slo_pass_ratio")) + "\n";
  }
  return out;
}

std::string csv_path_for(const std::string& output) {
  std::filesystem::path path(output);
  if (path.extension() == ".json") return path.replace_extension(".csv").string();
  return output + ".csv";
}

}  // namespace surge::sweep
