#include "sim/scenario/parse_context.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "sim/scenario/bounded_read.hpp"

namespace surge::scenario {

std::optional<std::string> ParseContext::read_file(const std::string& pointer,
                                                   const std::string& path) {
  std::filesystem::path resolved(path);
  if (resolved.is_relative() && !base_dir.empty()) resolved = std::filesystem::path(base_dir) / resolved;
  const std::string key = resolved.lexically_normal().string();
  BoundedRead read = read_bounded_file(resolved.string(), kMaxTraceBytes);
  if (!read.text) {
    problems->add(pointer, fmt::format("cannot read file \"{}\" (resolved to \"{}\"): {}", path,
                                       key, read.problem));
    return std::nullopt;
  }
  referenced_files[key] = std::move(*read.text);
  return referenced_files[key];
}

}  // namespace surge::scenario
