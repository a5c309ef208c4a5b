#include "sim/scenario/bounded_read.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

namespace surge::scenario {
namespace {

// Closes the descriptor on every path out.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  [[nodiscard]] int get() const { return fd_; }

 private:
  int fd_;
};

std::string size_text(std::size_t bytes) {
  if (bytes % kMiB == 0) return fmt::format("{} MiB", bytes / kMiB);
  return fmt::format("{} bytes", bytes);
}

}  // namespace

BoundedRead read_bounded_file(const std::string& path, std::size_t max_bytes) {
  BoundedRead out;
  const Descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    out.problem = std::strerror(errno);
    return out;
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    out.problem = std::strerror(errno);
    return out;
  }
  if (S_ISDIR(st.st_mode)) {
    out.problem = "is a directory, not a file";
    return out;
  }
  const std::string too_large =
      fmt::format("is larger than {}, the most surge reads from such a file", size_text(max_bytes));
  std::size_t capacity = 64 * 1024;
  if (S_ISREG(st.st_mode)) {
    if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
      out.problem = too_large;
      return out;
    }
    capacity = static_cast<std::size_t>(st.st_size) + 1;  // +1 sees the end in one read
  }
  // Grows by doubling up to max_bytes + 1, never beyond: an endless stream costs
  // at most that much memory before it is refused.
  std::string text;
  text.resize(std::min(capacity, max_bytes + 1));
  std::size_t used = 0;
  for (;;) {
    if (used == text.size()) {
      if (text.size() > max_bytes) {
        out.problem = too_large;
        return out;
      }
      text.resize(std::min(text.size() * 2, max_bytes + 1));
    }
    const ssize_t n = ::read(fd.get(), text.data() + used, text.size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      out.problem = std::strerror(errno);
      return out;
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  if (used > max_bytes) {
    out.problem = too_large;
    return out;
  }
  text.resize(used);
  out.text = std::move(text);
  return out;
}

}  // namespace surge::scenario
