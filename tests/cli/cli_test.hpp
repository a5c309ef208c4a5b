// Running the `surge` executable from tests: exit code, stdout and stderr.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace surge::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline std::filesystem::path scratch_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("surge-test-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Runs `PREFIX surge ARGS STDOUT` through the shell with stdin closed and stderr
// captured: PREFIX sets limits ("ulimit -v 1048576;"), STDOUT redirects or closes
// stdout (">/dev/full", ">&-"); an empty STDOUT captures it as run_surge does.
inline CommandResult run_surge_shell(const std::string& prefix, const std::string& args,
                                     const std::string& stdout_redirect,
                                     const std::filesystem::path& dir) {
  const auto out = dir / "stdout.txt";
  const auto err = dir / "stderr.txt";
  std::filesystem::remove(out);
  const std::string redirect = stdout_redirect.empty() ? ">" + out.string() : stdout_redirect;
  const std::string command = prefix + " " + std::string(SURGE_BINARY) + " " + args +
                              " </dev/null " + redirect + " 2>" + err.string();
  const int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_text(out);
  result.err = read_text(err);
  return result;
}

// Runs `surge ARGS` with stdin closed; ARGS is passed to the shell as is.
inline CommandResult run_surge(const std::string& args, const std::filesystem::path& dir) {
  return run_surge_shell("", args, "", dir);
}

}  // namespace surge::testing
