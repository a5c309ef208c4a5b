// `surge curve SCENARIO.json [--workload NAME] [--step S] [-o FILE.csv|FILE.json]`:
// the demand a scenario describes, before running it (configs/README.md, "Seeing a curve").
// For each workload with arrivals (or the one named), per interval of --step
// seconds (default: the scenario's report.interval_s): the expected count
// Lambda over the interval and the arrivals realized by the same process, on
// the same random stream, as `surge run` draws them (mesh::arrival_stream_key),
// so what is shown is exactly what the run will see.
//
// For a hawkes workload `expected` is the background's Lambda (the immigrants:
// the mean with self-excitation has no closed form for a general background);
// for replayed timestamps there is no curve and `expected` is empty (null).
#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "models/demand/arrival_process.hpp"
#include "models/mesh/random_keys.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/scenario_options.hpp"
#include "sim/scenario/atomic_file.hpp"
#include "sim/scenario/object_reader.hpp"

namespace surge::cli {
namespace {

// More rows than this is a mistake in --step, not a plot anyone wants.
constexpr double kMaxIntervals = 1e7;

struct CurveFlags {
  ScenarioOptions scenario;
  std::string workload;
  std::optional<double> step_s;
  std::string output;
};

struct CurveTable {
  std::string workload;
  std::string process;      // poisson, deterministic, hawkes, timestamps
  std::string expected_of;  // rate, background, or "" (none)
  std::vector<double> start_s;
  std::vector<double> end_s;
  std::vector<double> expected;
  std::vector<std::uint64_t> arrivals;
};

std::string process_name(const demand::ArrivalSpec& spec) {
  switch (spec.kind) {
    case demand::ArrivalSpec::Kind::kRate:
      return spec.deterministic ? "deterministic" : "poisson";
    case demand::ArrivalSpec::Kind::kHawkes:
      return "hawkes";
    case demand::ArrivalSpec::Kind::kTimestamps:
      return "timestamps";
  }
  return "unknown";
}

bool has_arrivals(const demand::ArrivalSpec& spec) {
  return spec.kind == demand::ArrivalSpec::Kind::kTimestamps ? spec.timestamps_s != nullptr
                                                             : spec.rate != nullptr;
}

CurveTable tabulate(const mesh::ModelGraph& graph, const mesh::WorkloadSpec& workload,
                    SimTime step) {
  CurveTable table;
  table.workload = workload.name;
  table.process = process_name(workload.arrivals);
  table.expected_of = workload.arrivals.kind == demand::ArrivalSpec::Kind::kRate     ? "rate"
                      : workload.arrivals.kind == demand::ArrivalSpec::Kind::kHawkes ? "background"
                                                                                     : "";
  const SimTime horizon = from_seconds(graph.duration_s);
  const auto intervals = static_cast<std::size_t>((horizon + step - 1) / step);
  table.arrivals.assign(intervals, 0);
  for (std::size_t k = 0; k < intervals; ++k) {
    const SimTime begin = static_cast<SimTime>(k) * step;
    const SimTime end = std::min(begin + step, horizon);
    table.start_s.push_back(to_seconds(begin));
    table.end_s.push_back(to_seconds(end));
    table.expected.push_back(table.expected_of.empty() ? 0.0
                                                       : workload.arrivals.rate->integral(
                                                             to_seconds(begin), to_seconds(end)));
  }
  const auto process = demand::make_arrival_process(
      workload.arrivals,
      Rng(mesh::arrival_stream_key(graph.seed, graph.replication, workload.name)), horizon);
  for (SimTime t = process->next(); t < horizon; t = process->next()) {
    ++table.arrivals[static_cast<std::size_t>(t / step)];
  }
  return table;
}

std::string to_csv(const std::vector<CurveTable>& tables) {
  std::string out = "workload,process,t_s,end_s,expected,arrivals\n";
  for (const auto& t : tables) {
    for (std::size_t k = 0; k < t.arrivals.size(); ++k) {
      out += fmt::format("{},{},{},{},{},{}\n", t.workload, t.process, t.start_s[k], t.end_s[k],
                         t.expected_of.empty() ? std::string() : fmt::format("{}", t.expected[k]),
                         t.arrivals[k]);
    }
  }
  return out;
}

nlohmann::json to_json(const std::vector<CurveTable>& tables,
                       const scenario::LoadedScenario& loaded, double step_s) {
  const mesh::ModelGraph& graph = loaded.graph;
  nlohmann::json doc;
  doc["scenario"] = {{"name", graph.name},
                     {"seed", graph.seed},
                     {"replication", graph.replication},
                     {"sha256", loaded.sha256}};
  doc["step_s"] = step_s;
  doc["duration_s"] = graph.duration_s;
  doc["workloads"] = nlohmann::json::object();
  for (const auto& t : tables) {
    nlohmann::json w;
    w["process"] = t.process;
    w["expected_of"] =
        t.expected_of.empty() ? nlohmann::json(nullptr) : nlohmann::json(t.expected_of);
    w["t_s"] = t.start_s;
    w["end_s"] = t.end_s;
    std::uint64_t total_arrivals = 0;
    for (auto a : t.arrivals) total_arrivals += a;
    if (t.expected_of.empty()) {
      w["expected"] = nlohmann::json(std::vector<std::nullptr_t>(t.arrivals.size(), nullptr));
      w["total"] = {{"expected", nullptr}, {"arrivals", total_arrivals}};
    } else {
      w["expected"] = t.expected;
      double total_expected = 0.0;
      for (double e : t.expected) total_expected += e;
      w["total"] = {{"expected", total_expected}, {"arrivals", total_arrivals}};
    }
    w["arrivals"] = t.arrivals;
    doc["workloads"][t.workload] = std::move(w);
  }
  return doc;
}

int run_curve(const CurveFlags& flags) {
  const auto loaded = flags.scenario.load();
  if (!loaded) return 2;
  const mesh::ModelGraph& graph = loaded->graph;
  const std::string& file = flags.scenario.path;

  const double step_s = flags.step_s.value_or(graph.report.interval_s);
  if (!(step_s > 0.0) || !std::isfinite(step_s) || graph.duration_s / step_s > kMaxIntervals) {
    fmt::print(stderr,
               "{}:--step: expected a number of seconds > 0 giving at most {} intervals "
               "over duration_s = {}, got {}\n",
               file, kMaxIntervals, graph.duration_s, step_s);
    return 2;
  }
  const SimTime step = std::max<SimTime>(from_seconds(step_s), 1);

  const bool to_file = !flags.output.empty();
  const auto ends_with = [&](std::string_view suffix) {
    return flags.output.size() >= suffix.size() &&
           flags.output.compare(flags.output.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  const bool json_out = to_file && ends_with(".json");
  if (to_file && !json_out && !ends_with(".csv")) {
    fmt::print(stderr, "{}:-o: expected a file name ending in .csv or .json, got \"{}\"\n", file,
               flags.output);
    return 2;
  }

  std::vector<CurveTable> tables;
  std::vector<std::string> candidates;
  for (const auto& w : graph.workloads) {
    if (!has_arrivals(w.arrivals)) continue;
    candidates.push_back(w.name);
    if (flags.workload.empty() || flags.workload == w.name)
      tables.push_back(tabulate(graph, w, step));
  }
  if (!flags.workload.empty() && tables.empty()) {
    const auto hint = scenario::closest(flags.workload, candidates);
    std::string names;
    for (const auto& c : candidates) names += (names.empty() ? "" : ", ") + c;
    fmt::print(stderr,
               "{}:/workloads: no workload with arrivals named \"{}\"{} (workloads with "
               "arrivals: {})\n",
               file, flags.workload, hint ? fmt::format(" (did you mean \"{}\"?)", *hint) : "",
               names.empty() ? "none" : names);
    return 2;
  }

  const std::string contents =
      json_out ? to_json(tables, *loaded, step_s).dump(2) + "\n" : to_csv(tables);
  if (!to_file) {
    fmt::print("{}", contents);
    return 0;
  }
  const std::string error = scenario::write_file_atomically(flags.output, contents);
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
