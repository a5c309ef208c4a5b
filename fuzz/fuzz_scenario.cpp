// Fuzz target: a scenario file's raw bytes -> load and validate -> when valid, a
// run under tight limits (bounded_run.hpp). Referenced files (CSV traces,
// timestamps) resolve against the seed corpus's folder of sample files.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/bounded_run.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  surge::scenario::LoadOptions options;
  options.base_dir = SURGE_FUZZ_FILES_DIR;
  surge::scenario::LoadResult result = surge::scenario::load_scenario_text(text, options);
  surge::fuzz::run_bounded(result);
  return 0;
}
