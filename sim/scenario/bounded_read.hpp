// Reading an input file whole (a scenario, a CSV trace, a timestamps file) with a
// cap on its size, so an endless or huge input (/dev/zero, /dev/urandom, a
// multi-gigabyte log given by mistake) ends in a clear error instead of
// exhausting memory. Streams are fine (a FIFO, /dev/stdin, `<(...)`): at most
// max_bytes + 1 bytes are read from anything. A directory is refused.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace surge::scenario {

inline constexpr std::size_t kMiB = std::size_t{1} << 20;
// A scenario is a few kilobytes; 64 MiB leaves room for generated ones.
inline constexpr std::size_t kMaxScenarioBytes = 64 * kMiB;
// Recorded traces are larger (a day of timestamps at 100/s is ~100 MiB of text).
inline constexpr std::size_t kMaxTraceBytes = 256 * kMiB;

struct BoundedRead {
  std::optional<std::string> text;  // the contents, unless there was a problem
  std::string problem;              // why not, without the path ("is a directory", ...)
};

// Reads `path` (at most max_bytes). REQUIRES: max_bytes < SIZE_MAX.
[[nodiscard]] BoundedRead read_bounded_file(const std::string& path, std::size_t max_bytes);

}  // namespace surge::scenario
