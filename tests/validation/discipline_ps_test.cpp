// Processor sharing against M/G/1-PS theory (docs/validation.md): a `ps` service with
// unlimited workers and one core is M/G/1-PS, whose response is insensitive to the
// work distribution beyond its mean (Kleinrock 1967; Sakata, Noguchi, Oizumi 1971):
//
//   E[T | work = x] = x / (1 - rho),   so   E[T] = E[S] / (1 - rho) = 1/(mu - lambda),
//
// while FIFO's mean grows with the work's variance (Pollaczek–Khinchine):
//
//   E[T] = E[S] + rho E[S] (1 + cv^2) / (2 (1 - rho)).
//
// With exponential work the two means coincide, so only non-exponential work or
// the conditional response tells the disciplines apart; both are checked.
//
// `cores` and `workers` are checked with exponential work, where the number of
// visits in the instance is a birth-death chain whatever the order of service and
// only the total service rate matters: c cores give M/M/c; a cap of k workers
// sharing one core gives M/M/1 with (n - k)+ visits in the waiting room.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/kernel/running_stats.hpp"
#include "tests/validation/replications.hpp"

namespace surge::replications {
namespace {

using nlohmann::json;

constexpr double kMeanWorkS = 1.0;
constexpr double kLambda = 0.6;
constexpr double kRho = kLambda * kMeanWorkS;
constexpr double kCv = 3.0;
constexpr int kReplications = 20;
constexpr double kDurationS = 200000.0;
constexpr double kWarmupS = 2000.0;

json hyperexponential() {
  return {{"dist", "hyperexponential"}, {"mean_s", kMeanWorkS}, {"cv", kCv}};
}
json exponential() { return {{"dist", "exponential"}, {"mean_s", kMeanWorkS}}; }

// One instance fed by a Poisson stream at kLambda. `ps`: unlimited workers sharing
// one core (M/G/1-PS); `fifo`: one worker (M/G/1).
std::string station(const std::string& discipline, const json& work) {
  json service = {
      {"instances", 1}, {"discipline", discipline}, {"endpoints", {{"e", {{"work", work}}}}}};
  if (discipline == "ps") {
    service["workers"] = "unlimited";
    service["cores"] = 1;
  } else {
    service["workers"] = 1;
  }
  const json doc = {
      {"name", "ps-vs-fifo"},
      {"seed", 5},
      {"duration_s", kDurationS},
      {"warmup_s", kWarmupS},
      {"services", {{"s", service}}},
      {"workloads",
       {{"w", {{"kind", "open"}, {"entry", "s.e"}, {"rate", {{"constant", kLambda}}}}}}}};
  return doc.dump();
}

TEST_CASE("validation::ps: conditional mean response is x/(1-rho) in every bin of work",
          "[validation]") {
  // Bins of the work x; in each, E[T / x | x in bin] = 1/(1 - rho) because
  // E[T | x] / x is that constant for every x. Each replication gives one mean of
  // T/x per bin; the bins span the short phase (mean ~0.53 s) and the long phase
  // (mean ~9.5 s) of the cv-3 hyperexponential.
  const std::vector<double> edges = {0.05, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0};
  const std::size_t bins = edges.size() - 1;
  std::vector<std::vector<double>> slope(bins);  // [bin][replication]
  const std::string text = station("ps", hyperexponential());
  for (int r = 0; r < kReplications; ++r) {
    std::vector<RunningStats> per_bin(bins);
    (void)trace(text, static_cast<std::uint32_t>(r), [&](const VisitRecord& v) {
      for (std::size_t b = 0; b < bins; ++b) {
        if (v.work_s >= edges[b] && v.work_s < edges[b + 1]) {
          per_bin[b].add(v.response_s / v.work_s);
          break;
        }
      }
    });
    for (std::size_t b = 0; b < bins; ++b) {
      // Enough visits per bin and replication for its mean to be close to normal.
      INFO("bin [" << edges[b] << ", " << edges[b + 1] << ") replication " << r);
      REQUIRE(per_bin[b].count() >= 200);
      slope[b].push_back(per_bin[b].mean());
    }
  }
  for (std::size_t b = 0; b < bins; ++b) {
    check_contains(fmt::format("E[T/x] for x in [{}, {})", edges[b], edges[b + 1]), slope[b],
                   1.0 / (1.0 - kRho));
  }
}

TEST_CASE("validation::ps: the mean response is insensitive to the work variance, FIFO's is not",
          "[validation]") {
  const double ps_mean = kMeanWorkS / (1.0 - kRho);  // 1/(mu - lambda)
  const double fifo_mean =
      kMeanWorkS + kRho * kMeanWorkS * (1.0 + kCv * kCv) / (2.0 * (1.0 - kRho));  // P-K

  const std::string pointer = "/services/s/response_s/mean";
  const std::vector<double> ps = collect(station("ps", hyperexponential()), kReplications, pointer);
  const std::vector<double> fifo =
      collect(station("fifo", hyperexponential()), kReplications, pointer);
  check_contains("ps, hyperexponential cv 3: mean response", ps, ps_mean);
  check_contains("fifo, hyperexponential cv 3: mean response (P-K)", fifo, fifo_mean);
  check_positive("fifo - ps mean response, same work (paired)", differences(fifo, ps));
}

TEST_CASE("validation::ps: with exponential work PS and FIFO have the same mean response",
          "[validation]") {
  const double mm1 = kMeanWorkS / (1.0 - kRho);
  const std::string pointer = "/services/s/response_s/mean";
  const std::vector<double> ps = collect(station("ps", exponential()), kReplications, pointer);
  const std::vector<double> fifo = collect(station("fifo", exponential()), kReplications, pointer);
  check_contains("ps, exponential: mean response", ps, mm1);
  check_contains("fifo, exponential: mean response", fifo, mm1);
  // Unlike FIFO and LIFO, PS does not keep the number in system on the same path,
  // so pairing helps less; the interval must still resolve a 5% change of the
  // mean response (20 replications give a half-width of about 0.3%; the
  // hyperexponential case above differs by far more).
  check_no_difference("ps - fifo mean response, same work (paired)", differences(ps, fifo),
                      0.05 * mm1);
}

// Erlang C: the probability that an M/M/c arrival waits, a = lambda/mu.
double erlang_c(int c, double a) {
  double term = 1.0, sum = 0.0;  // term = a^k / k!
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const double top = term * c / (c - a);
  return top / (sum + top);
}

TEST_CASE("validation::ps: c cores shared by unlimited workers behave as M/M/c", "[validation]") {
  // n visits each get min(1, cores/n) of a core: the total rate is min(n, c) mu,
  // the M/M/c birth-death chain, so E[T] = C(c, a)/(c mu - lambda) + 1/mu.
  constexpr int kCores = 2;
  constexpr double kLambda2 = 1.4;  // rho = 0.7 per core
  json doc = json::parse(station("ps", exponential()));
  doc["services"]["s"]["cores"] = kCores;
  doc["workloads"]["w"]["rate"]["constant"] = kLambda2;
  const double mu = 1.0 / kMeanWorkS;
  const double expected = erlang_c(kCores, kLambda2 / mu) / (kCores * mu - kLambda2) + 1.0 / mu;
  check_contains("ps, 2 cores, exponential: mean response (M/M/2)",
                 collect(doc.dump(), kReplications, "/services/s/response_s/mean"), expected);
}

TEST_CASE("validation::ps: workers cap the visits sharing the core; the rest wait",
          "[validation]") {
  // One core, at most k = 2 visits sharing it: whenever n >= 1 visits are present
  // the core serves at total rate mu, so n follows M/M/1 (P(n) = (1 - rho) rho^n)
  // and E[T] = 1/(mu - lambda); the waiting room holds (n - k)+ visits, so
  // Wq = E[(n - k)+] / lambda = rho^(k+1) / ((1 - rho) lambda) = rho^k / (mu (1 - rho)).
  constexpr int kWorkers = 2;
  json doc = json::parse(station("ps", exponential()));
  doc["services"]["s"]["workers"] = kWorkers;
  const double mu = 1.0 / kMeanWorkS;
  const auto figures = collect_each(doc.dump(), kReplications,
                                    {"/services/s/response_s/mean", "/services/s/wait_s/mean"});
  check_contains("ps, 2 workers, exponential: mean response (M/M/1)", figures[0],
                 1.0 / (mu - kLambda));
  check_contains("ps, 2 workers, exponential: mean wait for a worker", figures[1],
                 std::pow(kRho, kWorkers) / (mu * (1.0 - kRho)));
}

}  // namespace
}  // namespace surge::replications
