#include "sim/scenario/json_text.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "scenario_test_support.hpp"

namespace surge::scenario {
namespace {

using testing::has_problem;
using testing::render;

TEST_CASE("scenario::json_text: text that is not JSON is reported at LINE:COLUMN", "[scenario]") {
  struct Case {
    const char* text;
    const char* where;
    const char* reason;
  };
  const Case cases[] = {
      {"{\"a\": tru}", "1:10", "invalid literal"},
      {"{\n  \"a\": 1,\n  \"b\" 2\n}", "3:7", "expected ':'"},
      {"{\"a\": 1,\n}", "2:1", "expected string literal"},
      {"{\"a\": 1", "1:8", "unexpected end of input"},
      {"{\"name\": \"caf\xC3\xA9\", x}", "1:18", "invalid literal"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    Problems problems;
    const ParsedJson parsed = parse_json_text(c.text, problems);
    INFO(render(problems));
    CHECK_FALSE(parsed.document.has_value());
    REQUIRE(problems.size() == 1);
    CHECK(problems.list()[0].where == c.where);
    CHECK(problems.list()[0].reason.find(c.reason) != std::string::npos);
    // The reason is ours to place: no "[json.exception..." or "line 1" prefix.
    CHECK(problems.list()[0].reason.find("json.exception") == std::string::npos);
  }
}

TEST_CASE("scenario::json_text: an empty file is reported", "[scenario]") {
  for (const char* text : {"", "  \n\t\n"}) {
    Problems problems;
    const ParsedJson parsed = parse_json_text(text, problems);
    CHECK_FALSE(parsed.document.has_value());
    REQUIRE(problems.size() == 1);
    CHECK(problems.list()[0].reason.find("empty") != std::string::npos);
  }
  Problems problems;
  (void)parse_json_text("", problems);
  CHECK(problems.list().at(0).where == "1:1");
}

TEST_CASE("scenario::json_text: duplicate keys are reported at their pointer", "[scenario]") {
  Problems problems;
  const ParsedJson parsed = parse_json_text(
      R"({"a": 1, "s": {"x": {"k": 1}, "y": [{"k": 1, "k": 2}], "x": 3}, "a": 2})", problems);
  INFO(render(problems));
  CHECK(parsed.document.has_value());  // still validated, to report everything at once
  CHECK(problems.size() == 3);
  CHECK(has_problem(problems, "/s/y/0/k", "duplicate key"));
  CHECK(has_problem(problems, "/s/x", "duplicate key"));
  CHECK(has_problem(problems, "/a", "duplicate key"));
}

TEST_CASE("scenario::json_text: the first copy of a duplicate key stays", "[scenario]") {
  Problems problems;
  const ParsedJson parsed = parse_json_text(
      R"({"a": 1, "a": {"b": 1, "b": 2, "c": [{"d": 1, "d": 2}]}, "e": {"f": 1, "f": 2}})",
      problems);
  INFO(render(problems));
  REQUIRE(parsed.document.has_value());
  CHECK(problems.size() == 4);
  CHECK(has_problem(problems, "/a", "duplicate key"));
  CHECK(has_problem(problems, "/a/b", "duplicate key"));
  CHECK(has_problem(problems, "/a/c/0/d", "duplicate key"));
  CHECK(has_problem(problems, "/e/f", "duplicate key"));
  CHECK(*parsed.document == nlohmann::json::parse(R"({"a": 1, "e": {"f": 1}})"));
}

// Regression: nlohmann's parser callback rescans the parent at the end of every
// object, which took about a minute here; the SAX builder is linear.
TEST_CASE("scenario::json_text: a long array of objects parses in linear time", "[scenario]") {
  std::string text = "{\"items\": [";
  for (int i = 0; i < 200'000; ++i) text += i == 0 ? "{\"k\": 1}" : ", {\"k\": 1}";
  text += "]}";
  Problems problems;
  const ParsedJson parsed = parse_json_text(text, problems);
  REQUIRE(parsed.document.has_value());
  CHECK(problems.empty());
  CHECK(parsed.document->at("items").size() == 200'000);
}

TEST_CASE("scenario::json_text: keys that differ are not duplicates", "[scenario]") {
  Problems problems;
  const ParsedJson parsed =
      parse_json_text(R"({"a": {"k": 1}, "b": {"k": 1}, "c": [{"k": 1}, {"k": 2}]})", problems);
  INFO(render(problems));
  CHECK(parsed.document.has_value());
  CHECK(problems.empty());
}

TEST_CASE("scenario::json_text: a number beyond a double is reported at its pointer",
          "[scenario]") {
  Problems problems;
  const ParsedJson parsed = parse_json_text(
      "{\"a\": [1, \"1e400\", -1e400],\n \"b\": {\"c\": 1e400}, \"d\": 1e-400}", problems);
  INFO(render(problems));
  REQUIRE(parsed.document.has_value());
  CHECK(problems.size() == 2);
  CHECK(has_problem(problems, "/a/2", "number -1e400 is out of range"));
  CHECK(has_problem(problems, "/b/c", "number 1e400 is out of range"));
  CHECK(parsed.poisoned == std::vector<std::string>{"/a/2", "/b/c"});
  CHECK(parsed.document->at("a").at(1) == "1e400");  // a string, untouched
  CHECK(parsed.document->at("d") == 0.0);            // underflow is fine
}

TEST_CASE("scenario::json_text: an overflow keeps later syntax errors in place", "[scenario]") {
  Problems problems;
  (void)parse_json_text("{\"a\": 1e999, \"b\": x}", problems);
  INFO(render(problems));
  CHECK(has_problem(problems, "1:19", "invalid literal"));
}

TEST_CASE("scenario::json_text: deep nesting is refused without crashing", "[scenario]") {
  const std::size_t depth = 100'000;
  SECTION("arrays") {
    const std::string text = std::string(depth, '[') + std::string(depth, ']');
    Problems problems;
    const ParsedJson parsed = parse_json_text(text, problems);
    CHECK_FALSE(parsed.document.has_value());
    REQUIRE(problems.size() == 1);
    CHECK(problems.list()[0].where == "1:257");
    CHECK(problems.list()[0].reason.find("deeper than 256") != std::string::npos);
  }
  SECTION("objects, through the loader, a million deep") {
    std::string text;
    for (int i = 0; i < 1'000'000; ++i) text += "{\"a\":";
    text += "1";
    text += std::string(1'000'000, '}');
    const LoadResult result = load_scenario_text(text, {});
    CHECK_FALSE(result.scenario.has_value());
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems.list()[0].where == "1:1281");  // the 257th "{" at 5 * 256 + 1
  }
  SECTION("brackets inside strings do not count") {
    const std::string text = "{\"a\": \"" + std::string(1000, '[') + "\\\"" + "\"}";
    Problems problems;
    const ParsedJson parsed = parse_json_text(text, problems);
    INFO(render(problems));
    CHECK(parsed.document.has_value());
    CHECK(problems.empty());
  }
  SECTION("the limit itself is accepted") {
    const std::string text = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
    Problems problems;
    CHECK(parse_json_text(text, problems).document.has_value());
    CHECK(problems.empty());
  }
}

TEST_CASE("scenario::json_text: line_column counts characters, not bytes", "[scenario]") {
  CHECK(line_column("abc", 0) == "1:1");
  CHECK(line_column("abc", 2) == "1:3");
  CHECK(line_column("a\nbc", 3) == "2:2");
  CHECK(line_column("\xC3\xA9x", 2) == "1:2");  // after a two-byte character
  CHECK(line_column("ab", 99) == "1:3");        // clamped to the end
}

TEST_CASE("scenario::loader: invalid JSON is reported by the loader at LINE:COLUMN", "[scenario]") {
  const LoadResult result = load_scenario_text("{\n  \"duration_s\": 10,\n  \"services\": }", {});
  CHECK_FALSE(result.scenario.has_value());
  REQUIRE(result.problems.size() == 1);
  CHECK(result.problems.list()[0].where == "3:15");
}

TEST_CASE("scenario::loader: an overflowing number is reported once, at its pointer",
          "[scenario]") {
  std::string text(testing::kShopScenario);
  const std::string from = "\"duration_s\": 600";
  text.replace(text.find(from), from.size(), "\"duration_s\": 1e400");
  const LoadResult result = load_scenario_text(text, {});
  INFO(render(result.problems));
  CHECK_FALSE(result.scenario.has_value());
  REQUIRE(result.problems.size() == 1);
  CHECK(result.problems.list()[0].where == "/duration_s");
  CHECK(result.problems.list()[0].reason.find("1e400") != std::string::npos);
}

TEST_CASE("scenario::loader: a duplicate key is reported by the loader", "[scenario]") {
  std::string text(testing::kShopScenario);
  const std::string from = "\"instances\": 3,";
  text.replace(text.find(from), from.size(), "\"instances\": 3, \"instances\": 5,");
  const LoadResult result = load_scenario_text(text, {});
  INFO(render(result.problems));
  CHECK_FALSE(result.scenario.has_value());
  REQUIRE(result.problems.size() == 1);
  CHECK(result.problems.list()[0].where == "/services/db/instances");
  CHECK(result.problems.list()[0].reason.find("duplicate key") != std::string::npos);
}

}  // namespace
}  // namespace surge::scenario
