#include "sim/scenario/parse_context.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace surge::scenario {

std::optional<std::string> ParseContext::read_file(const std::string& pointer,
                                                   const std::string& path) {
  std::filesystem::path resolved(path);
  if (resolved.is_relative() && !base_dir.empty()) resolved = std::filesystem::path(base_dir) / resolved;
  const std::string key = resolved.lexically_normal().string();
  std::ifstream in(resolved, std::ios::binary);
  if (!in) {
    problems->add(pointer, fmt::format("cannot read file \"{}\" (resolved to \"{}\")", path, key));
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  referenced_files[key] = buffer.str();
  return referenced_files[key];
}

}  // namespace surge::scenario
