#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "sim/cli/commands.hpp"
#include "sim/cli/engine_choice.hpp"
#include "sim/cli/scenario_options.hpp"
#include "sim/cli/summary_table.hpp"
#include "sim/scenario/atomic_file.hpp"
#include "sim/scenario/report_writer.hpp"
#include "sim/scenario/run.hpp"
#include "sim/scenario/timeseries_csv.hpp"
#include "sim/simgrid/simgrid_simulation.hpp"

namespace surge::cli {
namespace {

struct RunFlags {
  ScenarioOptions scenario;
  std::string output;
  std::string csv_dir;
  bool check_slo = false;
  bool quiet = false;
  EngineChoice engine{"native"};
};

void show_progress(const mesh::Progress& p) {
  const double rate = p.wall_s > 0.0 ? static_cast<double>(p.events) / p.wall_s : 0.0;
  const double done = p.duration_s > 0.0 ? p.simulated_s / p.duration_s : 0.0;
  const double eta = done > 0.0 ? p.wall_s * (1.0 - done) / done : 0.0;
  fmt::print(stderr, "\r  t = {:.1f} / {:.0f} s  {:.3g} events/s  ETA {:.0f} s   ",
             p.simulated_s, p.duration_s, rate, eta);
  std::fflush(stderr);
}

// Writes `text` to stdout and flushes it; a message on failure (a full disk,
// a closed stdout, a pipe whose reader left), which would otherwise lose the
// report silently and exit 0.
std::string write_stdout(std::string_view text, std::string_view what) {
  errno = 0;
  const std::size_t written = std::fwrite(text.data(), 1, text.size(), stdout);
  if (written != text.size() || std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
    return fmt::format("cannot write the {} to stdout: {}", what,
                       errno != 0 ? std::strerror(errno) : "write error");
  }
  return {};
}

// Checks every output before the run, so that a mistake in -o or --csv costs
// no simulation and never replaces an input or a device.
std::string check_outputs(const RunFlags& flags) {
  const std::vector<std::string> inputs{flags.scenario.path};
  if (!flags.output.empty()) {
    if (std::string error = scenario::check_output_file(flags.output, inputs); !error.empty())
      return error;
  }
  if (!flags.csv_dir.empty()) {
    return scenario::check_output_dir(flags.csv_dir, {"workloads.csv", "services.csv"}, inputs);
  }
  return {};
}

bool any_slo_failed(const nlohmann::json& report) {
  for (const auto& [name, w] : report.at("workloads").items())
    if (w.contains("slo") && !w.at("slo").at("met").get<bool>()) return true;
  return false;
}

nlohmann::json run_engine(const RunFlags& flags, const scenario::LoadedScenario& loaded,
                          const scenario::RunOptions& options) {
  if (!flags.engine.simgrid()) return scenario::run_to_report(loaded, options);
  simgrid::SimgridSimulation simulation(loaded.graph);
  return scenario::make_report(loaded, simulation.run(options.on_progress));
}

}  // namespace

void add_run_command(CLI::App& app, CommandContext& ctx) {
  auto flags = std::make_shared<RunFlags>();
  CLI::App* command = app.add_subcommand("run", "Simulate a scenario and write its report");
  flags->scenario.add_to(*command);
  command->add_option("-o,--output", flags->output,
                      "Write the JSON report here (atomically); without it the report goes to "
                      "stdout and the summary to stderr");
  command->add_option("--csv", flags->csv_dir,
                      "Also write the time series as CSV (workloads.csv, services.csv; links.csv with network links) here");
  command->add_flag("--check-slo", flags->check_slo, "Exit 1 when a workload misses its SLO");
  command->add_flag("-q,--quiet", flags->quiet, "Print no summary table");
  flags->engine.add_to(*command, "default native");
  command->callback([flags, &ctx] {
    flags->scenario.native_engine = flags->engine.native();
    const auto loaded = flags->scenario.load();
    if (!loaded) {
      ctx.exit_code = 2;
      return;
    }
    if (!flags->engine.accepts(flags->scenario.path, loaded->graph)) {
      ctx.exit_code = 2;
      return;
    }
    if (const std::string error = check_outputs(*flags); !error.empty()) {
      fmt::print(stderr, "surge: {}\n", error);
      ctx.exit_code = 2;
      return;
    }
    scenario::RunOptions options;
    const bool progress = ::isatty(STDERR_FILENO) != 0;
    if (progress) options.on_progress = show_progress;
    const nlohmann::json report = run_engine(*flags, *loaded, options);
    if (progress) fmt::print(stderr, "\r{:70}\r", "");

    std::FILE* summary_stream = stdout;
    if (flags->output.empty()) {
      const std::string error = write_stdout(report.dump(2) + "\n", "report");
      if (!error.empty()) {
        fmt::print(stderr, "surge: {}\n", error);
        ctx.exit_code = 2;
        return;
      }
      summary_stream = stderr;
    } else {
      const std::string error =
          scenario::write_file_atomically(flags->output, report.dump(2) + "\n");
      if (!error.empty()) {
        fmt::print(stderr, "surge: {}\n", error);
        ctx.exit_code = 2;
        return;
      }
    }
    if (!flags->csv_dir.empty()) {
      const std::string error = scenario::write_timeseries_csv(report, flags->csv_dir);
      if (!error.empty()) {
        fmt::print(stderr, "surge: {}\n", error);
        ctx.exit_code = 2;
        return;
      }
    }
    if (!flags->quiet) {
      std::string summary = summary_table(report);
      if (!flags->output.empty()) summary += fmt::format("\nreport: {}\n", flags->output);
      if (summary_stream == stderr) {
        fmt::print(stderr, "{}", summary);
      } else if (const std::string error = write_stdout(summary, "summary"); !error.empty()) {
        fmt::print(stderr, "surge: {}\n", error);
        ctx.exit_code = 2;
        return;
      }
    }
    if (report.at("run").at("status") == "aborted") {
      ctx.exit_code = 3;
    } else if (flags->check_slo && any_slo_failed(report)) {
      ctx.exit_code = 1;
    }
  });
}

}  // namespace surge::cli
