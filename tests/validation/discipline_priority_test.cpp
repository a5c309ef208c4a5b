// Non-preemptive priority against its exact M/G/1 results (docs/validation.md): two
// Poisson classes with the same exponential work share one single-worker
// `priority` service; class 1 (priority 0) is served first, FIFO within a class.
//
//   W0 = sum_i lambda_i E[S_i^2] / 2,  sigma_k = sum_{i<=k} rho_i,
//   Wq,k = W0 / ((1 - sigma_{k-1}) (1 - sigma_k))               (Cobham 1954)
//
// and Kleinrock's conservation law: with one work distribution for all classes the
// lambda-weighted mean wait equals FIFO's rho / (mu - lambda).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/validation/replications.hpp"

namespace surge::replications {
namespace {

using nlohmann::json;

constexpr double kMu = 1.0;
constexpr double kLambdaHigh = 0.3;  // priority 0
constexpr double kLambdaLow = 0.4;   // priority 1
constexpr int kReplications = 20;
constexpr double kDurationS = 200000.0;
constexpr double kWarmupS = 1000.0;

// The two classes enter the priority service directly or, with `via_front`,
// through a call from a front service with no work and unlimited workers (visits
// inherit their workload's priority, docs/model.md "Services and instances").
std::string two_class_station(const std::string& discipline, bool via_front = false,
                              double duration_s = kDurationS) {
  json services = {
      {"s",
       {{"instances", 1},
        {"workers", 1},
        {"discipline", discipline},
        {"endpoints", {{"e", {{"work", {{"dist", "exponential"}, {"mean_s", 1.0 / kMu}}}}}}}}}};
  if (via_front) {
    services["front"] = {{"instances", 1},
                         {"workers", "unlimited"},
                         {"endpoints",
                          {{"e",
                            {{"work", {{"dist", "deterministic"}, {"value_s", 0.0}}},
                             {"calls", json::array({{{"to", "s.e"}}})}}}}}};
  }
  const std::string entry = via_front ? "front.e" : "s.e";
  const json doc = {{"name", "priority-mm1"},
                    {"seed", 11},
                    {"duration_s", duration_s},
                    {"warmup_s", kWarmupS},
                    {"services", services},
                    {"workloads",
                     {{"hi",
                       {{"kind", "open"},
                        {"entry", entry},
                        {"rate", {{"constant", kLambdaHigh}}},
                        {"priority", 0}}},
                      {"lo",
                       {{"kind", "open"},
                        {"entry", entry},
                        {"rate", {{"constant", kLambdaLow}}},
                        {"priority", 1}}}}}};
  return doc.dump();
}

// The replication figures minus a constant (the mean work, known exactly).
std::vector<double> minus(std::vector<double> xs, double c) {
  for (double& x : xs) x -= c;
  return xs;
}

// Cobham's class waits for the two classes.
struct ClassWaits {
  double high, low;
};
ClassWaits cobham() {
  const double es = 1.0 / kMu, es2 = 2.0 / (kMu * kMu);  // exponential: E[S^2] = 2/mu^2
  const double rho1 = kLambdaHigh * es, rho2 = kLambdaLow * es;
  const double w0 = (kLambdaHigh + kLambdaLow) * es2 / 2.0;
  return {w0 / (1.0 * (1.0 - rho1)), w0 / ((1.0 - rho1) * (1.0 - rho1 - rho2))};
}

TEST_CASE("validation::priority: class waits match the non-preemptive formula", "[validation]") {
  const double es = 1.0 / kMu;
  const ClassWaits wq = cobham();
  // A class's latency is its wait plus its own work (no calls, no retries), so the
  // class wait is the latency less E[S].
  const auto figures =
      collect_each(two_class_station("priority"), kReplications,
                   {"/workloads/hi/latency_s/mean", "/workloads/lo/latency_s/mean"});
  check_contains("priority 0 mean wait", minus(figures[0], es), wq.high);
  check_contains("priority 1 mean wait", minus(figures[1], es), wq.low);
}

TEST_CASE("validation::priority: visits made by calls inherit their workload's priority",
          "[validation]") {
  // The front adds no time, so each class's latency is still its wait at s plus
  // its work: the same formula holds only if the called visits carry the priority.
  const double es = 1.0 / kMu;
  const ClassWaits wq = cobham();
  const auto figures =
      collect_each(two_class_station("priority", true, kDurationS / 2.0), kReplications,
                   {"/workloads/hi/latency_s/mean", "/workloads/lo/latency_s/mean"});
  check_contains("via a call, priority 0 mean wait", minus(figures[0], es), wq.high);
  check_contains("via a call, priority 1 mean wait", minus(figures[1], es), wq.low);
}

TEST_CASE("validation::priority: the weighted mean wait is conserved and equals FIFO's",
          "[validation]") {
  const double lambda = kLambdaHigh + kLambdaLow, rho = lambda / kMu;
  const double wq_fifo = rho / (kMu - lambda);  // M/M/1

  // The service's wait_s.mean pools every visit: the lambda-weighted mean of the
  // class waits, which the conservation law equates to FIFO's.
  const std::vector<double> priority =
      collect(two_class_station("priority"), kReplications, "/services/s/wait_s/mean");
  const std::vector<double> fifo =
      collect(two_class_station("fifo"), kReplications, "/services/s/wait_s/mean");
  check_contains("priority: pooled mean wait", priority, wq_fifo);
  check_contains("fifo: mean wait", fifo, wq_fifo);
  // Same arrivals and work in both (common random numbers): the paired difference
  // isolates the discipline, and conservation says it is zero on average.
  // Non-preemptive and work-conserving on the same work, the two runs have the
  // same number waiting at every instant (edge effects aside), so the paired
  // interval must resolve a 2% change of the mean wait (20 replications give a
  // half-width of about 0.2%).
  check_no_difference("priority - fifo pooled mean wait (paired)", differences(priority, fifo),
                      0.02 * wq_fifo);
}

}  // namespace
}  // namespace surge::replications
