// ParseContext: what parsing a scenario needs besides the JSON itself — where
// referenced files (CSV traces, timestamp files) resolve, and a record of their
// contents, which the scenario's sha256 covers.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "sim/scenario/problems.hpp"

namespace surge::scenario {

struct ParseContext {
  std::string base_dir;  // referenced paths resolve against it ("" = current directory)
  Problems* problems = nullptr;
  // Resolved path -> contents of every file the scenario read, sorted by path.
  std::map<std::string, std::string> referenced_files;

  // Reads a referenced file and records it; on failure reports at `pointer`.
  std::optional<std::string> read_file(const std::string& pointer, const std::string& path);
};

}  // namespace surge::scenario
