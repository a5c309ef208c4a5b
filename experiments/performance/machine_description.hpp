// The line every benchmark prints about the machine it ran on: CPU model, kernel,
// cores online and compiler, so a pasted result says where it came from.
#pragma once

#include <sys/utsname.h>
#include <unistd.h>

#include <fmt/format.h>

#include <fstream>
#include <string>

namespace surge::bench {

inline std::string machine_description() {
  std::string cpu = "unknown cpu";
  std::ifstream info("/proc/cpuinfo");
  for (std::string line; std::getline(info, line);) {
    if (line.rfind("model name", 0) == 0) {
      cpu = line.substr(line.find(':') + 2);
      break;
    }
  }
  utsname u{};
  ::uname(&u);
  return fmt::format("{} ({} {}), {} cores online, g++ {}", cpu, u.sysname, u.machine,
                     ::sysconf(_SC_NPROCESSORS_ONLN), __VERSION__);
}

}  // namespace surge::bench
