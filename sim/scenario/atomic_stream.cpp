#include "sim/scenario/atomic_stream.hpp"

#include "sim/scenario/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace surge::scenario {
namespace {

// Large enough that write(2) calls cost nothing next to formatting the rows.
constexpr std::size_t kBufferBytes = 1 << 16;

}  // namespace

AtomicFileStream::~AtomicFileStream() { discard(); }

std::string AtomicFileStream::open(const std::string& path) {
  path_ = path;
  const std::filesystem::path target(path);
  const std::filesystem::path dir =
      target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  temp_ = (dir / ".surge-tmp-XXXXXX").string();
  fd_ = ::mkstemp(temp_.data());
  if (fd_ < 0) {
    temp_.clear();
    return fmt::format("cannot write \"{}\": {}", path, std::strerror(errno));
  }
  buffer_.reserve(kBufferBytes);
  return {};
}

void AtomicFileStream::write(std::string_view text) {
  if (!error_.empty() || fd_ < 0) return;
  if (buffer_.size() + text.size() < kBufferBytes) {
    buffer_.append(text);
    return;
  }
  flush();
  write_all(text);  // a large piece goes straight out, not through a copy
}

void AtomicFileStream::flush() {
  write_all(buffer_);
  buffer_.clear();
}

void AtomicFileStream::write_all(std::string_view text) {
  const char* data = text.data();
  std::size_t left = text.size();
  while (left > 0 && error_.empty()) {
    const ssize_t n = ::write(fd_, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write");
      break;
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
}

void AtomicFileStream::fail(const char* what) {
  if (error_.empty()) {
    error_ = fmt::format("cannot write \"{}\": {} failed: {}", path_, what, std::strerror(errno));
  }
}

std::string AtomicFileStream::commit() {
  if (fd_ < 0 && error_.empty()) return fmt::format("cannot write \"{}\": not open", path_);
  if (error_.empty()) flush();
  // mkstemp creates the file 0600; an output is an ordinary readable file.
  if (error_.empty() && ::fchmod(fd_, 0644) != 0) fail("chmod");
  if (error_.empty() && ::fsync(fd_) != 0) fail("fsync");
  if (::close(fd_) != 0) fail("close");
  fd_ = -1;
  // Checked again: something (a link, a device) may have appeared at the path meanwhile.
  if (error_.empty()) error_ = check_replaceable(path_);
  if (error_.empty() && std::rename(temp_.c_str(), path_.c_str()) != 0) fail("rename");
  if (error_.empty()) temp_.clear();  // published: nothing to remove
  discard();
  return error_;
}

void AtomicFileStream::discard() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
}

}  // namespace surge::scenario
