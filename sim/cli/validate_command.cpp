#include <fmt/format.h>

#include "sim/cli/commands.hpp"
#include "sim/cli/engine_choice.hpp"
#include "sim/cli/scenario_options.hpp"

namespace surge::cli {

void add_validate_command(CLI::App& app, CommandContext& ctx) {
  auto options = std::make_shared<ScenarioOptions>();
  auto engine = std::make_shared<EngineChoice>();
  CLI::App* command = app.add_subcommand(
      "validate", "Check a scenario (schema and semantics); exit 2 with every problem listed");
  options->add_to(*command);
  engine->add_to(*command);
  command->callback([options, engine, &ctx] {
    options->native_engine = !engine->simgrid();
    const auto loaded = options->load();
    if (!loaded || !engine->accepts(options->path, loaded->graph)) {
      ctx.exit_code = 2;
      return;
    }
    fmt::print("{}: ok ({} services, {} workloads)\n", options->path,
               loaded->graph.services.size(), loaded->graph.workloads.size());
  });
}

}  // namespace surge::cli
