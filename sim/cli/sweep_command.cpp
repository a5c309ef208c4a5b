#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "sim/cli/commands.hpp"
#include "sim/cli/scenario_options.hpp"
#include "sim/scenario/atomic_file.hpp"
#include "sim/sweep/results_csv.hpp"
#include "sim/sweep/sweep_runner.hpp"
#ifdef SURGE_HAVE_MPI
#include "sim/sweep/mpi/point_exchange.hpp"
#include "sim/sweep/mpi/session.hpp"
#endif

namespace surge::cli {
namespace {

struct SweepFlags {
  std::string path;
  std::string threads = "1";
  std::string output;
  bool resume = false;
  bool quiet = false;
};

// Most threads -j takes: far more than any machine's cores, small enough that a
// typo (-j 10000000) does not try to start millions of threads.
constexpr std::uint64_t kMaxThreads = 1024;

void print_problem(const std::string& file, const std::string& where, const std::string& reason) {
  if (where.empty()) {
    fmt::print(stderr, "{}: {}\n", file, reason);
  } else {
    fmt::print(stderr, "{}:{}: {}\n", file, where, reason);
  }
}

// Progress on a terminal: points done of total, and an ETA from the points run
// in this session (not those taken from the journal).
class ProgressLine {
 public:
  void operator()(std::size_t done, std::size_t total, std::size_t resumed) {
    const double wall = std::chrono::duration<double>(Clock::now() - start_).count();
    const std::size_t ran = done - resumed;
    const double eta =
        ran > 0 ? wall / static_cast<double>(ran) * static_cast<double>(total - done) : 0.0;
    fmt::print(stderr, "\r  sweep: {} / {} points  ETA {:.0f} s   ", done, total, eta);
    std::fflush(stderr);
  }

 private:
  using Clock = std::chrono::steady_clock;
  Clock::time_point start_ = Clock::now();
};

// A sweep checked and ready to run: everything that can be wrong with the input
// was found before any point runs.
struct Prepared {
  sweep::SweepLoad loaded;
  sweep::SweepOptions options;
  std::string csv_path;
};

// Checks the flags, the sweep file and the output paths; prints what is wrong
// and returns nothing when something is.
std::optional<Prepared> prepare(const SweepFlags& flags) {
  std::string why;
  const auto threads = parse_count(flags.threads, kMaxThreads, why);
  if (!threads || *threads == 0) {
    fmt::print(stderr, "surge: -j \"{}\" {}: expected a thread count from 1 to {}\n", flags.threads,
               threads ? "is 0" : why, kMaxThreads);
    return std::nullopt;
  }
  if (flags.resume && flags.output.empty()) {
    fmt::print(stderr, "surge: --resume needs -o: the journal to resume is OUTPUT.journal\n");
    return std::nullopt;
  }
  Prepared prepared{sweep::load_sweep_file(flags.path), {}, {}};
  const sweep::SweepLoad& loaded = prepared.loaded;
  if (!loaded.spec) {
    for (const scenario::Problem& p : loaded.problems.list())
      print_problem(flags.path, p.where, p.reason);
    if (loaded.problems.omitted() > 0) {
      fmt::print(stderr, "{}: ... and {} more problems (fix those above first)\n", flags.path,
                 loaded.problems.omitted());
    }
    return std::nullopt;
  }
  const sweep::SweepSpec& spec = *loaded.spec;
  sweep::SweepOptions& options = prepared.options;
  options.threads = static_cast<unsigned>(*threads);
  options.resume = flags.resume;
  if (!flags.output.empty()) {
    std::vector<std::string> inputs{flags.path};
    if (!spec.base_path.empty()) inputs.push_back(spec.base_path);
    prepared.csv_path = sweep::csv_path_for(flags.output);
    options.journal_path = flags.output + ".journal";
    for (const std::string& out : {flags.output, prepared.csv_path, options.journal_path}) {
      if (std::string error = scenario::check_output_file(out, inputs); !error.empty()) {
        fmt::print(stderr, "surge: {}\n", error);
        return std::nullopt;
      }
    }
  }
  return prepared;
}

#ifdef SURGE_HAVE_MPI
// Ranks >= 1 of an MPI run: load the same sweep (quietly: rank 0 reports bad
// input), agree with rank 0, then run the points it assigns. They write nothing.
void run_worker(const SweepFlags& flags, const sweep::mpi::Session& mpi, CommandContext& ctx) {
  std::string why;
  const auto threads = parse_count(flags.threads, kMaxThreads, why);
  const sweep::SweepLoad loaded = sweep::load_sweep_file(flags.path);
  const bool ok = threads && *threads > 0 && loaded.spec;
  if (!mpi.agree(ok ? loaded.spec->sha256 : "")) {
    if (ok) {
      fmt::print(stderr, "surge (rank {}): {} is not the sweep rank 0 read\n", mpi.rank(),
                 flags.path);
    }
    ctx.exit_code = 2;
    return;
  }
  sweep::mpi::work_for_rank0(*loaded.spec, static_cast<unsigned>(*threads));
}
#endif

void run(const SweepFlags& flags, CommandContext& ctx) {
#ifdef SURGE_HAVE_MPI
  const sweep::mpi::Session mpi;
  if (mpi.rank() > 0) {
    run_worker(flags, mpi, ctx);
    return;
  }
#endif
  std::optional<Prepared> prepared = prepare(flags);
#ifdef SURGE_HAVE_MPI
  if (mpi.size() > 1) {
    if (!mpi.agree(prepared ? prepared->loaded.spec->sha256 : "")) {
      if (prepared) {
        fmt::print(stderr, "surge: another rank could not read the same sweep {} (see above)\n",
                   flags.path);
      }
      ctx.exit_code = 2;
      return;
    }
    // -j is threads per rank: every rank runs that many points at once.
    const int ranks = mpi.size();
    const unsigned slots = prepared->options.threads;
    prepared->options.remote = [ranks, slots](const sweep::PointQueue& queue) {
      sweep::mpi::serve_points(queue, ranks, slots);
    };
  }
#endif
  if (!prepared) {
    ctx.exit_code = 2;
    return;
  }
  const sweep::SweepSpec& spec = *prepared->loaded.spec;
  sweep::SweepOptions& options = prepared->options;
  const std::string& csv_path = prepared->csv_path;
  const bool progress = !flags.quiet && ::isatty(STDERR_FILENO) != 0;
  ProgressLine line;
  if (progress) options.on_progress = std::ref(line);
  const sweep::SweepOutcome outcome = sweep::run_sweep(spec, options);
  if (progress) fmt::print(stderr, "\r{:60}\r", "");
  if (!outcome.results) {
    if (outcome.where.empty()) {
      fmt::print(stderr, "surge: {}\n", outcome.error);
    } else {
      print_problem(flags.path, outcome.where, outcome.error);
    }
    ctx.exit_code = 2;
    return;
  }
  const std::string text = outcome.results->dump(2) + "\n";
  if (flags.output.empty()) {
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() ||
        std::fflush(stdout) != 0) {
      fmt::print(stderr, "surge: cannot write the results to stdout\n");
      ctx.exit_code = 2;
    }
    return;
  }
  for (const auto& [path, contents] :
       {std::pair{flags.output, text},
        std::pair{csv_path, sweep::results_csv(spec, *outcome.results)}}) {
    if (std::string error = scenario::write_file_atomically(path, contents); !error.empty()) {
      fmt::print(stderr, "surge: {}\n", error);
      ctx.exit_code = 2;
      return;
    }
  }
  if (!flags.quiet) {
    fmt::print(stderr, "sweep: {} points x {} replications -> {} and {}\n",
               spec.point_values.size(), spec.replications, flags.output, csv_path);
  }
}

}  // namespace

void add_sweep_command(CLI::App& app, CommandContext& ctx) {
  auto flags = std::make_shared<SweepFlags>();
  CLI::App* command = app.add_subcommand(
      "sweep",
      "Run a scenario over a grid, random or Latin-hypercube design of parameters, with "
      "replications and 95% confidence intervals");
  command->add_option("sweep", flags->path, "Sweep file (JSON)")->required();
  command->add_option("-j,--jobs", flags->threads,
                      "Points run in parallel, on this many threads (default 1; under mpirun, "
                      "threads per rank; results are identical for any count)");
  command->add_option("-o,--output", flags->output,
                      "Write the results here (atomically), a CSV beside it (.json -> .csv) and "
                      "the journal OUTPUT.journal; without it the results go to stdout");
  command->add_flag("--resume", flags->resume,
                    "Skip the points the journal OUTPUT.journal records as finished");
  command->add_flag("-q,--quiet", flags->quiet, "No progress line, no closing message");
  command->callback([flags, &ctx] { run(*flags, ctx); });
}

}  // namespace surge::cli
