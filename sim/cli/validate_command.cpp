#include <fmt/format.h>

#include "sim/cli/commands.hpp"
#include "sim/cli/scenario_options.hpp"

namespace surge::cli {

void add_validate_command(CLI::App& app, CommandContext& ctx) {
  auto options = std::make_shared<ScenarioOptions>();
  CLI::App* command = app.add_subcommand(
      "validate", "Check a scenario (schema and semantics); exit 2 with every problem listed");
  options->add_to(*command);
  command->callback([options, &ctx] {
    const auto loaded = options->load();
    if (!loaded) {
      ctx.exit_code = 2;
      return;
    }
    fmt::print("{}: ok ({} services, {} workloads)\n", options->path,
               loaded->graph.services.size(), loaded->graph.workloads.size());
  });
}

}  // namespace surge::cli
