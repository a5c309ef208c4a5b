#include <fmt/format.h>

#include "sim/cli/commands.hpp"
#include "sim/cli/engine_choice.hpp"
#include "sim/cli/scenario_options.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace surge::cli {

void add_validate_command(CLI::App& app, CommandContext& ctx) {
  auto options = std::make_shared<ScenarioOptions>();
  auto engine = std::make_shared<EngineChoice>("");
  CLI::App* command = app.add_subcommand(
      "validate", "Check a scenario (schema and semantics); exit 2 with every problem listed");
  options->add_to(*command);
  engine->add_to(*command,
                 "also exit 2 when that engine cannot run it (default: check the scenario "
                 "alone, and say which engine runs it)");
  command->callback([options, engine, &ctx] {
    options->native_engine = engine->native();
    const auto loaded = options->load();
    if (!loaded || !engine->accepts(options->path, loaded->graph)) {
      ctx.exit_code = 2;
      return;
    }
    fmt::print("{}: ok ({} services, {} workloads)\n", options->path,
               loaded->graph.services.size(), loaded->graph.workloads.size());
    if (!engine->engine.empty()) return;
    // A valid scenario the native engine cannot run: say so, and why.
    const scenario::Problems refused = scenario::native_engine_refusals(loaded->graph);
    for (const scenario::Problem& p : refused.list())
      fmt::print("{}:{}: runs on --engine simgrid only: {}\n", options->path, p.where, p.reason);
  });
}

}  // namespace surge::cli
