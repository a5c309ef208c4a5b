#include "sim/scenario/sha256.hpp"

#include <catch2/catch.hpp>

#include "scenario_test_support.hpp"

namespace surge::scenario {
namespace {

using testing::render;

TEST_CASE("scenario::sha256: known answers", "[scenario]") {
  // FIPS 180-2 test vectors.
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("scenario::sha256: canonical form sorts keys and drops whitespace", "[scenario]") {
  CHECK(canonical_json(nlohmann::json::parse(R"({ "b": [1, 2], "a": {"y": 1, "x": "s"} })")) ==
        R"({"a":{"x":"s","y":1},"b":[1,2]})");
}

TEST_CASE("scenario::sha256: reordered keys and whitespace keep the fingerprint", "[scenario]") {
  const LoadResult a = load_scenario_text(testing::kShopScenario, {});
  // The same scenario written differently: keys reversed at every level, no
  // whitespace (dump of an ordered_json built in reverse order).
  const auto reverse = [](const nlohmann::json& j, const auto& self) -> nlohmann::ordered_json {
    if (j.is_object()) {
      nlohmann::ordered_json out = nlohmann::ordered_json::object();
      for (auto it = j.rbegin(); it != j.rend(); ++it) out[it.key()] = self(*it, self);
      return out;
    }
    if (j.is_array()) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto& item : j) out.push_back(self(item, self));
      return out;
    }
    return nlohmann::ordered_json(j);
  };
  const std::string rewritten = reverse(testing::shop_document(), reverse).dump(7);
  REQUIRE(rewritten != std::string(testing::kShopScenario));
  REQUIRE(rewritten.find("\"workloads\"") < rewritten.find("\"duration_s\""));
  const LoadResult b = load_scenario_text(rewritten, {});
  INFO(render(a.problems) << render(b.problems));
  REQUIRE(a.scenario.has_value());
  REQUIRE(b.scenario.has_value());
  CHECK(a.scenario->sha256 == b.scenario->sha256);
  CHECK(a.scenario->sha256 == sha256_hex(canonical_json(testing::shop_document())));
}

TEST_CASE("scenario::sha256: a changed value changes the fingerprint", "[scenario]") {
  const LoadResult a = load_scenario_text(testing::kShopScenario, {});
  auto doc = testing::shop_document();
  doc["services"]["db"]["instances"] = 4;
  const LoadResult b = testing::load_document(doc);
  LoadOptions set;
  set.overrides = {"/services/db/instances=4"};
  const LoadResult c = load_scenario_text(testing::kShopScenario, set);
  REQUIRE(a.scenario.has_value());
  REQUIRE(b.scenario.has_value());
  REQUIRE(c.scenario.has_value());
  CHECK(a.scenario->sha256 != b.scenario->sha256);
  CHECK(b.scenario->sha256 == c.scenario->sha256);  // after --set, like the file
}

TEST_CASE("scenario::sha256: referenced files are part of the fingerprint", "[scenario]") {
  const nlohmann::json doc = testing::shop_document();
  const std::string bare = scenario_sha256(doc, {});
  const std::string one = scenario_sha256(doc, {{"trace.csv", "0,1\n"}});
  const std::string other = scenario_sha256(doc, {{"trace.csv", "0,2\n"}});
  CHECK(bare == sha256_hex(canonical_json(doc)));
  CHECK(one == sha256_hex(canonical_json(doc) + "0,1\n"));
  CHECK(one != other);
}

}  // namespace
}  // namespace surge::scenario
