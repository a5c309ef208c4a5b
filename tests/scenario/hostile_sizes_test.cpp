// Hostile sizes and edges (issue 9): inputs that once cost gigabytes or minutes,
// or slipped through at a boundary, each pinned by its own test. The checks are
// on what was computed (problem counts, caps), never on time.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <string>

#include "scenario_test_support.hpp"
#include "sim/scenario/did_you_mean.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace surge::scenario {
namespace {

using nlohmann::json;
using testing::has_problem;
using testing::render;

TEST_CASE("scenario::did_you_mean: edit distances are exact up to the bound, absent beyond",
          "[scenario]") {
  // Hand-counted: one swap, one insertion, one substitution, three edits.
  CHECK(edit_distance_at_most("raed", "read", 5) == 1u);
  CHECK(edit_distance_at_most("mean", "mean_s", 5) == 2u);
  CHECK(edit_distance_at_most("kitten", "sitten", 5) == 1u);
  CHECK(edit_distance_at_most("kitten", "sitting", 5) == 3u);
  CHECK(edit_distance_at_most("", "abc", 5) == 3u);
  CHECK(edit_distance_at_most("same", "same", 0) == 0u);
  // Beyond the bound: no answer, whether the lengths or the letters differ.
  CHECK_FALSE(edit_distance_at_most("kitten", "sitting", 2).has_value());
  CHECK_FALSE(edit_distance_at_most("abcdefgh", "zyxwvuts", 3).has_value());
  CHECK_FALSE(edit_distance_at_most("a", "abcdef", 4).has_value());
}

TEST_CASE("scenario::did_you_mean: a typo is suggested, another word or a huge name is not",
          "[scenario]") {
  const std::vector<std::string> keys = {"instances", "workers", "queue_capacity", "mean_s"};
  CHECK(closest("instnaces", keys) == "instances");
  CHECK(closest("mean", keys) == "mean_s");
  CHECK_FALSE(closest("throughput", keys).has_value());
  CHECK(did_you_mean("wrokers", keys) == " (did you mean \"workers\"?)");
  CHECK(did_you_mean("wrokers", keys, "db.") == " (did you mean \"db.workers\"?)");
  // Longer than kMaxSuggestedName: never compared, even when it starts with a key.
  CHECK_FALSE(closest("instances" + std::string(kMaxSuggestedName, 'x'), keys).has_value());
  CHECK_FALSE(closest(std::string(1 << 20, 'w'), keys).has_value());
}

TEST_CASE("scenario::problems: only the first kMaxListed problems are kept, the rest counted",
          "[scenario]") {
  Problems problems;
  std::size_t built = 0;
  for (int i = 0; i < 1000; ++i) {
    problems.add_lazily("/x", [&] {
      ++built;
      return std::string("bad");
    });
  }
  CHECK(problems.list().size() == Problems::kMaxListed);
  CHECK(problems.omitted() == 1000 - Problems::kMaxListed);
  CHECK(problems.size() == 1000u);
  // Messages of omitted problems are never built.
  CHECK(built == Problems::kMaxListed);
}

TEST_CASE("scenario::loader: 10,000 unknown keys give 100 listed problems and a count",
          "[scenario]") {
  json doc = testing::shop_document();
  for (int i = 0; i < 10'000; ++i) doc[fmt::format("unknown_key_{}", i)] = i;
  const LoadResult result = testing::load_document(doc);
  CHECK_FALSE(result.scenario.has_value());
  CHECK(result.problems.list().size() == Problems::kMaxListed);
  CHECK(result.problems.omitted() == 10'000 - Problems::kMaxListed);
  CHECK(result.problems.list().front().reason.rfind("unknown key", 0) == 0);
}

TEST_CASE("scenario::loader: a 1 MB key is one unknown key with no suggestion", "[scenario]") {
  json doc = testing::shop_document();
  const std::string key = "seed" + std::string(1 << 20, 'd');
  doc[key] = 1;
  const LoadResult result = testing::load_document(doc);
  INFO(render(result.problems).substr(0, 500));
  REQUIRE(result.problems.size() == 1);
  CHECK(result.problems.list()[0].where == "/" + key);
  CHECK(result.problems.list()[0].reason == "unknown key");
}

TEST_CASE("scenario::loader: thousands of misspelt call targets stay bounded", "[scenario]") {
  // 2,000 endpoints, each calling a misspelt one: every call is a problem with a
  // "did you mean" over 2,000 candidates; only the listed ones build it.
  json doc = testing::shop_document();
  json endpoints = json::object();
  for (int i = 0; i < 2000; ++i) {
    endpoints[fmt::format("endpoint{}", i)] = {
        {"calls", json::array({{{"to", fmt::format("db.endpoint{}x", i)}}})}};
  }
  doc["services"]["db"]["endpoints"] = endpoints;
  doc["workloads"] = {{"w", {{"entry", "db.endpoint0"}, {"rate", {{"constant", 1}}}}}};
  doc.erase("slo");
  const LoadResult result = testing::load_document(doc);
  // + the calls of gateway.home and auth.login to the replaced db.read and db.write.
  CHECK(result.problems.size() == 2000 + 2);
  CHECK(result.problems.list().size() == Problems::kMaxListed);
}

// The shop scenario has 3 services and 2 workloads: 1 + 3·3 + 5·2 = 20 values per
// report interval, so 5·10^6 values allow 250,000 intervals of its 600 s, at
// least 2.4 ms each.
TEST_CASE("scenario::loader: the time series may hold at most kMaxSeriesValues values",
          "[scenario]") {
  const auto load_with_interval = [](double interval_s) {
    json doc = testing::shop_document();
    doc["report"]["interval_s"] = interval_s;
    return testing::load_document(doc);
  };
  // 3 services and 2 workloads: 1 + 4 x 3 + 13 x 2 = 39 values per interval, so at most
  // floor(5e6 / 39) = 128,205 intervals of the 600 s: at least ceil(6e11 / 128205) ns.
  CHECK(load_with_interval(0.004680005).scenario.has_value());
  const LoadResult below = load_with_interval(0.004680004);
  INFO(render(below.problems));
  REQUIRE(below.problems.size() == 1);
  CHECK(has_problem(below.problems, "/report/interval_s",
                    "at most 5000000 are allowed: set report.interval_s to at least 0.004680005"));
  // 39 series x 10^6 intervals.
  const LoadResult million = load_with_interval(600.0 / 1e6);
  CHECK(has_problem(million.problems, "/report/interval_s", "would hold 39000000 values"));
}

TEST_CASE("scenario::loader: a duration that rounds to 0 ns is rejected at its pointer",
          "[scenario]") {
  json doc = testing::shop_document();
  doc["duration_s"] = 1e-10;
  doc.erase("warmup_s");
  const LoadResult result = testing::load_document(doc);
  INFO(render(result.problems));
  CHECK(has_problem(result.problems, "/duration_s", "rounds to 0 ns"));
  // The smallest duration that does not round to 0 is accepted as far as its own
  // key goes.
  doc["duration_s"] = 1e-9;
  doc["report"]["interval_s"] = 1e-9;
  const LoadResult one_ns = testing::load_document(doc);
  INFO(render(one_ns.problems));
  CHECK(one_ns.scenario.has_value());
}

TEST_CASE("scenario::loader: a fault at a time that rounds to the end of the run is rejected",
          "[scenario]") {
  json doc = testing::shop_document();
  const auto with_fault_at = [&](double at_s) {
    doc["faults"] = json::array({{{"kind", "crash"}, {"service", "db"}, {"at_s", at_s}}});
    return testing::load_document(doc);
  };
  // 600 − 10^-10 s is 600 s in whole nanoseconds: the run ends before it.
  const LoadResult rounds_up = with_fault_at(600.0 - 1e-10);
  INFO(render(rounds_up.problems));
  CHECK(has_problem(rounds_up.problems, "/faults/0/at_s", "must be less than duration_s (600)"));
  CHECK(has_problem(with_fault_at(700.0).problems, "/faults/0/at_s"));
  // One nanosecond before the end still happens.
  CHECK(with_fault_at(600.0 - 1e-9).scenario.has_value());
}

TEST_CASE("scenario::loader: a crash lasting less than half a nanosecond is rejected",
          "[scenario]") {
  json doc = testing::shop_document();
  doc["faults"] =
      json::array({{{"kind", "crash"}, {"service", "db"}, {"at_s", 10}, {"duration_s", 1e-10}}});
  const LoadResult result = testing::load_document(doc);
  INFO(render(result.problems));
  CHECK(result.problems.size() == 1);
  CHECK(has_problem(result.problems, "/faults/0/duration_s", "rounds to 0 ns"));
}

}  // namespace
}  // namespace surge::scenario

namespace surge::scenario {
namespace {

TEST_CASE("scenario::calls: an endpoint with more than 1000 calls is refused at its calls",
          "[scenario]") {
  json doc = testing::shop_document();
  json calls = json::array();
  for (int i = 0; i < 1001; ++i) calls.push_back({{"to", "db.write"}});
  doc["services"]["auth"]["endpoints"]["login"]["calls"] = calls;
  const LoadResult result = testing::load_document(doc);
  CHECK(testing::has_problem(result.problems, "/services/auth/endpoints/login/calls",
                             "at most 1000 calls per endpoint, got 1001"));
  calls.erase(calls.begin());  // 1000 calls of one visit each: within both caps
  doc["services"]["auth"]["endpoints"]["login"]["calls"] = calls;
  CHECK(testing::load_document(doc).problems.empty());
}

TEST_CASE("scenario::calls: the visit cap counts count times the callee's tree", "[scenario]") {
  json doc = testing::shop_document();
  // db.read is a leaf: 1 + 10^6 x 1 visits per gateway.home visit, one over the cap.
  doc["services"]["gateway"]["endpoints"]["home"]["calls"] =
      json::array({{{"to", "db.read"}, {"count", 1000000}}});
  const LoadResult over = testing::load_document(doc);
  CHECK(testing::has_problem(over.problems, "/services/gateway/endpoints/home/calls",
                             "can make more than 1000000 visits"));
  doc["services"]["gateway"]["endpoints"]["home"]["calls"] =
      json::array({{{"to", "db.read"}, {"count", 999999}}});
  CHECK(testing::load_document(doc).problems.empty());
}

}  // namespace
}  // namespace surge::scenario
