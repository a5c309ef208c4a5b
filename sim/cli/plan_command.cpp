// `surge plan SCENARIO.json ...`: capacity planning (docs/plan.md). Thin: reads
// the flags and the scenario, asks sim/sweep's planner for the plan, prints it as
// a table and writes the plan file atomically with -o.
//
// Exit codes: 0 planned; 1 infeasible (even the upper bounds fail; the plan file
// is still written, "status": "infeasible"); 2 bad input; 4 internal error.
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/cli/commands.hpp"
#include "sim/cli/scenario_options.hpp"
#include "sim/scenario/atomic_file.hpp"
#include "sim/sweep/planner.hpp"

namespace surge::cli {
namespace {

using nlohmann::json;

struct PlanFlags {
  ScenarioOptions scenario;  // path, --set, --seed (no --replication: the plan runs 0..N-1)
  std::string replications = "5";
  std::string pass_ratio = "1";
  std::vector<std::string> services;
  std::vector<std::string> worker_services;
  std::vector<std::string> bounds;
  std::vector<std::string> costs;
  std::string threads = "1";
  std::string output;
  bool quiet = false;
};

constexpr std::uint64_t kMaxThreads = 1024;  // as surge sweep

std::string counts_text(const sweep::PlanSpec& spec, const sweep::Candidate& counts) {
  std::string out;
  for (std::size_t i = 0; i < spec.targets.size(); ++i) {
    const sweep::PlanTarget& t = spec.targets[i];
    out += fmt::format("{}{}{}={}", i == 0 ? "" : " ", t.service,
                       t.quantity == sweep::PlanQuantity::kWorkers ? ".workers" : "", counts[i]);
  }
  return out;
}

std::string ratio_text(const sweep::Evaluation* e) {
  if (e == nullptr) return "at min";
  if (!e->invalid.empty()) return "invalid";
  return fmt::format("{:.2f}", e->pass_ratio());
}

std::string table(const sweep::PlanSpec& spec, const sweep::PlanOutcome& outcome) {
  std::string out = fmt::format(
      "{}: {} every SLO met in at least {:g}% of {} replications\n\n", spec.base.graph.name,
      outcome.feasible ? "planned," : "INFEASIBLE: not even the upper bounds have",
      100.0 * spec.pass_ratio, spec.replications);
  out += fmt::format("{:<16} {:>9} {:>8} {:>6} {:>13} {:>10} {:>9} {:>10}\n", "service",
                     "quantity", "planned", "start", "bounds", "cost", "pass", "one fewer");
  double total = 0.0;
  for (std::size_t i = 0; i < spec.targets.size(); ++i) {
    const sweep::PlanTarget& t = spec.targets[i];
    const double cost = sweep::target_cost(spec, i, outcome.plan[i]);
    total += cost;
    out += fmt::format(
        "{:<16} {:>9} {:>8} {:>6} {:>13} {:>10.4g} {:>9} {:>10}\n", t.service,
        sweep::quantity_name(t.quantity), outcome.plan[i], outcome.start[i],
        fmt::format("{}:{}", t.min, outcome.max[i]), cost, ratio_text(outcome.at_plan),
        outcome.feasible ? ratio_text(outcome.one_fewer[i]) : std::string("-"));
  }
  out += fmt::format("\ntotal cost {:.6g}\n", total);
  if (!outcome.feasible && outcome.at_plan != nullptr) {
    for (const sweep::ReplicationOutcome& r : outcome.at_plan->replications) {
      if (r.met) continue;
      out += "first failing replication at the upper bounds: ";
      for (std::size_t k = 0; k < r.violations.size(); ++k)
        out += (k == 0 ? "" : "; ") + r.violations[k];
      out += "\n";
      break;
    }
    if (!outcome.at_plan->invalid.empty())
      out += "the scenario is invalid at the upper bounds: " + outcome.at_plan->invalid + "\n";
  }
  return out;
}

std::optional<double> parse_ratio(const std::string& text) {
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

int run_plan(const PlanFlags& flags) {
  std::string why;
  const auto threads = parse_count(flags.threads, kMaxThreads, why);
  if (!threads || *threads == 0) {
    fmt::print(stderr, "surge: -j \"{}\" {}: expected a thread count from 1 to {}\n", flags.threads,
               threads ? "is 0" : why, kMaxThreads);
    return 2;
  }
  const auto replications = parse_count(flags.replications, sweep::kMaxPlanReplications, why);
  if (!replications || *replications == 0) {
    fmt::print(stderr, "surge: --replications \"{}\" {}: expected a count from 1 to {}\n",
               flags.replications, replications ? "is 0" : why, sweep::kMaxPlanReplications);
    return 2;
  }
  const auto ratio = parse_ratio(flags.pass_ratio);
  if (!ratio || !(*ratio > 0.0 && *ratio <= 1.0)) {
    fmt::print(stderr,
               "surge: --pass-ratio \"{}\": expected a fraction in (0, 1], e.g. 0.8 (4 of 5 "
               "replications)\n",
               flags.pass_ratio);
    return 2;
  }
  if (!flags.output.empty()) {
    const std::string problem = scenario::check_output_file(flags.output, {flags.scenario.path});
    if (!problem.empty()) {
      fmt::print(stderr, "surge: {}\n", problem);
      return 2;
    }
  }
  auto loaded = flags.scenario.load();
  if (!loaded) return 2;
  sweep::PlanRequest request;
  request.services = flags.services;
  request.worker_services = flags.worker_services;
  request.bounds = flags.bounds;
  request.costs = flags.costs;
  request.replications = *replications;
  request.pass_ratio = *ratio;
  const std::string base_dir = std::filesystem::path(flags.scenario.path).parent_path().string();
  sweep::PlanSpecLoad made = sweep::make_plan_spec(std::move(*loaded), base_dir, request);
  if (!made.spec) {
    for (const std::string& p : made.problems) fmt::print(stderr, "surge: {}\n", p);
    return 2;
  }
  const sweep::PlanSpec& spec = *made.spec;
  if (!flags.quiet) {
    for (const std::string& s : made.skipped) fmt::print(stderr, "plan: not planned: {}\n", s);
  }
  sweep::CandidateEvaluator evaluator(spec, static_cast<unsigned>(*threads));
  if (!flags.quiet) {
    evaluator.on_evaluated = [&spec](const sweep::Evaluation& e) {
      if (!e.invalid.empty()) {
        fmt::print(stderr, "plan: {}: invalid scenario ({})\n", counts_text(spec, e.counts),
                   e.invalid);
      } else {
        fmt::print(stderr, "plan: {}: SLOs met in {}/{} replications\n",
                   counts_text(spec, e.counts), e.passed, e.replications.size());
      }
    };
  }
  const sweep::PlanOutcome outcome = sweep::run_plan(spec, evaluator);
  fmt::print("{}", table(spec, outcome));
  if (!flags.output.empty()) {
    const json doc = sweep::plan_document(spec, outcome, evaluator);
    const std::string error = scenario::write_file_atomically(flags.output, doc.dump(2) + "\n");
    if (!error.empty()) {
      fmt::print(stderr, "surge: {}\n", error);
      return 2;
    }
  }
  if (!outcome.feasible) {
    fmt::print(stderr,
               "surge: no plan within the bounds: even {} fails the SLOs; raise the upper "
               "bounds (--bounds SERVICE=MIN:MAX) or loosen the SLOs\n",
               counts_text(spec, outcome.plan));
    return 1;
  }
  return 0;
}

}  // namespace

void add_plan_command(CLI::App& app, CommandContext& ctx) {
  auto flags = std::make_shared<PlanFlags>();
  CLI::App* command = app.add_subcommand(
      "plan",
      "Find the fewest instances (or workers) per service for which every SLO holds in enough "
      "replications: an analytic start, then bisection and coordinate descent with the "
      "simulator (docs/plan.md)");
  command->add_option("scenario", flags->scenario.path, "Scenario file (JSON) with SLOs")
      ->required();
  command->add_option("--set", flags->scenario.sets,
                      "Override a scenario value first: POINTER=VALUE (VALUE as JSON, else a "
                      "string); repeatable")
      ->allow_extra_args(false);
  command->add_option("--seed", flags->scenario.seed,
                      "Replace the scenario's seed (an integer 0 to 2^64 - 1)");
  command->add_option("--replications", flags->replications,
                      "Replications per candidate, 0..N-1 with common random numbers across "
                      "candidates (default 5)");
  command->add_option("--pass-ratio", flags->pass_ratio,
                      "Fraction of replications in which every SLO must hold, in (0, 1] "
                      "(default 1: all of them)");
  command
      ->add_option("--services", flags->services,
                   "Services whose instances to plan, comma-separated (default: every service "
                   "without autoscale or unlimited workers)")
      ->delimiter(',')
      ->allow_extra_args(false);
  command
      ->add_option("--plan-workers", flags->worker_services,
                   "Plan these services' workers per instance instead of their instances "
                   "(instances stay as the scenario says); comma-separated or repeated")
      ->delimiter(',')
      ->allow_extra_args(false);
  command->add_option("--bounds", flags->bounds,
                      "SERVICE=MIN:MAX bounds of a planned quantity (either side may be empty; "
                      "default MIN 1, MAX max(64, 4 x the analytic start)); repeatable")
      ->allow_extra_args(false);
  command->add_option("--cost", flags->costs,
                      "SERVICE=WEIGHT cost per unit (an instance, or a worker on every instance; "
                      "default 1): the dearest service is lowered first; repeatable")
      ->allow_extra_args(false);
  command->add_option("-j,--jobs", flags->threads,
                      "Replications run in parallel, on this many threads (default 1; the plan "
                      "is identical for any count)");
  command->add_option("-o,--output", flags->output,
                      "Write the plan file (JSON, atomically): plan.SERVICE.instances, the "
                      "evidence and every candidate tried");
  command->add_flag("-q,--quiet", flags->quiet, "No progress lines on stderr");
  command->callback([flags, &ctx] {
    try {
      ctx.exit_code = run_plan(*flags);
    } catch (const std::exception& e) {
      fmt::print(stderr, "surge: internal error: {}\n", e.what());
      ctx.exit_code = 4;
    }
  });
}

}  // namespace surge::cli
