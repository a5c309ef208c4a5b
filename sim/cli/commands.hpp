// The subcommands of the `surge` executable. Each adds itself to the CLI11 app and
// records its exit code (README.md: 0 ok, 1 SLO failed, 2 bad input, 3 aborted).
#pragma once

#include <CLI/CLI.hpp>

namespace surge::cli {

struct CommandContext {
  int exit_code = 0;
};

void add_run_command(CLI::App& app, CommandContext& ctx);
void add_validate_command(CLI::App& app, CommandContext& ctx);
void add_curve_command(CLI::App& app, CommandContext& ctx);
void add_sweep_command(CLI::App& app, CommandContext& ctx);
void add_analyze_command(CLI::App& app, CommandContext& ctx);
void add_plan_command(CLI::App& app, CommandContext& ctx);

}  // namespace surge::cli
