// Little's law, L = lambda W, on every service of a small mesh that uses most of
// the engine at once: several instances, round-robin and random balancing, a
// probabilistic call, a parallel fan-out joined on the last answer, finite waiting
// rooms that turn visits away (and fail their callers), unlimited workers, and
// workers held during calls (docs/validation.md, "Networks and Little's law").
//
// Per service and per run the report gives L (in_system.mean, a time average
// after the warmup), lambda (arrivals / (duration_s - warmup_s)) and W
// (response_s.mean over the departures, turned-away visits included with response
// 0). Two checks:
//   - A run that starts and ends empty has no edge effects: the integral of the
//     number in system equals the sum of the sojourn times exactly, so
//     L (duration_s - warmup_s) = arrivals W up to rounding. The arrivals stop
//     long before the end and the run only counts if every visit departed.
//   - In steady state (a warmup, arrivals to the end) the two sides differ by edge
//     effects: visits present at the end of the warmup count in L and not in
//     lambda, visits in flight at the end count in lambda and not in W. These are
//     O(L W) per run, i.e. O(1/span) in the averages, and NOT zero-mean: a visit
//     caught in progress is length-biased, so the expected difference is about
//     L Var(T) / (W span) (inspection paradox). Measured over 300 replications of
//     this mesh, its mean is 0.5-0.6 of its own standard deviation, so "the
//     interval of the difference contains 0" would fail by design once enough
//     replications are taken. What holds per run up to edge effects is that the
//     two estimators of L agree to well within the statistical precision of L
//     itself: the whole 99.9% interval of the difference must lie inside +- the
//     99.9% half-width of L, both from the same replications. The edge terms
//     shrink like 1/span, the half-width of L only like 1/sqrt(span), so longer
//     runs make the check stricter, never looser.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "tests/validation/queueing_harness.hpp"

namespace surge::validation {
namespace {

// `rate` as a scenario rate object.
json mesh_scenario(double duration_s, double warmup_s, const json& rate) {
  const json gateway = {
      {"instances", 2},
      {"workers", 3},
      {"balancer", "round_robin"},
      {"endpoints",
       {{"in",
         {{"work", exponential(0.05)},
          {"calls",
           json::array({{{"to", "auth.login"}}, {{"to", "api.get"}, {"probability", 0.7}}})}}}}}};
  const json auth = {{"instances", 1},
                     {"workers", 2},
                     {"queue_capacity", 2},
                     {"endpoints", {{"login", {{"work", exponential(0.4)}}}}}};
  const json api = {
      {"instances", 1},
      {"workers", "unlimited"},
      {"endpoints",
       {{"get",
         {{"work", lognormal(0.2, 1.5)},
          {"calls", json::array({{{"to", "db.q"}, {"count", 2}, {"parallel", true}}})}}}}}};
  const json db = {{"instances", 2},
                   {"workers", 1},
                   {"queue_capacity", 3},
                   {"balancer", "random"},
                   {"endpoints", {{"q", {{"work", exponential(0.3)}}}}}};
  json doc =
      scenario("little", duration_s, warmup_s,
               {{"gateway", gateway}, {"auth", auth}, {"api", api}, {"db", db}}, "gateway.in", 3.0);
  doc["workloads"]["w"]["rate"] = rate;
  return doc;
}

const std::vector<std::string> kServices = {"gateway", "auth", "api", "db"};

TEST_CASE("validation::little: exact on every service of a mesh that starts and ends empty",
          "[validation]") {
  // 3 requests/s for 4 000 s, then nothing for 600 s (a request spends ~2 s in the
  // mesh); no warmup, so the run starts empty.
  const json rate = {
      {"piecewise_linear", json::array({{0.0, 3.0}, {4'000.0, 3.0}, {4'001.0, 0.0}})}};
  const json doc = mesh_scenario(4'600.0, 0.0, rate);
  const double span = measured_span_s(doc);
  for (std::uint32_t r = 0; r < 3; ++r) {
    const json report = run_replication(doc, r);
    for (const std::string& name : kServices) {
      const json& s = report.at("services").at(name);
      const auto arrivals = s.at("arrivals").get<std::uint64_t>();
      INFO(name << " in replication " << r);
      // Every visit departed: the run ended empty.
      REQUIRE(arrivals == s.at("completed").get<std::uint64_t>() +
                              s.at("rejected").get<std::uint64_t>() +
                              s.at("failed").get<std::uint64_t>());
      const double area = s.at("in_system").at("mean").get<double>() * span;
      const double sojourns =
          static_cast<double>(arrivals) * s.at("response_s").at("mean").get<double>();
      // Times are whole nanoseconds and both sides add ~10^4 of them in doubles,
      // so rounding stays near 1e-12 relative; 1e-9 leaves room for it and still
      // catches any slip in the accounting of a single visit-second.
      CHECK_THAT(area, Catch::Matchers::WithinRel(sojourns, 1e-9));
    }
  }
}

TEST_CASE("validation::little: L = lambda W in steady state on every service of a mesh",
          "[validation]") {
  const json doc = mesh_scenario(5'200.0, 200.0, {{"constant", 3.0}});
  const double span = measured_span_s(doc);
  const std::vector<json> reports = run_replications(doc, 20);
  for (const std::string& name : kServices) {
    std::vector<double> l, difference;
    for (const json& r : reports) {
      const json& s = r.at("services").at(name);
      const double in_system = s.at("in_system").at("mean").get<double>();
      const double lambda = s.at("arrivals").get<double>() / span;
      const double w = s.at("response_s").at("mean").get<double>();
      l.push_back(in_system);
      difference.push_back(in_system - lambda * w);
    }
    const ConfidenceInterval d = student_t_interval(difference, kConfidence);
    const ConfidenceInterval l_ci = student_t_interval(l, kConfidence);
    INFO(name << ": L = " << l_ci.mean << " +- " << l_ci.half_width << "; L - lambda W = " << d.mean
              << " +- " << d.half_width << " (99.9%, " << reports.size() << " replications)");
    CHECK(std::abs(d.mean) + d.half_width <= l_ci.half_width);
  }
  // The mesh must exercise what it claims to: turned-away visits, and callers
  // failed by them (counted as rejected or failed, see the layered tests).
  const json& first = reports[0].at("services");
  CHECK(first.at("db").at("rejected").get<double>() > 0.0);
  CHECK(first.at("auth").at("rejected").get<double>() > 0.0);
  for (const char* caller : {"gateway", "api"}) {
    CHECK(first.at(caller).at("rejected").get<double>() +
              first.at(caller).at("failed").get<double>() >
          0.0);
  }
}

}  // namespace
}  // namespace surge::validation
