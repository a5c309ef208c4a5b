#include "sim/scenario/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace surge::scenario {

std::string write_file_atomically(const std::string& path, std::string_view contents) {
  const std::filesystem::path target(path);
  const std::filesystem::path dir =
      target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  std::string temp = (dir / (".surge-tmp-XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return fmt::format("cannot write \"{}\": {}", path, std::strerror(errno));
  const char* data = contents.data();
  std::size_t left = contents.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string message = fmt::format("cannot write \"{}\": {}", path, std::strerror(errno));
      ::close(fd);
      ::unlink(temp.c_str());
      return message;
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  // mkstemp creates the file 0600; a report is an ordinary readable file.
  ::fchmod(fd, 0644);
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string message = fmt::format("cannot write \"{}\": {}", path, std::strerror(errno));
    ::unlink(temp.c_str());
    return message;
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string message = fmt::format("cannot write \"{}\": {}", path, std::strerror(errno));
    ::unlink(temp.c_str());
    return message;
  }
  return {};
}

}  // namespace surge::scenario
