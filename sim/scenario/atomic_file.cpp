#include "sim/scenario/atomic_file.hpp"

#include "sim/scenario/atomic_stream.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace surge::scenario {
namespace {

namespace fs = std::filesystem;

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a regular file";
}

fs::path directory_of(const std::string& path) {
  const fs::path target(path);
  return target.has_parent_path() ? target.parent_path() : fs::path(".");
}

// Empty when `dir` is an existing, writable directory.
std::string check_writable_dir(const fs::path& dir, const std::string& path) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    return fmt::format("cannot write \"{}\": its directory \"{}\" does not exist", path,
                       dir.string());
  }
  if (!S_ISDIR(st.st_mode)) {
    return fmt::format("cannot write \"{}\": \"{}\" is {}, not a directory", path, dir.string(),
                       kind_of(st.st_mode));
  }
  if (::access(dir.c_str(), W_OK) != 0) {
    return fmt::format("cannot write \"{}\": directory \"{}\": {}", path, dir.string(),
                       std::strerror(errno));
  }
  return {};
}

}  // namespace

std::string check_replaceable(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return {};
  if (S_ISREG(st.st_mode)) return {};
  if (S_ISLNK(st.st_mode)) {
    return fmt::format("refusing to write \"{}\": it is a symbolic link (surge writes outputs "
                       "only as regular files and never through a link; give the real path)",
                       path);
  }
  return fmt::format("refusing to write \"{}\": it is {}, and writing the report would replace it "
                     "with a regular file; name a regular file (without -o, the report goes to "
                     "stdout)",
                     path, kind_of(st.st_mode));
}

std::string check_output_file(const std::string& path, const std::vector<std::string>& inputs) {
  if (path.empty()) return "an output path is empty";
  if (std::string error = check_writable_dir(directory_of(path), path); !error.empty()) {
    return error;
  }
  if (std::string error = check_replaceable(path); !error.empty()) return error;
  struct stat out {};
  if (::stat(path.c_str(), &out) != 0) return {};  // a new file
  for (const std::string& input : inputs) {
    struct stat in {};
    if (::stat(input.c_str(), &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
      return fmt::format("refusing to write \"{}\": it is the input \"{}\", which the output "
                         "would overwrite",
                         path, input);
    }
  }
  return {};
}

std::string check_output_dir(const std::string& dir, const std::vector<std::string>& files,
                             const std::vector<std::string>& inputs) {
  if (dir.empty()) return "an output directory is empty";
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    // create_directories makes it and its missing parents: the nearest existing
    // ancestor must take them.
    fs::path ancestor = fs::path(dir).lexically_normal();
    do {
      ancestor = ancestor.has_parent_path() && ancestor.parent_path() != ancestor
                     ? ancestor.parent_path()
                     : fs::path(".");
    } while (ancestor != "." && ::stat(ancestor.c_str(), &st) != 0);
    return check_writable_dir(ancestor, dir);
  }
  if (!S_ISDIR(st.st_mode)) {
    return fmt::format("cannot write into \"{}\": it is {}, not a directory", dir,
                       kind_of(st.st_mode));
  }
  for (const std::string& file : files) {
    if (std::string error = check_output_file((fs::path(dir) / file).string(), inputs);
        !error.empty()) {
      return error;
    }
  }
  return {};
}

std::string write_file_atomically(const std::string& path, std::string_view contents) {
  if (std::string error = check_output_file(path); !error.empty()) return error;
  AtomicFileStream out;
  if (std::string error = out.open(path); !error.empty()) return error;
  out.write(contents);
  return out.commit();
}

}  // namespace surge::scenario
