// Balancers over n identical single-worker instances, fed one Poisson stream
// (docs/validation.md, "Balancers"):
//   - `random` splits it into n independent Poisson streams: n M/M/1 queues at
//     lambda/n, W = 1/(mu - lambda/n);
//   - `round_robin` sends every n-th arrival to the same instance: each sees
//     Erlang-n interarrival times, an E_n/M/1 queue (GI/M/1, Kleinrock vol. 1
//     §6.4): W = 1/(mu (1 - s)), Wq = s/(mu (1 - s)), s the root in (0, 1) of
//     s = A*(mu (1 - s)) with A*(z) = (lambda/(lambda + z))^n;
//   - `least_outstanding` (join the shortest queue) and `power_of_two_choices`
//     have no simple closed form but use the queue lengths, so they must wait
//     strictly less than `random` at the same load; round robin too (less variable
//     arrivals).
// Comparisons are paired: each variant runs with the same seed and replication, so
// arrivals and work per request are the same (common random numbers) and the
// per-replication difference carries only the balancer's effect.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/validation/replications.hpp"

namespace surge::replications {
namespace {

using nlohmann::json;

constexpr int kInstances = 4;
constexpr double kMu = 1.0;
constexpr double kLambda = 3.2;  // rho = lambda / (n mu) = 0.8
constexpr double kWarmupS = 1000.0;

std::string pool(const std::string& balancer, double duration_s) {
  const json doc = {
      {"name", "balancers"},
      {"seed", 21},
      {"duration_s", duration_s},
      {"warmup_s", kWarmupS},
      {"services",
       {{"s",
         {{"instances", kInstances},
          {"workers", 1},
          {"balancer", balancer},
          {"endpoints", {{"e", {{"work", {{"dist", "exponential"}, {"mean_s", 1.0 / kMu}}}}}}}}}}},
      {"workloads",
       {{"w", {{"kind", "open"}, {"entry", "s.e"}, {"rate", {{"constant", kLambda}}}}}}}};
  return doc.dump();
}

// The root s in (0, 1) of s = (lambda / (lambda + mu (1 - s)))^n (E_n/M/1 with
// Erlang-n interarrivals of phase rate lambda), by bisection: f(s) = s - A*(mu(1-s))
// is negative at 0 and positive just below the trivial root 1 when lambda < n mu.
double erlang_arrivals_root(double lambda, double mu, int n) {
  const auto f = [&](double s) { return s - std::pow(lambda / (lambda + mu * (1.0 - s)), n); };
  double lo = 0.0, hi = 1.0 - 1e-9;
  REQUIRE(f(lo) < 0.0);
  REQUIRE(f(hi) > 0.0);
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (f(mid) < 0.0 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

TEST_CASE("validation::balancer: E_n/M/1 root by hand", "[validation]") {
  // n = 1 is M/M/1: s = lambda/(lambda + mu(1 - s)) has the root s = rho.
  CHECK(erlang_arrivals_root(0.7, 1.0, 1) == Approx(0.7).epsilon(1e-12));
  // n = 2, lambda = 1, mu = 1: s (2 - s)^2 = 1, i.e. (s - 1)(s^2 - 3s + 1) = 0,
  // whose root in (0, 1) is (3 - sqrt 5)/2.
  CHECK(erlang_arrivals_root(1.0, 1.0, 2) == Approx((3.0 - std::sqrt(5.0)) / 2.0).epsilon(1e-12));
}

TEST_CASE("validation::balancer: random over n instances gives n independent M/M/1 queues",
          "[validation]") {
  const double per_instance = kLambda / kInstances;
  const auto figures = collect_each(pool("random", 50000.0), 20,
                                    {"/services/s/response_s/mean", "/services/s/utilization"});
  check_contains("random: mean response", figures[0], 1.0 / (kMu - per_instance));
  check_contains("random: utilization", figures[1], per_instance / kMu);
}

TEST_CASE("validation::balancer: round_robin gives E_n/M/1 queues", "[validation]") {
  const double s = erlang_arrivals_root(kLambda, kMu, kInstances);
  const std::vector<double> wait =
      collect(pool("round_robin", 50000.0), 20, "/services/s/wait_s/mean");
  check_contains("round_robin: mean wait (E_4/M/1)", wait, s / (kMu * (1.0 - s)));
}

TEST_CASE(
    "validation::balancer: least_outstanding, power_of_two_choices and round_robin wait "
    "less than random",
    "[validation]") {
  constexpr int kReplications = 10;
  constexpr double kDurationS = 20000.0;
  const std::string pointer = "/services/s/wait_s/mean";
  const std::vector<double> random = collect(pool("random", kDurationS), kReplications, pointer);
  for (const char* balancer : {"least_outstanding", "power_of_two_choices", "round_robin"}) {
    const std::vector<double> other = collect(pool(balancer, kDurationS), kReplications, pointer);
    check_positive(std::string("random - ") + balancer + " mean wait (paired)",
                   differences(random, other));
  }
}

}  // namespace
}  // namespace surge::replications
