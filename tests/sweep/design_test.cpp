// The values of ranges and the points of the grid, random and Latin-hypercube designs.
#include "sim/sweep/design.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>

#include "sim/sweep/range_values.hpp"

using nlohmann::json;
using surge::sweep::Design;
using surge::sweep::design_points;
using surge::sweep::Domain;
using surge::sweep::Parameter;
using surge::sweep::range_values;

namespace {

std::vector<json> expand(double from, double to, double step, bool integer = false) {
  const auto r = range_values(from, to, step, integer, 1000);
  INFO(r.error);
  REQUIRE(r.error.empty());
  return r.values;
}

Parameter list_parameter(const std::string& pointer, std::vector<json> values) {
  Parameter p;
  p.pointer = pointer;
  p.domain.values = std::move(values);
  return p;
}

Parameter continuous(const std::string& pointer, double from, double to) {
  Parameter p;
  p.pointer = pointer;
  p.domain.is_range = true;
  p.domain.from = from;
  p.domain.to = to;
  p.domain.values = {json(from)};  // unused by a continuous range outside the grid
  return p;
}

}  // namespace

TEST_CASE("sweep::range_values: decimal steps count exactly and end on the written value",
          "[sweep]") {
  // 0.1 + 0.1 + 0.1 is 0.30000000000000004 in doubles; counted in tenths it is 0.3.
  const auto tenths = expand(0.1, 0.3, 0.1);
  REQUIRE(tenths.size() == 3);
  CHECK(tenths[0].get<double>() == 0.1);
  CHECK(tenths[1].get<double>() == 0.2);
  CHECK(tenths[2].get<double>() == 0.3);
  CHECK(tenths[2].dump() == "0.3");
  CHECK(expand(0.0, 1.0, 0.25).size() == 5);
  CHECK(expand(0.001, 0.003, 0.001).back().get<double>() == 0.003);
  // Downwards with a negative step, inclusive.
  const auto down = expand(1.0, 0.5, -0.25);
  REQUIRE(down.size() == 3);
  CHECK(down[2].get<double>() == 0.5);
  // A step that does not land on `to` stops before it.
  CHECK(expand(1, 4, 2, true) == std::vector<json>{1, 3});
  CHECK(expand(5, 5, 1, true) == std::vector<json>{5});
  // A step with no short decimal form: from + i * step, the end within 1e-9 steps.
  CHECK(expand(0.0, 1.0, 1.0 / 3.0).size() == 4);
}

TEST_CASE("sweep::range_values: integer ranges give JSON integers", "[sweep]") {
  const auto values = expand(1, 4, 1, true);
  REQUIRE(values.size() == 4);
  for (std::size_t i = 0; i < values.size(); ++i) {
    CHECK(values[i].is_number_integer());
    CHECK(values[i].get<int>() == static_cast<int>(i) + 1);
  }
  CHECK(expand(10, -10, -5, true) == std::vector<json>{10, 5, 0, -5, -10});
}

TEST_CASE("sweep::range_values: a range that never reaches its end is an error", "[sweep]") {
  CHECK(range_values(1, 4, 0, true, 1000).error.find("step is 0") != std::string::npos);
  CHECK(range_values(1, 4, -1, true, 1000).error.find("positive") != std::string::npos);
  CHECK(range_values(4, 1, 1, true, 1000).error.find("negative") != std::string::npos);
  CHECK(range_values(0, 1e6, 1, true, 1000).error.find("more than the 1000") != std::string::npos);
  CHECK(range_values(0, 1e6, 1, true, 1000).values.empty());
}

TEST_CASE("sweep::design: the grid runs every combination, the last parameter fastest", "[sweep]") {
  const std::vector<Parameter> parameters{list_parameter("/a", {1, 2}),
                                          list_parameter("/b", {10, 20, 30}),
                                          list_parameter("/c", {"x", "y"})};
  CHECK(surge::sweep::grid_size(parameters) == 12);
  const auto points = design_points(parameters, Design::kGrid, 0, 0);
  REQUIRE(points.size() == 12);
  std::size_t i = 0;
  for (int a : {1, 2})
    for (int b : {10, 20, 30})
      for (const char* c : {"x", "y"}) {
        CHECK(points[i] == std::vector<json>{a, b, c});
        ++i;
      }
  // No parameters: one point, the base scenario.
  CHECK(design_points({}, Design::kGrid, 0, 0).size() == 1);
}

TEST_CASE("sweep::design: a Latin hypercube hits each stratum of each parameter exactly once",
          "[sweep]") {
  constexpr std::size_t kPoints = 50;
  std::vector<json> fifty, ten;
  for (int i = 0; i < 50; ++i) fifty.emplace_back(i);
  for (int i = 0; i < 10; ++i) ten.emplace_back(i);
  const std::vector<Parameter> parameters{continuous("/x", 2.0, 7.0), continuous("/y", 1.0, -1.0),
                                          list_parameter("/n", fifty), list_parameter("/k", ten)};
  const auto points = design_points(parameters, Design::kLatinHypercube, kPoints, 1);
  REQUIRE(points.size() == kPoints);
  for (std::size_t j = 0; j < 2; ++j) {
    std::vector<int> hits(kPoints, 0);
    const Domain& d = parameters[j].domain;
    for (const auto& point : points) {
      const double u = (point[j].get<double>() - d.from) / (d.to - d.from);
      REQUIRE(u >= 0.0);
      REQUIRE(u < 1.0);
      ++hits[static_cast<std::size_t>(u * kPoints)];
    }
    CHECK(std::count(hits.begin(), hits.end(), 1) == static_cast<long>(kPoints));
  }
  // 50 values over 50 strata: each value once; 10 values: each in 5 strata, so 5 times.
  std::map<int, int> n_hits, k_hits;
  for (const auto& point : points) {
    ++n_hits[point[2].get<int>()];
    ++k_hits[point[3].get<int>()];
  }
  CHECK(n_hits.size() == 50);
  for (const auto& [value, count] : n_hits) CHECK(count == 1);
  CHECK(k_hits.size() == 10);
  for (const auto& [value, count] : k_hits) CHECK(count == 5);
  // Independent permutations: the two 50-value columns are not the same order.
  CHECK(points[0][2] != points[0][0]);
}

TEST_CASE("sweep::design: random points are reproducible, keyed by seed and parameter", "[sweep]") {
  const std::vector<Parameter> two{list_parameter("/a", {0, 1, 2, 3}), continuous("/x", 0, 1)};
  const auto points = design_points(two, Design::kRandom, 4000, 9);
  CHECK(points == design_points(two, Design::kRandom, 4000, 9));
  CHECK(points != design_points(two, Design::kRandom, 4000, 10));
  // Adding a parameter leaves the others' draws alone.
  const std::vector<Parameter> three{two[0], list_parameter("/b", {5, 6}), two[1]};
  const auto more = design_points(three, Design::kRandom, 4000, 9);
  for (std::size_t i = 0; i < points.size(); ++i) {
    CHECK(more[i][0] == points[i][0]);
    CHECK(more[i][2] == points[i][1]);
  }
  // Each of 4 values 1000 times in expectation: a 99.9% binomial band, 3.29 sd.
  std::map<int, int> counts;
  double below_half = 0;
  for (const auto& p : points) {
    ++counts[p[0].get<int>()];
    const double x = p[1].get<double>();
    CHECK(x >= 0.0);
    CHECK(x < 1.0);
    below_half += x < 0.5 ? 1 : 0;
  }
  const double sd = std::sqrt(4000 * 0.25 * 0.75);
  for (const auto& [value, count] : counts) CHECK(std::abs(count - 1000) <= 3.29 * sd);
  CHECK(std::abs(below_half - 2000) <= 3.29 * std::sqrt(4000 * 0.25));
}
