#include "sim/kernel/assert.hpp"

#include <cstdio>
#include <cstdlib>

namespace surge::detail {
void assertion_failed(const char* expr, const char* file, int line, const char* msg) {
  std::fprintf(stderr, "surge: internal error: %s:%d: assertion '%s' failed%s%s\n", file, line,
               expr, msg ? ": " : "", msg ? msg : "");
  std::abort();
}
}  // namespace surge::detail
