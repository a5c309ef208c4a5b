// Writing an output file atomically: the contents go to a temporary file in the
// same directory, flushed, then renamed over the target, so a reader (or a crash)
// never sees a half-written report.
#pragma once

#include <string>
#include <string_view>

namespace surge::scenario {

// Returns an empty string on success, else a message naming the path and the cause.
[[nodiscard]] std::string write_file_atomically(const std::string& path,
                                                std::string_view contents);

}  // namespace surge::scenario
