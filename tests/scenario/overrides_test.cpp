#include "sim/scenario/overrides.hpp"

#include <catch2/catch.hpp>

#include "scenario_test_support.hpp"

namespace surge::scenario {
namespace {

using nlohmann::json;
using testing::has_problem;
using testing::render;

TEST_CASE("scenario::overrides: VALUE is a JSON literal, else a string", "[scenario]") {
  CHECK(override_value("12") == json(12));
  CHECK(override_value("2.5") == json(2.5));
  CHECK(override_value("true") == json(true));
  CHECK(override_value("null") == json(nullptr));
  CHECK(override_value(R"({"constant": 5})") == json::parse(R"({"constant": 5})"));
  CHECK(override_value(R"("quoted")") == json("quoted"));
  CHECK(override_value("storm") == json("storm"));
  CHECK(override_value("") == json(""));
  CHECK(override_value("12abc") == json("12abc"));
  CHECK(override_value(R"({"a": 1, "a": 2})") == json(R"({"a": 1, "a": 2})"));  // not clean JSON
}

TEST_CASE("scenario::overrides: --set changes, adds and appends in order", "[scenario]") {
  json doc = testing::shop_document();
  Problems problems;
  apply_overrides(doc,
                  {"/services/db/instances=12", "/services/db/instances=13", "/name=storm",
                   "/services/db/balancer=random", "/report/percentiles/-=99.9",
                   "/report/percentiles/0=25", "/workloads/browse/rate={\"constant\": 80}"},
                  problems);
  INFO(render(problems));
  CHECK(problems.empty());
  CHECK(doc["services"]["db"]["instances"] == 13);
  CHECK(doc["name"] == "storm");
  CHECK(doc["services"]["db"]["balancer"] == "random");
  CHECK(doc["report"]["percentiles"] == json::parse("[25, 99, 99.9]"));
  CHECK(doc["workloads"]["browse"]["rate"]["constant"] == 80);
}

TEST_CASE("scenario::overrides: a pointer whose parent is missing is an error", "[scenario]") {
  json doc = testing::shop_document();
  const json before = doc;
  Problems problems;
  apply_overrides(doc,
                  {"/services/dbb/instances=3", "/services/db/instances/x=1", "no-slash=1",
                   "/services/db", "=5", "/report/percentiles/7=1", "/a~2b=1"},
                  problems);
  INFO(render(problems));
  CHECK(doc == before);  // nothing applied
  CHECK(problems.size() == 7);
  CHECK(has_problem(problems, "/services/dbb/instances",
                    "/services/dbb does not exist in the scenario (did you mean /services/db?)"));
  CHECK(has_problem(problems, "/services/db/instances/x", "is a number, not an object"));
  CHECK(has_problem(problems, "no-slash", "not a JSON pointer"));
  CHECK(has_problem(problems, "/services/db", "expects POINTER=VALUE"));
  CHECK(has_problem(problems, "=5", "cannot replace the whole scenario"));
  CHECK(has_problem(problems, "/report/percentiles/7", "array of 2 items"));
  CHECK(has_problem(problems, "/a~2b", "not a JSON pointer"));
}

TEST_CASE("scenario::loader: --set is applied before validation", "[scenario]") {
  SECTION("a valid override changes the graph and the input") {
    LoadOptions options;
    options.overrides = {"/services/db/instances=12", "/workloads/browse/client/timeout_s=2"};
    const LoadResult result = load_scenario_text(testing::kShopScenario, options);
    INFO(render(result.problems));
    REQUIRE(result.scenario.has_value());
    CHECK(result.scenario->graph.services[1].instances == 12);
    CHECK(result.scenario->graph.workloads[1].client.timeout_s == 2.0);
    CHECK(result.scenario->input["services"]["db"]["instances"] == 12);
  }
  SECTION("an override is validated like the file") {
    LoadOptions options;
    options.overrides = {"/services/db/instances=0"};
    const LoadResult result = load_scenario_text(testing::kShopScenario, options);
    INFO(render(result.problems));
    CHECK_FALSE(result.scenario.has_value());
    CHECK(result.problems.size() == 1);
    CHECK(has_problem(result.problems, "/services/db/instances", "expected an integer >= 1"));
  }
  SECTION("a string where a number belongs") {
    LoadOptions options;
    options.overrides = {"/duration_s=ten"};
    const LoadResult result = load_scenario_text(testing::kShopScenario, options);
    CHECK(has_problem(result.problems, "/duration_s", "got \"ten\""));
  }
  SECTION("an invalid pointer is a problem at the pointer") {
    LoadOptions options;
    options.overrides = {"/servics/db/instances=4"};
    const LoadResult result = load_scenario_text(testing::kShopScenario, options);
    INFO(render(result.problems));
    CHECK_FALSE(result.scenario.has_value());
    REQUIRE(result.problems.size() == 1);
    CHECK(has_problem(result.problems, "/servics/db/instances", "did you mean /services?"));
  }
}

}  // namespace
}  // namespace surge::scenario
