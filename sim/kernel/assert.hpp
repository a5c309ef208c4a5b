// SURGE_ASSERT: an always-on invariant check. Tests build optimized and NDEBUG
// would strip <cassert>, so internal invariants use this instead. A failure is
// a bug in surge, never a user error: user errors are values (see scenario/).
#pragma once

namespace surge::detail {
[[noreturn]] void assertion_failed(const char* expr, const char* file, int line, const char* msg);
}  // namespace surge::detail

#define SURGE_ASSERT(cond)                                                     \
  do {                                                                         \
    if (!(cond)) [[unlikely]]                                                  \
      ::surge::detail::assertion_failed(#cond, __FILE__, __LINE__, nullptr);   \
  } while (0)

#define SURGE_ASSERT_MSG(cond, msg)                                            \
  do {                                                                         \
    if (!(cond)) [[unlikely]]                                                  \
      ::surge::detail::assertion_failed(#cond, __FILE__, __LINE__, (msg));     \
  } while (0)
