// `surge validate` on bad files, end to end: exit code 2 and one line per problem
// on stderr, `FILE:POINTER: reason` (or `FILE:LINE:COLUMN: reason` for text that
// is not JSON), as the README's exit codes promise.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "scenario_test_support.hpp"

namespace surge::scenario {
namespace {

namespace fs = std::filesystem;

struct Validation {
  int exit_code = -1;
  std::vector<std::string> err_lines;
};

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("surge-scenario-cli-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::vector<std::string> lines_of(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Writes `text` to DIR/NAME and runs `surge validate` on it.
Validation validate(const fs::path& dir, const std::string& name, const std::string& text,
                    const std::string& extra_args = "") {
  const fs::path file = dir / name;
  std::ofstream(file, std::ios::binary) << text;
  const fs::path out = dir / "stdout.txt";
  const fs::path err = dir / "stderr.txt";
  const std::string command = std::string("\"") + SURGE_BINARY + "\" validate \"" + file.string() +
                              "\" " + extra_args + " </dev/null >\"" + out.string() + "\" 2>\"" +
                              err.string() + "\"";
  const int status = std::system(command.c_str());
  Validation v;
  v.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  v.err_lines = lines_of(err);
  return v;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

TEST_CASE("scenario::cli: a valid scenario validates with exit code 0", "[scenario]") {
  const fs::path dir = scratch("valid");
  const Validation v = validate(dir, "shop.json", std::string(testing::kShopScenario));
  INFO(joined(v.err_lines));
  CHECK(v.exit_code == 0);
  CHECK(v.err_lines.empty());
  fs::remove_all(dir);
}

TEST_CASE("scenario::cli: a bad value exits 2 with FILE:POINTER: reason", "[scenario]") {
  const fs::path dir = scratch("value");
  auto doc = testing::shop_document();
  doc["services"]["db"]["instances"] = -3;
  const Validation v = validate(dir, "bad.json", doc.dump(2));
  INFO(joined(v.err_lines));
  CHECK(v.exit_code == 2);
  REQUIRE(v.err_lines.size() == 1);
  CHECK(v.err_lines[0] == (dir / "bad.json").string() +
                              ":/services/db/instances: expected an integer >= 1 and <= "
                              "1000000, got -3");
  fs::remove_all(dir);
}

TEST_CASE("scenario::cli: every problem of a file gets its own line", "[scenario]") {
  const fs::path dir = scratch("several");
  auto doc = testing::shop_document();
  doc["services"]["db"]["instances"] = 0;
  doc["services"]["db"]["instnces"] = 2;
  doc["workloads"]["browse"]["entry"] = "gateway.hom";
  doc["services"]["auth"]["endpoints"]["check"]["calls"] =
      nlohmann::json::parse(R"([{"to": "auth.check"}])");
  const std::string file = (dir / "several.json").string();
  const Validation v = validate(dir, "several.json", doc.dump(2));
  INFO(joined(v.err_lines));
  CHECK(v.exit_code == 2);
  REQUIRE(v.err_lines.size() == 4);
  const std::string all = joined(v.err_lines);
  CHECK(all.find(file + ":/services/db/instances: ") != std::string::npos);
  CHECK(all.find(file + ":/services/db/instnces: unknown key (did you mean \"instances\"?)") !=
        std::string::npos);
  CHECK(all.find(file + ":/workloads/browse/entry: service \"gateway\" has no endpoint \"hom\"") !=
        std::string::npos);
  CHECK(all.find(file + ":/services/auth/endpoints/check/calls/0/to: call cycle: auth.check -> "
                        "auth.check") != std::string::npos);
  for (const auto& line : v.err_lines) CHECK(line.rfind(file + ":/", 0) == 0);
  fs::remove_all(dir);
}

TEST_CASE("scenario::cli: text that is not JSON exits 2 with FILE:LINE:COLUMN: reason",
          "[scenario]") {
  const fs::path dir = scratch("syntax");
  const Validation v =
      validate(dir, "syntax.json", "{\n  \"duration_s\": 10,\n  \"services\" {}\n}\n");
  INFO(joined(v.err_lines));
  CHECK(v.exit_code == 2);
  REQUIRE(v.err_lines.size() == 1);
  CHECK(v.err_lines[0].rfind((dir / "syntax.json").string() + ":3:14: ", 0) == 0);
  fs::remove_all(dir);
}

TEST_CASE("scenario::cli: empty, deeply nested and duplicate-key files exit 2", "[scenario]") {
  const fs::path dir = scratch("edge");
  {
    const Validation v = validate(dir, "empty.json", "");
    INFO(joined(v.err_lines));
    CHECK(v.exit_code == 2);
    REQUIRE(v.err_lines.size() == 1);
    CHECK(v.err_lines[0].rfind((dir / "empty.json").string() + ":1:1: ", 0) == 0);
  }
  {
    const Validation v =
        validate(dir, "deep.json", std::string(100'000, '[') + std::string(100'000, ']'));
    INFO(joined(v.err_lines));
    CHECK(v.exit_code == 2);
    REQUIRE(v.err_lines.size() == 1);
    CHECK(v.err_lines[0].rfind((dir / "deep.json").string() + ":1:257: ", 0) == 0);
  }
  {
    std::string text(testing::kShopScenario);
    text.replace(text.find("\"seed\": 7,"), 10, "\"seed\": 7, \"seed\": 8,");
    const Validation v = validate(dir, "dup.json", text);
    INFO(joined(v.err_lines));
    CHECK(v.exit_code == 2);
    REQUIRE(v.err_lines.size() == 1);
    CHECK(v.err_lines[0].rfind((dir / "dup.json").string() + ":/seed: duplicate key", 0) == 0);
  }
  fs::remove_all(dir);
}

TEST_CASE("scenario::cli: a bad --set exits 2 naming the pointer", "[scenario]") {
  const fs::path dir = scratch("set");
  const Validation v = validate(dir, "shop.json", std::string(testing::kShopScenario),
                                "--set /services/nope/instances=3");
  INFO(joined(v.err_lines));
  CHECK(v.exit_code == 2);
  REQUIRE(v.err_lines.size() == 1);
  CHECK(v.err_lines[0].rfind((dir / "shop.json").string() + ":/services/nope/instances: ", 0) == 0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace surge::scenario
