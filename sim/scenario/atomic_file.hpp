// Writing an output file atomically: the contents go to a temporary file in the
// same directory, flushed, then renamed over the target, so a reader (or a crash)
// never sees a half-written report.
//
// What may be replaced: only a regular file, and never an input of the run. A
// rename would replace a device, a FIFO or a symbolic link with a regular file
// (as root, `-o /dev/null` would destroy the device node), so those are refused,
// symbolic links included (surge does not guess whether the link or its target
// was meant: give the real path). Commands check their outputs with
// check_output_file/check_output_dir before they simulate, so a mistake costs no
// run; write_file_atomically checks again.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace surge::scenario {

// Empty when nothing exists at `path` or it is a regular file; else why it must not
// be replaced (a link is not followed: lstat).
[[nodiscard]] std::string check_replaceable(const std::string& path);

// Empty when `path` may receive an output file, else a message naming the path
// and the reason: its directory must exist and be writable, and `path`, when it
// exists, must be a regular file (not a symbolic link) other than each of
// `inputs` (the same file under another name counts).
[[nodiscard]] std::string check_output_file(const std::string& path,
                                            const std::vector<std::string>& inputs = {});

// Empty when `dir` may receive output files named `files` (it may not exist yet:
// the nearest existing ancestor must then be a writable directory).
[[nodiscard]] std::string check_output_dir(const std::string& dir,
                                           const std::vector<std::string>& files,
                                           const std::vector<std::string>& inputs = {});

// Returns an empty string on success, else a message naming the path and the cause.
[[nodiscard]] std::string write_file_atomically(const std::string& path,
                                                std::string_view contents);

}  // namespace surge::scenario
