#include "sim/scenario/curve_writer.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

namespace surge::scenario {
namespace {

// A double as JSON: the shortest text that reads back to it, with ".0" on whole
// numbers as nlohmann::json writes them.
std::string json_number(double x) {
  if (!std::isfinite(x)) return "null";
  std::string s = fmt::format("{}", x);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

std::string json_string(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Writes `"key": [v0, v1, ...]` with the values value(k) for every interval.
template <typename Value>
void write_column(TextSink& out, const char* key, std::size_t n, Value&& value) {
  out.write(fmt::format("      \"{}\": [", key));
  for (std::size_t k = 0; k < n; ++k) {
    out.write(k == 0 ? value(k) : "," + value(k));
  }
  out.write("],\n");
}

}  // namespace

void write_curve_csv(const std::vector<CurveTable>& tables, TextSink& out) {
  out.write("workload,process,t_s,end_s,expected,arrivals\n");
  for (const CurveTable& t : tables) {
    const std::string prefix = fmt::format("{},{},", t.workload(), t.process());
    t.count_arrivals([&](std::size_t k, std::uint64_t arrivals) {
      const auto expected = t.expected(k);
      out.write(fmt::format("{}{},{},{},{}\n", prefix, t.start_s(k), t.end_s(k),
                            expected ? fmt::format("{}", *expected) : std::string(), arrivals));
    });
  }
}

void write_curve_json(const std::vector<CurveTable>& tables, const LoadedScenario& scenario,
                      double step_s, TextSink& out) {
  const mesh::ModelGraph& graph = scenario.graph;
  const nlohmann::json head = {{"name", graph.name},
                               {"seed", graph.seed},
                               {"replication", graph.replication},
                               {"sha256", scenario.sha256}};
  out.write(
      fmt::format("{{\n  \"scenario\": {},\n  \"step_s\": {},\n  \"duration_s\": {},\n"
                  "  \"workloads\": {{",
                  head.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  json_number(step_s), json_number(graph.duration_s)));
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const CurveTable& t = tables[i];
    const std::size_t n = t.intervals();
    const auto expected_of = t.expected_of();
    out.write(
        fmt::format("{}\n    {}: {{\n      \"process\": \"{}\",\n      \"expected_of\": {},\n",
                    i == 0 ? "" : ",", json_string(t.workload()), t.process(),
                    expected_of ? json_string(*expected_of) : "null"));
    write_column(out, "t_s", n, [&](std::size_t k) { return json_number(t.start_s(k)); });
    write_column(out, "end_s", n, [&](std::size_t k) { return json_number(t.end_s(k)); });
    double total_expected = 0.0;
    write_column(out, "expected", n, [&](std::size_t k) {
      const auto e = t.expected(k);
      if (!e) return std::string("null");
      total_expected += *e;
      return json_number(*e);
    });
    std::uint64_t total_arrivals = 0;
    out.write("      \"arrivals\": [");
    t.count_arrivals([&](std::size_t k, std::uint64_t arrivals) {
      total_arrivals += arrivals;
      out.write(fmt::format("{}{}", k == 0 ? "" : ",", arrivals));
    });
    out.write(fmt::format("],\n      \"total\": {{\"expected\": {}, \"arrivals\": {}}}\n    }}",
                          expected_of ? json_number(total_expected) : "null", total_arrivals));
  }
  out.write(tables.empty() ? "}\n}\n" : "\n  }\n}\n");
}

}  // namespace surge::scenario
