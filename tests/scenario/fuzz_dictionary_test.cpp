// The scenario fuzz target's dictionary (fuzz/scenario.dict) holds every key and
// keyword that configs/README.md documents, so the fuzzer can build any of them
// (experiments/fuzzing/make_dict.py regenerates it).
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <string>

#include "tests/cli/cli_test.hpp"

namespace {

const std::string kSource = SURGE_SOURCE_DIR;

TEST_CASE("fuzz::dictionary: covers every documented key", "[scenario]") {
  const std::string readme = surge::testing::read_text(kSource + "/configs/README.md");
  const std::string dict = surge::testing::read_text(kSource + "/fuzz/scenario.dict");
  REQUIRE_FALSE(readme.empty());
  REQUIRE_FALSE(dict.empty());
  // The first cell of every table row names the key(s) the row documents.
  const std::regex row(R"(^\| ([^|]+)\|)", std::regex::multiline);
  const std::regex key("`([a-z_][a-z0-9_]*)`");
  std::set<std::string> keys;
  for (auto r = std::sregex_iterator(readme.begin(), readme.end(), row); r != std::sregex_iterator();
       ++r) {
    const std::string cell = (*r)[1];
    for (auto k = std::sregex_iterator(cell.begin(), cell.end(), key); k != std::sregex_iterator();
         ++k) {
      keys.insert((*k)[1]);
    }
  }
  CHECK(keys.size() > 50);  // the README's tables were found
  CHECK(keys.count("max_in_flight") == 1);
  for (const std::string& k : keys) {
    INFO(k);
    CHECK(dict.find("\"\\\"" + k + "\\\"\"\n") != std::string::npos);
  }
}

}  // namespace
