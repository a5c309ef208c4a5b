// surge: the command line. Thin: every subcommand forwards to sim/scenario.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "sim/cli/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"surge: a deterministic simulator of flash-crowd traffic against a microservice mesh"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "surge 0.1.0");
  surge::cli::CommandContext ctx;
  surge::cli::add_run_command(app, ctx);
  surge::cli::add_validate_command(app, ctx);
  surge::cli::add_curve_command(app, ctx);
  surge::cli::add_sweep_command(app, ctx);
  surge::cli::add_analyze_command(app, ctx);
  surge::cli::add_plan_command(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 2.1 exits 100+ on parse errors; bad input is exit 2 (README.md).
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "surge: internal error: %s\n", e.what());
    return 4;
  }
  return ctx.exit_code;
}
