// `surge curve SCENARIO.json [--workload NAME] [--step S] [-o FILE.csv|FILE.json]`:
// the demand a scenario describes, before running it (configs/README.md, "Seeing a curve").
// Thin: checks the flags, picks the workloads and streams the table that
// sim/scenario tabulates (curve_table.hpp) and writes (curve_writer.hpp).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "sim/cli/commands.hpp"
#include "sim/cli/scenario_options.hpp"
#include "sim/scenario/atomic_stream.hpp"
#include "sim/scenario/curve_table.hpp"
#include "sim/scenario/curve_writer.hpp"
#include "sim/scenario/did_you_mean.hpp"

namespace surge::cli {
namespace {

struct CurveFlags {
  ScenarioOptions scenario;
  std::string workload;
  std::optional<double> step_s;
  std::string output;
};

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

int run_curve(const CurveFlags& flags) {
  const auto loaded = flags.scenario.load();
  if (!loaded) return 2;
  const mesh::ModelGraph& graph = loaded->graph;
  const std::string& file = flags.scenario.path;

  const double step_s = flags.step_s.value_or(graph.report.interval_s);
  const double intervals = graph.duration_s / step_s;
  if (!(step_s > 0.0) || !std::isfinite(step_s) || from_seconds(step_s) == 0 ||
      intervals > scenario::kMaxCurveIntervals) {
    fmt::print(stderr,
               "{}:--step: expected a number of seconds >= 1e-9 giving at most {} intervals "
               "over duration_s = {}, got {}\n",
               file, scenario::kMaxCurveIntervals, graph.duration_s, step_s);
    return 2;
  }
  const bool json_out = ends_with(flags.output, ".json");
  if (!flags.output.empty() && !json_out && !ends_with(flags.output, ".csv")) {
    fmt::print(stderr, "{}:-o: expected a file name ending in .csv or .json, got \"{}\"\n", file,
               flags.output);
    return 2;
  }

  std::vector<scenario::CurveTable> tables;
  std::vector<std::string> candidates;
  for (const auto& w : graph.workloads) {
    if (!scenario::has_arrivals(w.arrivals)) continue;
    candidates.push_back(w.name);
    if (flags.workload.empty() || flags.workload == w.name)
      tables.emplace_back(graph, w, from_seconds(step_s));
  }
  if (!flags.workload.empty() && tables.empty()) {
    fmt::print(stderr,
               "{}:/workloads: no workload with arrivals named \"{}\"{} (workloads with "
               "arrivals: {})\n",
               file, flags.workload, scenario::did_you_mean(flags.workload, candidates),
               candidates.empty() ? "none" : fmt::format("{}", fmt::join(candidates, ", ")));
    return 2;
  }

  const auto write = [&](scenario::TextSink& sink) {
    if (json_out) {
      scenario::write_curve_json(tables, *loaded, step_s, sink);
    } else {
      scenario::write_curve_csv(tables, sink);
    }
  };
  if (flags.output.empty()) {
    scenario::StreamSink sink(stdout);
    write(sink);
    return 0;
  }
  scenario::AtomicFileStream stream;
  std::string error = stream.open(flags.output);
  if (error.empty()) {
    write(stream);
    error = stream.commit();
  }
  if (!error.empty()) {
    fmt::print(stderr, "surge: {}\n", error);
    return 2;
  }
  return 0;
}

}  // namespace

void add_curve_command(CLI::App& app, CommandContext& ctx) {
  auto flags = std::make_shared<CurveFlags>();
  CLI::App* command = app.add_subcommand(
      "curve", "Tabulate each workload's expected and realized arrivals per interval");
  flags->scenario.add_to(*command);
  command->add_option("--workload", flags->workload, "Only this workload (default: every one)");
  command->add_option("--step", flags->step_s,
                      "Interval length in seconds (default: the scenario's report.interval_s)");
  command->add_option("-o,--output", flags->output,
                      "Write a .csv or .json file (atomically) instead of CSV on stdout");
  command->callback([flags, &ctx] { ctx.exit_code = run_curve(*flags); });
}

}  // namespace surge::cli
