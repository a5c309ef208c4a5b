// `surge plan` end to end on scenarios whose answer queueing theory gives:
//  - n single-worker instances behind a random balancer: each an M/M/1 fed
//    lambda/n (a random split of a Poisson stream is Poisson), mean latency
//    1/(mu - lambda/n); the plan must be the smallest n meeting the SLO;
//  - one instance whose workers are planned: an M/M/c, mean latency from
//    Erlang C; the plan must be the smallest c meeting the SLO.
// The margin: the theory at the answer and one below is far from the SLO, and
// the test checks it from the plan's own evidence (each replication's mean
// latency). With the default pass ratio 1, the answer passes when all R
// replications meet the SLO and one fewer fails when any misses it. So the
// answer's mean is asked to be 4 replication standard deviations below the SLO
// (a replication misses with probability < 1e-4 under a normal reading), and one
// fewer's 2 above (all R = 5 pass with probability < 0.023^5). The theory is
// checked against the replications' 99.9% Student-t interval too.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <tuple>
#include <nlohmann/json.hpp>

#include "sim/kernel/confidence.hpp"
#include "tests/cli/cli_test.hpp"
#include "tests/validation/theory.hpp"

using nlohmann::json;
using surge::testing::read_text;
using surge::testing::run_surge;
using surge::testing::scratch_dir;

namespace {

// lambda 400/s over instances of mean work 10 ms, SLO mean latency 35 ms: theory
// 50 ms at n = 5, 30 ms at n = 6. 48,000 requests per replication.
constexpr double kLambda = 400.0, kMu = 100.0, kSlo = 0.035;
const char* const kRandomMM1 = R"({
  "name": "random-mm1", "seed": 11, "duration_s": 120, "warmup_s": 10,
  "services": {"api": {"instances": 1, "workers": 1, "balancer": "random",
                       "endpoints": {"e": {"work": {"dist": "exponential", "mean_s": 0.01}}}}},
  "workloads": {"w": {"entry": "api.e", "rate": {"constant": 400}}},
  "slo": [{"workload": "w", "mean_s": 0.035}]})";

// lambda 40/s, mean work 100 ms (a = 4 erlangs) on one instance, SLO mean latency
// 130 ms: theory 155 ms at c = 5, 114 ms at c = 6. 24,000 requests per replication.
constexpr double kLambdaC = 40.0, kMuC = 10.0, kSloC = 0.13;
const char* const kOneInstance = R"({
  "name": "mmc", "seed": 5, "duration_s": 600, "warmup_s": 10,
  "services": {"pool": {"instances": 1, "workers": 1,
                        "endpoints": {"e": {"work": {"dist": "exponential", "mean_s": 0.1}}}},
               "front": {"instances": 1, "workers": "unlimited",
                         "endpoints": {"e": {
                                             "calls": [{"to": "pool.e"}]}}}},
  "workloads": {"w": {"entry": "front.e", "rate": {"constant": 40}}},
  "slo": [{"workload": "w", "mean_s": 0.13}]})";

std::filesystem::path write(const std::filesystem::path& dir, const std::string& name,
                            const std::string& text) {
  const auto path = dir / name;
  std::ofstream(path) << text;
  return path;
}

// The replications' mean latencies in an evaluation: their 99.9% interval and
// their standard deviation (one replication's noise).
struct Latencies {
  surge::ConfidenceInterval ci;
  double sd = 0.0;
};
Latencies mean_latency(const json& evaluation) {
  std::vector<double> means;
  for (const json& r : evaluation.at("replications"))
    means.push_back(r.at("figures").at("w").at("mean_s").get<double>());
  Latencies out;
  out.ci = surge::student_t_interval(means, 0.999);
  double squares = 0.0;
  for (double m : means) squares += (m - out.ci.mean) * (m - out.ci.mean);
  out.sd = std::sqrt(squares / static_cast<double>(means.size() - 1));
  return out;
}

}  // namespace

TEST_CASE("cli::plan: instances behind a random balancer, the M/M/1 answer", "[cli][plan]") {
  // Theory: the smallest stable n with 1 / (mu - lambda / n) <= SLO.
  int answer = 1;
  while (!(kLambda / answer < kMu && 1.0 / (kMu - kLambda / answer) <= kSlo)) ++answer;
  REQUIRE(answer == 6);
  const auto dir = scratch_dir("plan-mm1");
  const auto scenario = write(dir, "mm1.json", kRandomMM1);
  const auto result =
      run_surge("plan " + scenario.string() + " -j 2 -o " + (dir / "plan.json").string(), dir);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const json plan = json::parse(read_text(dir / "plan.json"));
  CHECK(plan["status"] == "planned");
  CHECK(plan["plan"]["api"]["instances"] == answer);
  CHECK(plan["plan"]["api"]["analytic_start"] == 5);  // the smallest n with lambda / (n mu) < 1
  CHECK(plan["total_cost"] == 6.0);
  CHECK(plan["slo_pass_ratio"] == 1.0);
  CHECK(plan["plan"]["api"]["slo_pass_ratio_one_fewer"] == 0.0);
  CHECK(result.out.find("api") != std::string::npos);

  const surge::theory::MM1 at_plan{kLambda / answer, kMu};
  const Latencies ours = mean_latency(plan["evidence"]["plan"]);
  const Latencies fewer = mean_latency(plan["evidence"]["one_fewer"]["api"]);
  INFO("n = 6: " << ours.ci.mean << " sd " << ours.sd << ", theory " << at_plan.mean_response()
                 << "; n = 5: " << fewer.ci.mean << " sd " << fewer.sd << ", theory "
                 << 1.0 / (kMu - kLambda / 5));
  CHECK(ours.ci.contains(at_plan.mean_response()));
  CHECK(fewer.ci.contains(1.0 / (kMu - kLambda / (answer - 1))));
  CHECK(ours.ci.mean + 4.0 * ours.sd < kSlo);  // the margin: noise cannot flip either verdict
  CHECK(fewer.ci.mean - 2.0 * fewer.sd > kSlo);
}

TEST_CASE("cli::plan: workers of one instance, the Erlang C answer", "[cli][plan]") {
  int answer = 1;
  while (!(kLambdaC < answer * kMuC &&
           surge::theory::MMc{kLambdaC, kMuC, answer}.mean_response() <= kSloC))
    ++answer;
  REQUIRE(answer == 6);
  const auto dir = scratch_dir("plan-mmc");
  const auto scenario = write(dir, "mmc.json", kOneInstance);
  const auto result = run_surge("plan " + scenario.string() + " --plan-workers pool -q -o " +
                                    (dir / "plan.json").string(),
                                dir);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.err.empty());  // -q
  const json plan = json::parse(read_text(dir / "plan.json"));
  // Only the pool: the front has unlimited workers and is left out by default.
  REQUIRE(plan["plan"].size() == 1);
  CHECK(plan["plan"]["pool"]["quantity"] == "workers");
  CHECK(plan["plan"]["pool"]["workers"] == answer);
  CHECK(plan["plan"]["pool"]["instances"] == 1);

  const Latencies ours = mean_latency(plan["evidence"]["plan"]);
  const Latencies fewer = mean_latency(plan["evidence"]["one_fewer"]["pool"]);
  const double theory = surge::theory::MMc{kLambdaC, kMuC, answer}.mean_response();
  const double theory_fewer = surge::theory::MMc{kLambdaC, kMuC, answer - 1}.mean_response();
  INFO("c = 6: " << ours.ci.mean << " sd " << ours.sd << ", theory " << theory
                 << "; c = 5: " << fewer.ci.mean << " sd " << fewer.sd << ", theory "
                 << theory_fewer);
  CHECK(ours.ci.contains(theory));
  CHECK(fewer.ci.contains(theory_fewer));
  CHECK(ours.ci.mean + 4.0 * ours.sd < kSloC);
  CHECK(fewer.ci.mean - 2.0 * fewer.sd > kSloC);
}

TEST_CASE("cli::plan: -j 1 and -j 2 write byte-identical plans", "[cli][plan]") {
  const auto dir = scratch_dir("plan-threads");
  const auto scenario = write(dir, "mmc.json", kOneInstance);
  const std::string args = "plan " + scenario.string() + " --plan-workers pool -q --replications 3";
  const auto one = run_surge(args + " -j 1 -o " + (dir / "one.json").string(), dir);
  REQUIRE(one.exit_code == 0);
  const auto two = run_surge(args + " -j 2 -o " + (dir / "two.json").string(), dir);
  REQUIRE(two.exit_code == 0);
  CHECK(read_text(dir / "one.json") == read_text(dir / "two.json"));
  CHECK(one.out == two.out);
}

TEST_CASE("cli::plan: bad invocations exit 2 naming the problem", "[cli][plan]") {
  const auto dir = scratch_dir("plan-bad");
  const auto scenario = write(dir, "mm1.json", kRandomMM1).string();
  json without_slo = json::parse(kRandomMM1);
  without_slo.erase("slo");
  const auto no_slo = write(dir, "no-slo.json", without_slo.dump()).string();
  struct Case {
    std::string args;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {scenario + " --services apu", "no such service (did you mean \"api\"?)"},
      {scenario + " --cost apu=2", "--cost \"apu\": the scenario has no such service"},
      {scenario + " --bounds api=0:4", "--bounds \"api=0:4\": MIN and MAX must be whole numbers"},
      {scenario + " --bounds api=5:4", "MAX is below MIN"},
      {scenario + " --bounds api", "expected SERVICE=MIN:MAX"},
      {scenario + " --pass-ratio 1.5", "--pass-ratio \"1.5\": expected a fraction in (0, 1]"},
      {scenario + " --replications 0", "--replications \"0\" is 0"},
      {scenario + " --plan-workers nope", "--plan-workers \"nope\": the scenario has no such"},
      {no_slo, "the scenario has no SLO"},
  };
  for (const Case& c : cases) {
    const auto result = run_surge("plan " + c.args, dir);
    INFO(c.args << "\n" << result.err);
    CHECK(result.exit_code == 2);
    CHECK(result.err.find(c.expected) != std::string::npos);
    CHECK(result.out.empty());
  }
}

TEST_CASE("cli::plan: upper bounds that fail are infeasible: exit 1, the file says so",
          "[cli][plan]") {
  const auto dir = scratch_dir("plan-infeasible");
  const auto scenario = write(dir, "mm1.json", kRandomMM1);
  const auto result = run_surge("plan " + scenario.string() + " -q --bounds api=1:5 -o " +
                                    (dir / "plan.json").string(),
                                dir);
  INFO(result.err);
  CHECK(result.exit_code == 1);
  CHECK(result.err.find("no plan within the bounds: even api=5 fails") != std::string::npos);
  CHECK(result.out.find("INFEASIBLE") != std::string::npos);
  const json plan = json::parse(read_text(dir / "plan.json"));
  CHECK(plan["status"] == "infeasible");
  CHECK(plan["plan"]["api"]["instances"] == 5);
  CHECK(plan["slo_pass_ratio"] == 0.0);
}

TEST_CASE("cli::plan: across two services, the dearer one is lowered first", "[cli][plan]") {
  // A front (no work, unlimited workers) calls a.e then b.e: a Jackson tandem of
  // two banks of M/M/1 instances (random balancers), lambda 400/s, mu 100/s
  // each, so the mean latency is 1/(mu - lambda/na) + 1/(mu - lambda/nb), with
  // an SLO of 57 ms. From (8, 8) (the analytic (5, 5) fails, grown by half), the
  // dearer service goes down first to its smallest passing count, then the other:
  // b dearer: nb = 6 (50 ms; 5 gives 70), then na = 7 (53.3 ms; 6 gives 60);
  // a dearer: the mirror image.
  const auto latency = [](int na, int nb) {
    return 1.0 / (kMu - kLambda / na) + 1.0 / (kMu - kLambda / nb);
  };
  constexpr double kSloT = 0.057;
  REQUIRE(latency(8, 6) <= kSloT);
  REQUIRE(latency(8, 5) > kSloT);
  REQUIRE(latency(7, 6) <= kSloT);
  REQUIRE(latency(6, 6) > kSloT);
  REQUIRE(latency(7, 5) > kSloT);
  const char* const tandem = R"({
    "name": "tandem", "seed": 3, "duration_s": 160, "warmup_s": 10,
    "services": {
      "a": {"instances": 1, "workers": 1, "balancer": "random",
            "endpoints": {"e": {"work": {"dist": "exponential", "mean_s": 0.01}}}},
      "b": {"instances": 1, "workers": 1, "balancer": "random",
            "endpoints": {"e": {"work": {"dist": "exponential", "mean_s": 0.01}}}},
      "front": {"workers": "unlimited",
                "endpoints": {"e": {"calls": [{"to": "a.e"}, {"to": "b.e"}]}}}},
    "workloads": {"w": {"entry": "front.e", "rate": {"constant": 400}}},
    "slo": [{"workload": "w", "mean_s": 0.057}]})";
  const auto dir = scratch_dir("plan-tandem");
  const auto scenario = write(dir, "tandem.json", tandem);
  for (const auto& [dearer, na, nb] :
       {std::tuple{std::string("b"), 7, 6}, std::tuple{std::string("a"), 6, 7}}) {
    const auto result = run_surge("plan " + scenario.string() + " -q -j 2 --cost " + dearer +
                                      "=10 -o " + (dir / "plan.json").string(),
                                  dir);
    INFO(dearer << " dearer\n" << result.err << result.out);
    REQUIRE(result.exit_code == 0);
    const json plan = json::parse(read_text(dir / "plan.json"));
    CHECK(plan["plan"]["a"]["instances"] == na);
    CHECK(plan["plan"]["b"]["instances"] == nb);
    CHECK(plan["plan"].size() == 2);  // the front (unlimited workers) is not planned
    CHECK(plan["total_cost"] == (dearer == "a" ? 10.0 * na + nb : na + 10.0 * nb));
    const Latencies ours = mean_latency(plan["evidence"]["plan"]);
    INFO("plan: " << ours.ci.mean << " sd " << ours.sd << ", theory " << latency(na, nb));
    CHECK(ours.ci.contains(latency(na, nb)));
    CHECK(ours.ci.mean + 4.0 * ours.sd < kSloT);
    // One fewer of the cheaper service (the closer call: 60 ms) misses in every replication.
    const std::string cheaper = dearer == "a" ? "b" : "a";
    const Latencies fewer = mean_latency(plan["evidence"]["one_fewer"][cheaper]);
    INFO("one fewer " << cheaper << ": " << fewer.ci.mean << " sd " << fewer.sd);
    CHECK(fewer.ci.contains(latency(6, 6)));
    CHECK(fewer.ci.mean - 2.0 * fewer.sd > kSloT);
  }
}
