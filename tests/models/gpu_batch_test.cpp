// The GPU batch tier (docs/model.md, "GPU batch tier") against schedules worked out
// by hand from the iteration rule: an iteration admits waiting sequences in arrival
// order, lasts base_s + per_prefill_token_s x (prompt tokens admitted) +
// per_decode_seq_s x (running sequences), and gives every running sequence one
// token. Arrivals are replayed timestamps, token counts deterministic, so every
// figure is exact up to the report's floating-point sums.
#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "models/mesh/simulation.hpp"
#include "sim/scenario/report_writer.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace surge::mesh {
namespace {

using nlohmann::json;

constexpr double kExact = 1e-9;  // seconds: whole nanoseconds, summed in doubles

json count(double value) { return {{"dist", "deterministic"}, {"value", value}}; }

// One replica "g" (endpoint "gen") fed by workload "w" directly.
json gpu_scenario(double duration_s, json gpu, double prompt, double output) {
  gpu["kind"] = "gpu_batch";
  if (!gpu.contains("instances")) gpu["instances"] = 1;
  gpu["endpoints"] = {
      {"gen", {{"prompt_tokens", count(prompt)}, {"output_tokens", count(output)}}}};
  return {
      {"name", "gpu"},
      {"seed", 3},
      {"duration_s", duration_s},
      {"report", {{"interval_s", 1.0}}},
      {"services", {{"g", gpu}}},
      {"workloads", {{"w", {{"kind", "open"}, {"entry", "g.gen"}, {"rate", {{"constant", 1}}}}}}}};
}

json iteration(double base_s, double per_prefill_token_s, double per_decode_seq_s) {
  return {{"base_s", base_s},
          {"per_prefill_token_s", per_prefill_token_s},
          {"per_decode_seq_s", per_decode_seq_s}};
}

// Response time of every visit that departed, and the outcomes, in departure order.
class Departures final : public RunObserver {
 public:
  void on_departure(std::uint32_t, std::uint64_t, EndpointRef, double, double response_s,
                    Outcome outcome) override {
    response_s_.push_back(response_s);
    outcomes.push_back(outcome);
  }
  std::vector<double> response_s_;
  std::vector<Outcome> outcomes;
};

struct Run {
  json report;
  RunResult result;
  Departures departures;
};

// Loads `doc`, replaces the workload's arrivals by `times`, runs it.
std::unique_ptr<Run> run(const json& doc, std::vector<double> times) {
  auto loaded = scenario::load_scenario_text(doc.dump(), {});
  INFO(doc.dump());
  REQUIRE(loaded.problems.empty());
  demand::ArrivalSpec& arrivals = loaded.scenario->graph.workloads[0].arrivals;
  arrivals.kind = demand::ArrivalSpec::Kind::kTimestamps;
  arrivals.timestamps_s = std::make_shared<const std::vector<double>>(std::move(times));
  auto out = std::make_unique<Run>();
  Simulation simulation(loaded.scenario->graph);
  simulation.set_observer(&out->departures);
  out->result = simulation.run();
  out->report = scenario::make_report(*loaded.scenario, out->result);
  return out;
}

const json& inference(const Run& r) { return r.report.at("services").at("g").at("inference"); }

TEST_CASE(
    "models::gpu_batch: a lone sequence of n tokens takes one prefill and n - 1 decode "
    "iterations",
    "[models]") {
  // P = 100 prompt tokens, n = 5: the prefill iteration lasts 0.01 + 100 x 0.0001 +
  // 1 x 0.001 = 0.021 s (first token), each decode 0.01 + 0.001 = 0.011 s.
  const auto r = run(gpu_scenario(10,
                                  {{"max_batch", 4},
                                   {"kv_cache_tokens", 1000},
                                   {"iteration", iteration(0.01, 0.0001, 0.001)}},
                                  100, 5),
                     {1.0});
  const json& g = inference(*r);
  CHECK(g.at("iterations") == 5);
  CHECK(g.at("tokens") == 5);
  CHECK(g.at("prefill_tokens") == 100);
  CHECK(g.at("ttft_s").at("mean").get<double>() == Approx(0.021).margin(kExact));
  CHECK(g.at("tpot_s").at("mean").get<double>() == Approx(0.011).margin(kExact));
  CHECK(g.at("e2e_s").at("mean").get<double>() == Approx(0.021 + 4 * 0.011).margin(kExact));
  REQUIRE(r->departures.response_s_.size() == 1);
  CHECK(r->departures.response_s_[0] == Approx(0.065).margin(kExact));
  // The series: everything happens in [1 s, 2 s); quantiles are a histogram bucket's
  // midpoint, within 0.5% of the value (sim/kernel/log_histogram.hpp).
  const json& series = r->report.at("timeseries").at("services").at("g");
  for (const auto& [key, value] :
       {std::pair{"ttft_p99_s", 0.021}, std::pair{"tpot_p99_s", 0.011}, std::pair{"e2e_p99_s", 0.065}}) {
    INFO(key);
    const json& s = series.at(key);
    REQUIRE(s.size() == 10);
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (i == 1) {
        CHECK(s[i].get<double>() == Approx(value).epsilon(0.005));
      } else {
        CHECK(s[i].is_null());
      }
    }
  }
  CHECK(r->departures.outcomes[0] == Outcome::kOk);
}

TEST_CASE(
    "models::gpu_batch: time to first token under queueing follows the iteration "
    "schedule",
    "[models]") {
  // max_batch 2, P = 100, n = 3; base 0.01, 0.0001 per prefill token, 0.001 per
  // running sequence. A prefill iteration of one new sequence beside k running ones
  // lasts 0.01 + 0.01 + 0.001 (k + 1); a decode of two 0.012, of one 0.011.
  //   A arrives 0, B 0.005, C 0.010, D 0.015.
  //   [0, 0.021)     A prefill                     A 1st token at 0.021
  //   [0.021, 0.043) B prefill + A                 B 1st at 0.043
  //   [0.043, 0.055) A, B decode                   A done at 0.055 (3 tokens)
  //   [0.055, 0.077) C prefill + B                 B done, C 1st at 0.077
  //   [0.077, 0.099) D prefill + C                 D 1st at 0.099
  //   [0.099, 0.111) C, D decode                   C done at 0.111
  //   [0.111, 0.122) D decode                      D done at 0.122
  const auto r = run(gpu_scenario(10,
                                  {{"max_batch", 2},
                                   {"kv_cache_tokens", 1000},
                                   {"iteration", iteration(0.01, 0.0001, 0.001)}},
                                  100, 3),
                     {0.0, 0.005, 0.010, 0.015});
  const json& g = inference(*r);
  CHECK(g.at("iterations") == 7);
  CHECK(g.at("tokens") == 12);
  const std::vector<double> ttft = {0.021, 0.043 - 0.005, 0.077 - 0.010, 0.099 - 0.015};
  CHECK(g.at("ttft_s").at("mean").get<double>() ==
        Approx((ttft[0] + ttft[1] + ttft[2] + ttft[3]) / 4).margin(kExact));
  CHECK(r->report.at("services").at("g").at("wait_s").at("mean").get<double>() ==
        Approx((0.0 + (0.021 - 0.005) + (0.055 - 0.010) + (0.077 - 0.015)) / 4).margin(kExact));
  const std::vector<double> expected = {0.055, 0.077 - 0.005, 0.111 - 0.010, 0.122 - 0.015};
  REQUIRE(r->departures.response_s_.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i)
    CHECK(r->departures.response_s_[i] == Approx(expected[i]).margin(kExact));
}

TEST_CASE(
    "models::gpu_batch: a saturated replica delivers max_batch tokens per iteration, or "
    "what the KV budget allows",
    "[models]") {
  SECTION("batch bound: no prompts, n = 10, batches of 4 in lockstep") {
    // Each iteration lasts 0.01 + 4 x 0.001 = 0.014 s and yields 4 tokens, after a
    // first one of 0.011 s with the one sequence queued when the replica woke up.
    const auto r = run(gpu_scenario(10,
                                    {{"max_batch", 4},
                                     {"kv_cache_tokens", 100000},
                                     {"iteration", iteration(0.01, 0.0, 0.001)}},
                                    0, 10),
                       std::vector<double>(400, 0.0));
    const double expected = 4 / 0.014;
    CHECK(inference(*r).at("tokens_per_s").get<double>() == Approx(expected).epsilon(0.02));
    CHECK(inference(*r).at("iterations") == 714);  // 1 + floor((10 - 0.011) / 0.014)
    CHECK(inference(*r).at("tokens") == 1 + 713 * 4);
    CHECK(inference(*r).at("batch_occupancy").at("mean").get<double>() ==
          Approx(1.0).epsilon(0.02));
  }
  SECTION("KV bound: two sequences of 10 + 10 tokens fit in 40") {
    // Two run at once (max_batch 4 allows more); every 10 iterations the first
    // prefills 20 tokens: 10 x (0.01 + 2 x 0.001) + 20 x 0.0005 = 0.13 s per 20 tokens.
    const auto r = run(gpu_scenario(20,
                                    {{"max_batch", 4},
                                     {"kv_cache_tokens", 40},
                                     {"iteration", iteration(0.01, 0.0005, 0.001)}},
                                    10, 10),
                       std::vector<double>(400, 0.0));
    CHECK(inference(*r).at("tokens_per_s").get<double>() == Approx(20 / 0.13).epsilon(0.02));
    CHECK(inference(*r).at("kv_cache_reserved").at("max").get<double>() == 1.0);
    CHECK(inference(*r).at("batch_occupancy").at("max").get<double>() == 0.5);
  }
}

TEST_CASE("models::gpu_batch: max_queue and too-long sequences are rejected at arrival",
          "[models]") {
  // max_batch 1, n = 2, 0.01 s per iteration. A (t = 0) starts at once; B and C wait;
  // D and E find max_queue = 2 waiting and are rejected.
  const auto r = run(gpu_scenario(10,
                                  {{"max_batch", 1},
                                   {"kv_cache_tokens", 100},
                                   {"max_queue", 2},
                                   {"iteration", iteration(0.01, 0, 0)}},
                                  0, 2),
                     {0.0, 0.001, 0.002, 0.003, 0.004});
  const json& s = r->report.at("services").at("g");
  CHECK(s.at("completed") == 3);
  CHECK(s.at("rejected") == 2);
  CHECK(s.at("inference").at("refused").at("queue_full") == 2);
  CHECK(s.at("inference").at("refused").at("too_long") == 0);

  // 60 + 50 tokens can never fit a 100-token cache: refused whatever the load.
  const auto big = run(
      gpu_scenario(
          10, {{"max_batch", 1}, {"kv_cache_tokens", 100}, {"iteration", iteration(0.01, 0, 0)}},
          60, 50),
      {0.0, 1.0});
  CHECK(big->report.at("services").at("g").at("rejected") == 2);
  CHECK(inference(*big).at("refused").at("too_long") == 2);
  CHECK(inference(*big).at("iterations") == 0);
}

TEST_CASE(
    "models::gpu_batch: a sequence that waited more than max_wait_s at an admission is "
    "shed",
    "[models]") {
  // max_batch 1, n = 2, 0.01 s per iteration. A (0) runs [0, 0.02). At 0.02, B (0.001)
  // has waited 0.019 s and C (0.002) 0.018 s.
  const auto case_of = [](double max_wait_s) {
    return run(gpu_scenario(10,
                            {{"max_batch", 1},
                             {"kv_cache_tokens", 100},
                             {"max_wait_s", max_wait_s},
                             {"iteration", iteration(0.01, 0, 0)}},
                            0, 2),
               {0.0, 0.001, 0.002, 0.030});
  };
  SECTION("0.015 s: both are shed; D (0.030) finds the replica idle") {
    const auto r = case_of(0.015);
    const json& s = r->report.at("services").at("g");
    CHECK(s.at("completed") == 2);
    CHECK(s.at("inference").at("shed_max_wait") == 2);
    CHECK(s.at("endpoints").at("gen").at("failed").at("shed") == 2);
  }
  SECTION("0.019 s: B waited exactly that and runs [0.02, 0.04); C is shed at 0.03") {
    // B's second iteration starts at 0.03: C has waited 0.028 s then. D arrived at
    // 0.03 too (its arrival was scheduled first) and runs [0.04, 0.06).
    const auto r = case_of(0.019);
    const json& s = r->report.at("services").at("g");
    CHECK(s.at("completed") == 3);
    CHECK(s.at("inference").at("shed_max_wait") == 1);
    REQUIRE(r->departures.outcomes.size() == 4);
    const std::vector<Outcome> order = {Outcome::kOk, Outcome::kShed, Outcome::kOk, Outcome::kOk};
    const std::vector<double> response = {0.02, 0.028, 0.039, 0.03};
    for (std::size_t i = 0; i < order.size(); ++i) {
      CHECK(r->departures.outcomes[i] == order[i]);
      CHECK(r->departures.response_s_[i] == Approx(response[i]).margin(kExact));
    }
  }
}

TEST_CASE("models::gpu_batch: events per iteration do not grow with the batch", "[models]") {
  // n = 20, no prompts. One sequence: 20 iterations. 256 sequences, the first at 0 and
  // the rest inside its first iteration (0.01 s long): they join at the second, so
  // 21 iterations. Events are the arrivals, one start of the idle replica and one per
  // iteration, nothing per token or per sequence.
  const json doc = gpu_scenario(10,
                                {{"max_batch", 256},
                                 {"kv_cache_tokens", 1000000},
                                 {"iteration", iteration(0.01, 0, 0.00001)}},
                                0, 20);
  std::vector<double> times;
  for (int i = 0; i < 256; ++i) times.push_back(i * 1e-6);
  const auto one = run(doc, {0.0});
  const auto many = run(doc, times);
  CHECK(inference(*one).at("iterations") == 20);
  CHECK(inference(*many).at("iterations") == 21);
  CHECK(inference(*many).at("tokens") == 256 * 20);
  CHECK(one->result.events == 1 + 1 + 20);
  CHECK(many->result.events == 256 + 1 + 21);
}

TEST_CASE("models::gpu_batch: a crash fails what the replica held; counts are conserved",
          "[models]") {
  json doc = gpu_scenario(60,
                          {{"instances", 2},
                           {"max_batch", 8},
                           {"kv_cache_tokens", 20000},
                           {"max_queue", 50},
                           {"max_wait_s", 5},
                           {"iteration", iteration(0.008, 0.00002, 0.0002)}},
                          0, 0);
  doc["services"]["g"]["endpoints"]["gen"] = {
      {"prompt_tokens", {{"dist", "lognormal"}, {"mean", 800}, {"cv", 1.0}}},
      {"output_tokens", {{"dist", "lognormal"}, {"mean", 300}, {"cv", 1.2}}}};
  doc["workloads"]["w"]["rate"] = {{"constant", 12}};
  doc["faults"] = json::parse(
      R"([{"kind": "crash", "service": "g", "at_s": 20, "duration_s": 10, "instances": 1}])");
  auto loaded = scenario::load_scenario_text(doc.dump(), {});
  REQUIRE(loaded.problems.empty());
  Simulation simulation(loaded.scenario->graph);
  const json report = scenario::make_report(*loaded.scenario, simulation.run());
  const json& w = report.at("workloads").at("w");
  std::uint64_t failed = 0;
  for (const auto& [reason, n] : w.at("failed").items()) failed += n.get<std::uint64_t>();
  CHECK(w.at("offered").get<std::uint64_t>() ==
        w.at("succeeded").get<std::uint64_t>() + failed + w.at("in_flight").get<std::uint64_t>());
  const json& s = report.at("services").at("g");
  CHECK(s.at("arrivals").get<std::uint64_t>() ==
        s.at("completed").get<std::uint64_t>() + s.at("rejected").get<std::uint64_t>() +
            s.at("failed").get<std::uint64_t>() + s.at("in_flight").get<std::uint64_t>());
  CHECK(s.at("endpoints").at("gen").at("failed").at("error").get<std::uint64_t>() > 0);
  CHECK(s.at("inference").at("refused").at("queue_full").get<std::uint64_t>() > 0);
  // The series: one value per interval, occupancy and KV use fractions in [0, 1].
  const json& ts = report.at("timeseries").at("services").at("g");
  REQUIRE(ts.at("batch_occupancy").size() == report.at("timeseries").at("t_s").size());
  for (const json& x : ts.at("batch_occupancy")) CHECK((x >= 0.0 && x <= 1.0));
  for (const json& x : ts.at("kv_cache_use")) CHECK((x >= 0.0 && x <= 1.0));
  // Utilization is running / (max_batch x replicas up); batch occupancy divides by
  // the configured replicas, a down one counting as empty.
  CHECK(s.at("inference").at("batch_occupancy").at("mean").get<double>() * 2 ==
        Approx(s.at("utilization").get<double>() * s.at("instances").at("mean").get<double>())
            .epsilon(1e-12));
  CHECK(s.at("instances").at("mean").get<double>() == Approx(2 - 10.0 / 60).epsilon(1e-12));
}

}  // namespace
}  // namespace surge::mesh
