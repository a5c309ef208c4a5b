// `surge analyze SCENARIO.json [--json] [-o FILE.json]`: analytic screening of a
// scenario without running it (docs/analytic.md). Thin: loads the scenario, asks
// models/analytic for the figures, prints them as a table (or JSON with --json)
// and writes the JSON to FILE atomically with -o.
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "models/analytic/screening.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/scenario_options.hpp"
#include "sim/scenario/atomic_file.hpp"

namespace surge::cli {
namespace {

using nlohmann::json;

struct AnalyzeFlags {
  ScenarioOptions scenario;
  bool json_out = false;
  std::string output;
};

// +inf (never saturates, unbounded wait) has no JSON number: null.
json finite_or_null(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

std::string_view kind_name(mesh::ServiceKind kind) {
  switch (kind) {
    case mesh::ServiceKind::kStandard:
      return "standard";
    case mesh::ServiceKind::kSessionStore:
      return "session_store";
    case mesh::ServiceKind::kGpuBatch:
      return "gpu_batch";
  }
  return "?";
}

std::string_view kind_name(mesh::WorkloadKind kind) {
  switch (kind) {
    case mesh::WorkloadKind::kOpen:
      return "open";
    case mesh::WorkloadKind::kClosed:
      return "closed";
    case mesh::WorkloadKind::kSessions:
      return "sessions";
  }
  return "?";
}

json to_json(const analytic::Analysis& a, const scenario::LoadedScenario& loaded) {
  json doc = {{"scenario", loaded.graph.name},
              {"scenario_sha256", loaded.sha256},
              {"method", "analytic screening at each workload's peak rate (docs/analytic.md)"}};
  doc["bottleneck"] = a.bottleneck ? json(a.services[*a.bottleneck].name) : json(nullptr);
  doc["saturation_multiple"] =
      a.bottleneck ? finite_or_null(a.services[*a.bottleneck].saturation_multiple) : json(nullptr);
  json& workloads = doc["workloads"] = json::object();
  for (const auto& w : a.workloads) {
    json visits = json::object();
    for (const auto& [endpoint, v] : w.visits) visits[endpoint] = v;
    workloads[w.name] = {
        {"kind", kind_name(w.kind)},
        {"rate_per_s", w.rate.rate_per_s},
        {"rate_basis", analytic::basis_name(w.rate.basis)},
        {"peak_at_s", w.rate.at_s},
        {"response_s",
         w.kind == mesh::WorkloadKind::kSessions ? json(nullptr) : finite_or_null(w.response_s)},
        {"visits", std::move(visits)}};
  }
  json& services = doc["services"] = json::object();
  for (const auto& s : a.services) {
    const bool limited = s.servers.has_value();
    const auto or_null = [&](double x) { return limited ? finite_or_null(x) : json(nullptr); };
    services[s.name] = {{"kind", kind_name(s.kind)},
                        {"instances", s.instances},
                        {"servers", limited ? json(*s.servers) : json("unlimited")},
                        {"arrivals_per_s", s.arrivals_per_s},
                        {"mean_work_s", s.mean_work_s},
                        {"mean_holding_s", s.mean_holding_s},
                        {"work_utilization", or_null(s.work_utilization)},
                        {"holding_utilization", or_null(s.holding_utilization)},
                        {"p_wait", or_null(s.p_wait)},
                        {"wait_s", finite_or_null(s.wait_s)},
                        {"saturation_multiple", finite_or_null(s.saturation_multiple)},
                        {"work_saturation_multiple", finite_or_null(s.work_saturation_multiple)},
                        {"saturated", s.saturated()},
                        {"wait_model", limited ? json(s.layered ? "layered_chain" : "erlang_c")
                                               : json(nullptr)}};
  }
  return doc;
}

std::string number(double x, const char* spec = "{:.4g}") {
  return std::isfinite(x) ? fmt::format(fmt::runtime(spec), x) : std::string("inf");
}

std::string table(const analytic::Analysis& a, const scenario::LoadedScenario& loaded) {
  std::string out =
      fmt::format("{}: analytic screening at each workload's peak rate\n\n", loaded.graph.name);
  out += fmt::format("{:<16} {:>8} {:>12} {:>11} {:>12}\n", "workload", "kind", "rate/s", "basis",
                     "response_s");
  for (const auto& w : a.workloads)
    out += fmt::format("{:<16} {:>8} {:>12} {:>11} {:>12}\n", w.name, kind_name(w.kind),
                       number(w.rate.rate_per_s), analytic::basis_name(w.rate.basis),
                       w.kind == mesh::WorkloadKind::kSessions ? "-" : number(w.response_s));
  out += fmt::format("\n{:<16} {:>12} {:>9} {:>9} {:>11} {:>9} {:>8}  {}\n", "service",
                     "arrivals/s", "work_util", "hold_util", "wait_s", "multiple", "model", "flag");
  for (const auto& s : a.services) {
    const bool limited = s.servers.has_value();
    const auto percent = [&](double x) {
      if (!limited) return std::string("-");
      return std::isfinite(x) ? fmt::format("{:.1f}%", 100.0 * x) : std::string("inf");
    };
    out += fmt::format("{:<16} {:>12} {:>9} {:>9} {:>11} {:>9} {:>8}  {}\n", s.name,
                       number(s.arrivals_per_s), percent(s.work_utilization),
                       percent(s.holding_utilization), number(s.wait_s),
                       limited ? number(s.saturation_multiple, "{:.3g}x") : std::string("-"),
                       limited ? (s.layered ? "layered" : "erlang_c") : "-",
                       s.saturated() ? "SATURATED" : (limited ? "" : "unlimited"));
  }
  if (a.bottleneck) {
    const auto& b = a.services[*a.bottleneck];
    out += fmt::format("\nbottleneck: {} (saturates at {} the peak rates)\n", b.name,
                       number(b.saturation_multiple, "{:.3g}x"));
  }
  return out;
}

int run_analyze(const AnalyzeFlags& flags) {
  if (!flags.output.empty()) {
    const std::string why = scenario::check_output_file(flags.output, {flags.scenario.path});
    if (!why.empty()) {
      fmt::print(stderr, "surge: {}\n", why);
      return 2;
    }
  }
  const auto loaded = flags.scenario.load();
  if (!loaded) return 2;
  const analytic::Analysis analysis = analytic::analyze(loaded->graph);
  const json doc = to_json(analysis, *loaded);
  if (flags.json_out) {
    fmt::print("{}\n", doc.dump(2));
  } else {
    fmt::print("{}", table(analysis, *loaded));
  }
  if (!flags.output.empty()) {
    const std::string error = scenario::write_file_atomically(flags.output, doc.dump(2) + "\n");
    if (!error.empty()) {
      fmt::print(stderr, "surge: {}\n", error);
      return 2;
    }
  }
  return 0;
}

}  // namespace

void add_analyze_command(CLI::App& app, CommandContext& ctx) {
  auto flags = std::make_shared<AnalyzeFlags>();
  CLI::App* command = app.add_subcommand(
      "analyze",
      "Screen a scenario with queueing formulas: utilization, waits and saturation per service");
  flags->scenario.add_to(*command);
  command->add_flag("--json", flags->json_out, "Print the analysis as JSON instead of a table");
  command->add_option("-o,--output", flags->output, "Also write the JSON analysis to this file");
  command->callback([flags, &ctx] { ctx.exit_code = run_analyze(*flags); });
}

}  // namespace surge::cli
