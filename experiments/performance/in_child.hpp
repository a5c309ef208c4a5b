// Runs a measurement in a forked child process and hands its result back through a
// pipe, so that what the child allocates (and its peak resident set) is its own and
// one case cannot inflate the next. The result must be trivially copyable.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <type_traits>

namespace surge::bench {

template <typename Result, typename Work>
Result in_child(Work&& work) {
  static_assert(std::is_trivially_copyable_v<Result>, "sent through a pipe as bytes");
  // Buffered output would be written twice (by the child too) when stdout is a pipe.
  std::fflush(nullptr);
  int fds[2];
  if (::pipe(fds) != 0) std::abort();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    const Result r = work();
    if (::write(fds[1], &r, sizeof r) != static_cast<ssize_t>(sizeof r)) std::_Exit(1);
    std::_Exit(0);
  }
  ::close(fds[1]);
  Result r{};
  const ssize_t n = ::read(fds[0], &r, sizeof r);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (n != static_cast<ssize_t>(sizeof r)) {
    std::fprintf(stderr, "benchmark child failed\n");
    std::exit(1);
  }
  return r;
}

}  // namespace surge::bench
