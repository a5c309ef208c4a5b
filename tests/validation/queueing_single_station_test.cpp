// One service fed by one open Poisson workload, against exact single-station
// results (docs/validation.md, "Single stations"): M/M/1, M/M/c (Erlang C), M/M/c/K,
// and M/G/1 by Pollaczek–Khinchine with deterministic and lognormal work.
//
// Sample sizes: independent replications, each with a warmup of several relaxation
// times of the queue (for M/M/1 about 1/(mu (1 - sqrt(rho))^2), Morse 1955) so
// the empty start does not bias the means, and long enough that each replication's
// mean is roughly normal; the Student-t 99.9% interval over the replications must
// contain the exact value (queueing_harness.hpp). The lengths below keep the
// interval's half-width at a few percent of the value.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/validation/queueing_harness.hpp"
#include "tests/validation/theory.hpp"

namespace surge::validation {
namespace {

double number(const json& report, const std::string& service, const std::string& figure) {
  return report.at("services").at(service).at(figure).get<double>();
}
double mean_of(const json& report, const std::string& service, const std::string& figure) {
  return report.at("services").at(service).at(figure).at("mean").get<double>();
}

// M/M/1 at rate lambda, mu = 1: mean response, mean wait, time-average L and
// utilization, all from the same replications.
void check_mm1(double lambda, double duration_s, double warmup_s, int replications) {
  const theory::MM1 q{lambda, 1.0};
  const json doc =
      scenario("mm1", duration_s, warmup_s, {{"s", station(1, exponential(1.0))}}, "s.e", lambda);
  const std::vector<json> reports = run_replications(doc, replications);
  check_theory("W", per_replication(reports, service_mean("s", "response_s")), q.mean_response());
  check_theory("Wq", per_replication(reports, service_mean("s", "wait_s")), q.mean_wait());
  check_theory("L", per_replication(reports, service_mean("s", "in_system")), q.mean_in_system());
  check_theory("utilization", per_replication(reports, service_figure("s", "utilization")),
               q.rho());
}

TEST_CASE("validation::mm1: mean response, wait and L at rho 0.5", "[validation]") {
  // Relaxation time ~1/(1 - sqrt(0.5))^2 = 12 s.
  check_mm1(0.5, 40'000.0, 500.0, 20);
}

TEST_CASE("validation::mm1: mean response, wait and L at rho 0.9", "[validation]") {
  // Relaxation time ~1/(1 - sqrt(0.9))^2 = 380 s; the asymptotic variance of the
  // time-average L is 2 rho (1 + rho) / (1 - rho)^4 per second (Whitt 1989), which
  // makes rho 0.9 the costly case: 20 x 150 000 s keeps the half-width near 5%.
  check_mm1(0.9, 152'000.0, 2'000.0, 20);
}

TEST_CASE("validation::mmc: Erlang C mean wait and P(wait) at c 4, rho 0.8", "[validation]") {
  const theory::MMc q{3.2, 1.0, 4};
  const json doc =
      scenario("mm4", 30'500.0, 500.0, {{"s", station(4, exponential(1.0))}}, "s.e", q.lambda);
  const std::vector<json> reports = run_replications(doc, 20);
  check_theory("Wq", per_replication(reports, service_mean("s", "wait_s")), q.mean_wait());
  // Every departure of an unlimited waiting room is admitted, so the share that
  // waited is P(wait) = C(4, 3.2).
  check_theory("P(wait)", per_replication(reports, service_figure("s", "waited_ratio")),
               q.p_wait());
  check_theory("W", per_replication(reports, service_mean("s", "response_s")), q.mean_response());
  check_theory("Lq", per_replication(reports, service_mean("s", "queue_length")), q.mean_queue());
  check_theory("utilization", per_replication(reports, service_figure("s", "utilization")),
               q.rho());
}

// M/M/2/5 (queue_capacity 3): blocking = rejected / arrivals, throughput =
// completed per second after the warmup, L = time-average in system, and the
// share of departures that waited, P(2 <= n < 5).
void check_mmck(double lambda, int replications) {
  const theory::MMcK q{lambda, 1.0, 2, 3};
  const json doc =
      scenario("mm2k5", 10'200.0, 200.0, {{"s", station(2, exponential(1.0), 3)}}, "s.e", lambda);
  const double span = measured_span_s(doc);
  const std::vector<json> reports = run_replications(doc, replications);
  check_theory("blocking",
               per_replication(reports,
                               [](const json& r) {
                                 return number(r, "s", "rejected") / number(r, "s", "arrivals");
                               }),
               q.blocking());
  // Visits still in service at the end (at most K = 5 of ~10^4) are the only
  // difference from admitted arrivals: a bias below 0.05%, far inside the interval.
  check_theory("throughput",
               per_replication(
                   reports, [span](const json& r) { return number(r, "s", "completed") / span; }),
               q.throughput());
  check_theory("L", per_replication(reports, service_mean("s", "in_system")), q.mean_in_system());
  check_theory("P(wait)", per_replication(reports, service_figure("s", "waited_ratio")),
               q.p_wait());
  // W over admitted visits = L / throughput; the report's mean also counts the
  // turned-away visits (response 0), so compare the admitted ones' mean.
  check_theory("W admitted",
               per_replication(reports,
                               [](const json& r) {
                                 const double departures = number(r, "s", "completed");
                                 const double all = departures + number(r, "s", "rejected");
                                 return mean_of(r, "s", "response_s") * all / departures;
                               }),
               q.mean_response_admitted());
}

TEST_CASE("validation::mmck: blocking, throughput and L of M/M/2/5 at rho 0.9", "[validation]") {
  check_mmck(1.8, 20);
}

TEST_CASE("validation::mmck: blocking, throughput and L of M/M/2/5 overloaded at rho 1.5",
          "[validation]") {
  check_mmck(3.0, 20);
}

// M/G/1 by Pollaczek–Khinchine: mean wait and mean response.
void check_mg1(const json& work, double mean_s, double cv, double lambda, double duration_s,
               double warmup_s, int replications) {
  const theory::MG1 q{lambda, mean_s, cv};
  const json doc = scenario("mg1", duration_s, warmup_s, {{"s", station(1, work)}}, "s.e", lambda);
  const std::vector<json> reports = run_replications(doc, replications);
  check_theory("Wq", per_replication(reports, service_mean("s", "wait_s")), q.mean_wait());
  check_theory("W", per_replication(reports, service_mean("s", "response_s")), q.mean_response());
  check_theory("L", per_replication(reports, service_mean("s", "in_system")), q.mean_in_system());
}

TEST_CASE("validation::md1: Pollaczek-Khinchine mean wait at rho 0.8", "[validation]") {
  check_mg1(deterministic(1.0), 1.0, 0.0, 0.8, 30'500.0, 500.0, 20);
}

TEST_CASE("validation::mg1: Pollaczek-Khinchine mean wait, lognormal cv 2 at rho 0.7",
          "[validation]") {
  check_mg1(lognormal(1.0, 2.0), 1.0, 2.0, 0.7, 202'000.0, 2'000.0, 20);
}

}  // namespace
}  // namespace surge::validation
