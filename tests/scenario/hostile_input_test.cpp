// Inputs a careless or hostile user can give the scenario layer: binary files,
// integers beyond 64 bits, faulty JSON in a --set value, endless or huge files.
// Each must end in a problem that says what is really wrong.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "scenario_test_support.hpp"
#include "sim/scenario/bounded_read.hpp"
#include "sim/scenario/json_text.hpp"
#include "sim/scenario/overrides.hpp"

namespace surge::scenario {
namespace {

using nlohmann::json;
using testing::has_problem;
using testing::render;

TEST_CASE("scenario::json_text: a NUL byte is reported where it is, not as the end", "[scenario]") {
  Problems problems;
  const std::string zeros(16, '\0');
  CHECK_FALSE(parse_json_text(zeros, problems).document.has_value());
  INFO(render(problems));
  REQUIRE(problems.size() == 1);
  CHECK(has_problem(problems, "1:1", "NUL byte"));
  CHECK(problems.list()[0].reason.find("end of input") == std::string::npos);

  Problems later;
  const std::string text = std::string("{\n  \"a\": 1,") + '\0' + "}";
  (void)parse_json_text(text, later);
  INFO(render(later));
  CHECK(has_problem(later, "2:10", "NUL byte"));
}

TEST_CASE("scenario::json_text: an integer beyond 64 bits is out of range, not a fraction",
          "[scenario]") {
  Problems problems;
  const ParsedJson parsed = parse_json_text(
      R"({"seed": 18446744073709551616, "a": -9223372036854775809, "b": 18446744073709551615,
          "c": -9223372036854775808, "d": 1.8e19, "e": )" + std::string(400, '9') + "}",
      problems);
  INFO(render(problems));
  REQUIRE(parsed.document.has_value());
  CHECK(problems.size() == 3);
  CHECK(has_problem(problems, "/seed", "integer 18446744073709551616 is out of range"));
  CHECK(has_problem(problems, "/a", "integer -9223372036854775809 is out of range"));
  CHECK(has_problem(problems, "/e", "integer 9999"));  // beyond even a double
  CHECK(parsed.poisoned == std::vector<std::string>{"/seed", "/a", "/e"});
  CHECK(parsed.document->at("b") == json(18446744073709551615ULL));
  CHECK(parsed.document->at("c") == json(-9223372036854775807LL - 1));
  CHECK(parsed.document->at("d") == json(1.8e19));  // written as a real number: fine
}

TEST_CASE("scenario::loader: a seed beyond 64 bits is reported once, as out of range",
          "[scenario]") {
  std::string text(testing::kShopScenario);
  const std::string from = "\"seed\": 7";
  text.replace(text.find(from), from.size(), "\"seed\": 1180591620717411303424");
  const LoadResult result = load_scenario_text(text, {});
  INFO(render(result.problems));
  REQUIRE(result.problems.size() == 1);
  CHECK(has_problem(result.problems, "/seed", "integer 1180591620717411303424 is out of range"));
}

TEST_CASE("scenario::overrides: a VALUE that is faulty JSON is reported, not taken as a string",
          "[scenario]") {
  struct Case {
    const char* assignment;
    const char* reason;
  };
  const Case cases[] = {
      {"/duration_s=1e400", "number 1e400 is out of range"},
      {"/seed=1180591620717411303424", "integer 1180591620717411303424 is out of range"},
      {"/limits/max_events=-9223372036854775809", "integer -9223372036854775809 is out of range"},
      {R"(/report={"interval_s": 1, "interval_s": 2})", "the value at /interval_s: duplicate key"},
  };
  for (const Case& c : cases) {
    INFO(c.assignment);
    LoadOptions options;
    options.overrides = {c.assignment};
    const LoadResult result = load_scenario_text(testing::kShopScenario, options);
    INFO(render(result.problems));
    const std::string pointer(std::string_view(c.assignment).substr(
        0, std::string_view(c.assignment).find('=')));
    REQUIRE(result.problems.size() == 1);
    CHECK(has_problem(result.problems, pointer, c.reason));
    CHECK(result.problems.list()[0].reason.find("string") == std::string::npos);
  }
}

TEST_CASE("scenario::bounded_read: reads a file up to the cap and refuses more", "[scenario]") {
  const auto dir = std::filesystem::temp_directory_path() / "surge-test-bounded-read";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "ten.txt") << "0123456789";

  const BoundedRead exact = read_bounded_file((dir / "ten.txt").string(), 10);
  REQUIRE(exact.text.has_value());
  CHECK(*exact.text == "0123456789");

  const BoundedRead over = read_bounded_file((dir / "ten.txt").string(), 9);
  CHECK_FALSE(over.text.has_value());
  CHECK(over.problem.find("is larger than 9 bytes") != std::string::npos);

  const BoundedRead folder = read_bounded_file(dir.string(), 100);
  CHECK_FALSE(folder.text.has_value());
  CHECK(folder.problem == "is a directory, not a file");

  const BoundedRead missing = read_bounded_file((dir / "nowhere").string(), 100);
  CHECK_FALSE(missing.text.has_value());
  CHECK(missing.problem == "No such file or directory");

  // An endless stream stops one byte past the cap.
  const BoundedRead endless = read_bounded_file("/dev/zero", 3 * kMiB);
  CHECK_FALSE(endless.text.has_value());
  CHECK(endless.problem.find("is larger than 3 MiB") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("scenario::loader: a directory as the scenario file is refused with the reason",
          "[scenario]") {
  const LoadResult result =
      load_scenario_file(std::filesystem::temp_directory_path().string(), {});
  REQUIRE(result.problems.size() == 1);
  CHECK(result.problems.list()[0].reason.find("is a directory") != std::string::npos);
}

}  // namespace
}  // namespace surge::scenario

namespace surge::scenario {
namespace {

// Found by fuzz_override: a --set VALUE that is not JSON became a string with
// bytes that are not UTF-8, and the first message quoting it (nlohmann's dump)
// threw: exit 4. The input is the fuzzer's, minimised by hand.
TEST_CASE("scenario::overrides: an argument that is not UTF-8 is refused, not stored",
          "[scenario]") {
  const std::string cases[] = {
      "/faults=[{\"kind\": \"flush\", \"at_s\": 10, \"se\xff\xffrvice\": \"db\"}]",
      "/name=caf\xe9",              // Latin-1, not UTF-8
      "/name=\xed\xa0\x80",         // a surrogate
      "/name=\xc0\xaf",             // an overlong '/'
      "/name=\xf0\x9f\x98",         // cut short
      "/services/\xff/instances=3",  // in the pointer
  };
  for (const std::string& assignment : cases) {
    INFO(assignment);
    LoadOptions options;
    options.overrides = {assignment};
    const LoadResult result = load_scenario_text(testing::kShopScenario, options);
    INFO(render(result.problems));
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems.list()[0].reason.find("not UTF-8 text") != std::string::npos);
    CHECK(nlohmann::json(result.problems.list()[0].where).dump().size() > 0);  // no throw
  }
  // Valid UTF-8 of every length is fine.
  LoadOptions options;
  options.overrides = {"/name=caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"};
  const LoadResult ok = load_scenario_text(testing::kShopScenario, options);
  INFO(render(ok.problems));
  REQUIRE(ok.scenario.has_value());
  CHECK(ok.scenario->input.at("name") == "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
}

}  // namespace
}  // namespace surge::scenario

namespace surge::scenario {
namespace {

// Found by fuzz_override: a long string quoted in a message was cut at byte 37,
// inside a two-byte UTF-8 character, and nlohmann's dump of the cut string
// threw (exit 4). Any scenario with such a string of the wrong type did it.
TEST_CASE("scenario::describe: a long string is shortened between UTF-8 characters",
          "[scenario]") {
  for (std::size_t pad = 30; pad < 40; ++pad) {
    const std::string value = std::string(pad, 'a') + "\xd1\xa2\xe2\x82\xac\xf0\x9f\x98\x80" +
                              std::string(20, 'b');
    INFO(pad);
    LoadOptions options;
    options.overrides = {"/workloads/browse=" + value};
    const LoadResult result = load_scenario_text(testing::kShopScenario, options);
    INFO(render(result.problems));
    REQUIRE_FALSE(result.scenario.has_value());
    CHECK(has_problem(result.problems, "/workloads/browse", "expected an object"));
    CHECK(has_problem(result.problems, "/workloads/browse", "..."));
  }
}

}  // namespace
}  // namespace surge::scenario
