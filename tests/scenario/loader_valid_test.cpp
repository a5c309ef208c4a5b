#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "scenario_test_support.hpp"

namespace surge::scenario {
namespace {

using testing::kShopScenario;
using testing::render;

TEST_CASE("scenario::loader: a valid scenario builds the expected graph", "[scenario]") {
  LoadOptions options;
  options.replication = 3;
  const LoadResult result = load_scenario_text(kShopScenario, options);
  INFO(render(result.problems));
  REQUIRE(result.problems.empty());
  REQUIRE(result.scenario.has_value());
  const mesh::ModelGraph& g = result.scenario->graph;

  CHECK(g.name == "shop");
  CHECK(g.seed == 7);
  CHECK(g.replication == 3);
  CHECK(g.duration_s == 600.0);
  CHECK(g.warmup_s == 60.0);
  CHECK(g.report.interval_s == 5.0);
  CHECK(g.report.percentiles == std::vector<double>{50.0, 99.0});
  CHECK(g.limits.max_in_flight == 1000);
  CHECK(g.limits.max_events == 5'000'000);

  // Services in sorted name order.
  REQUIRE(g.services.size() == 3);
  const auto& auth = g.services[0];
  const auto& db = g.services[1];
  const auto& gateway = g.services[2];
  CHECK(auth.name == "auth");
  CHECK(db.name == "db");
  CHECK(gateway.name == "gateway");

  CHECK(auth.kind == mesh::ServiceKind::kStandard);
  CHECK(auth.instances == 1);
  CHECK(auth.workers == mesh::kUnlimited);
  CHECK(auth.queue_capacity == mesh::kUnlimited);
  CHECK(auth.discipline == mesh::Discipline::kPs);
  CHECK(auth.cores == 2);
  REQUIRE(auth.endpoints.size() == 2);
  CHECK(auth.endpoints[0].name == "check");
  CHECK(auth.endpoints[1].name == "login");
  CHECK(auth.endpoints[0].work.kind() == DistKind::kLognormal);
  CHECK(auth.endpoints[0].work.mean() == Approx(0.004));
  // Default work: deterministic 0.
  CHECK(auth.endpoints[1].work.kind() == DistKind::kDeterministic);
  CHECK(auth.endpoints[1].work.mean() == 0.0);
  REQUIRE(auth.endpoints[1].calls.size() == 1);
  CHECK(auth.endpoints[1].calls[0].to.service == 1);
  CHECK(auth.endpoints[1].calls[0].to.endpoint == 1);
  CHECK(auth.endpoints[1].calls[0].to_name == "db.write");

  CHECK(db.instances == 3);
  CHECK(db.workers == 1);
  CHECK(db.queue_capacity == 0);
  CHECK(db.discipline == mesh::Discipline::kPriority);
  CHECK(db.balancer == mesh::BalancerKind::kRoundRobin);
  CHECK(db.health_check_s == 2.0);
  CHECK(db.cores == 1);
  REQUIRE(db.endpoints.size() == 2);
  CHECK(db.endpoints[0].name == "read");
  CHECK(db.endpoints[0].work.kind() == DistKind::kUniform);
  CHECK(db.endpoints[0].work.mean() == Approx(0.0015));
  CHECK(db.endpoints[1].work.kind() == DistKind::kEmpirical);

  CHECK(gateway.instances == 2);
  CHECK(gateway.workers == 8);
  CHECK(gateway.queue_capacity == 100);
  CHECK(gateway.discipline == mesh::Discipline::kFifo);
  CHECK(gateway.balancer == mesh::BalancerKind::kLeastOutstanding);
  CHECK(gateway.health_check_s == 0.0);
  REQUIRE(gateway.endpoints.size() == 1);
  const auto& home = gateway.endpoints[0];
  CHECK(home.work.kind() == DistKind::kExponential);
  CHECK(home.work.mean() == Approx(0.001));
  REQUIRE(home.calls.size() == 2);
  CHECK(home.calls[0].to.service == 0);
  CHECK(home.calls[0].to.endpoint == 0);
  CHECK(home.calls[0].timeout_s == 1.0);
  CHECK(home.calls[0].probability == 1.0);
  CHECK(home.calls[0].count == 1);
  CHECK_FALSE(home.calls[0].parallel);
  CHECK(home.calls[1].to.service == 1);
  CHECK(home.calls[1].to.endpoint == 0);
  CHECK(home.calls[1].to_name == "db.read");
  CHECK(home.calls[1].timeout_s == mesh::kNoTimeout);
  CHECK(home.calls[1].probability == 0.5);
  CHECK(home.calls[1].count == 3);
  CHECK(home.calls[1].parallel);

  // Workloads in sorted name order.
  REQUIRE(g.workloads.size() == 2);
  const auto& admin = g.workloads[0];
  const auto& browse = g.workloads[1];
  CHECK(admin.name == "admin");
  CHECK(admin.kind == mesh::WorkloadKind::kOpen);
  CHECK(admin.entry.service == 0);
  CHECK(admin.entry.endpoint == 1);
  CHECK(admin.entry_name == "auth.login");
  CHECK(admin.arrivals.kind == demand::ArrivalSpec::Kind::kRate);
  CHECK(admin.arrivals.deterministic);
  REQUIRE(admin.arrivals.rate != nullptr);
  CHECK(admin.arrivals.rate->rate(0.0) == 1.0);
  CHECK(admin.priority == 1);
  CHECK(admin.client.timeout_s == mesh::kNoTimeout);
  CHECK(browse.name == "browse");
  CHECK(browse.entry.service == 2);
  CHECK(browse.entry.endpoint == 0);
  CHECK_FALSE(browse.arrivals.deterministic);
  REQUIRE(browse.arrivals.rate != nullptr);
  CHECK(browse.arrivals.rate->rate(100.0) == 50.0);
  CHECK(browse.priority == 0);
  CHECK(browse.client.timeout_s == 5.0);

  REQUIRE(g.slo.size() == 1);
  CHECK(g.slo[0].workload == 1);
  CHECK(g.slo[0].p99_s == 0.5);
  CHECK(g.slo[0].success_ratio == 0.99);
  CHECK_FALSE(g.slo[0].mean_s.has_value());
  CHECK_FALSE(g.slo[0].p50_s.has_value());

  // The input is kept as given (no defaults filled in), and fingerprinted.
  CHECK(result.scenario->input == nlohmann::json::parse(kShopScenario));
  CHECK(result.scenario->sha256.size() == 64);
}

TEST_CASE("scenario::loader: omitted keys take their documented defaults", "[scenario]") {
  const LoadResult result = load_scenario_text(R"({
    "duration_s": 10,
    "services": {"s": {"endpoints": {"e": {}}}},
    "workloads": {"w": {"entry": "s.e", "rate": {"constant": 1}}}
  })",
                                               {});
  INFO(render(result.problems));
  REQUIRE(result.scenario.has_value());
  const mesh::ModelGraph& g = result.scenario->graph;
  CHECK(g.name == "scenario");
  CHECK(g.seed == 1);
  CHECK(g.replication == 0);
  CHECK(g.warmup_s == 0.0);
  CHECK(g.report.interval_s == 10.0);
  CHECK(g.report.percentiles == std::vector<double>{50.0, 90.0, 99.0, 99.9});
  CHECK(g.limits.max_in_flight == 10'000'000);
  CHECK(g.limits.max_events == 0);
  const auto& s = g.services.at(0);
  CHECK(s.kind == mesh::ServiceKind::kStandard);
  CHECK(s.instances == 1);
  CHECK(s.workers == 1);
  CHECK(s.queue_capacity == mesh::kUnlimited);
  CHECK(s.discipline == mesh::Discipline::kFifo);
  CHECK(s.balancer == mesh::BalancerKind::kRoundRobin);
  CHECK(s.health_check_s == 0.0);
  CHECK(s.cores == 1);
  CHECK(s.endpoints.at(0).work.kind() == DistKind::kDeterministic);
  CHECK(s.endpoints.at(0).calls.empty());
  const auto& w = g.workloads.at(0);
  CHECK(w.kind == mesh::WorkloadKind::kOpen);
  CHECK(w.priority == 1);
  CHECK_FALSE(w.arrivals.deterministic);
  CHECK(w.client.timeout_s == mesh::kNoTimeout);
  CHECK(g.slo.empty());
  CHECK(g.faults.empty());
}

TEST_CASE("scenario::loader: a crash fault is parsed with each field", "[scenario]") {
  auto doc = testing::shop_document();
  doc["faults"] = nlohmann::json::parse(
      R"([{"kind": "crash", "at_s": 120.5, "duration_s": 30, "service": "db", "instances": 3}])");
  const LoadResult result = testing::load_document(doc);
  INFO(render(result.problems));
  REQUIRE(result.scenario.has_value());
  const auto& faults = result.scenario->graph.faults;
  REQUIRE(faults.size() == 1);
  CHECK(faults[0].kind == faults::FaultKind::kCrash);
  CHECK(faults[0].at_s == 120.5);
  CHECK(faults[0].duration_s == 30.0);
  CHECK(faults[0].service == 1);  // auth(0) db(1) gateway(2)
  CHECK(faults[0].service_name == "db");
  CHECK(faults[0].instances == 3);
}

TEST_CASE("scenario::loader: slow, error, partition and random-crash faults are parsed",
          "[scenario]") {
  auto doc = testing::shop_document();
  doc["faults"] = nlohmann::json::parse(R"([
    {"kind": "slow", "at_s": 10, "duration_s": 5, "service": "db", "factor": 2.5},
    {"kind": "slow", "at_s": 20, "factor": 0.5},
    {"kind": "error", "at_s": 30, "service": "db", "endpoint": "write", "probability": 0.25},
    {"kind": "error", "at_s": 40, "probability": 1},
    {"kind": "partition", "at_s": 50, "duration_s": 7, "from": "gateway", "to": "auth",
     "bidirectional": true},
    {"kind": "partition", "at_s": 60, "from": "auth", "to": "db"},
    {"kind": "crash", "service": "db", "mtbf_s": 600, "mttr_s": 60}])");
  const LoadResult result = testing::load_document(doc);
  INFO(render(result.problems));
  REQUIRE(result.scenario.has_value());
  const auto& f = result.scenario->graph.faults;
  REQUIRE(f.size() == 7);  // services sorted: auth(0) db(1) gateway(2)
  CHECK(f[0].kind == faults::FaultKind::kSlow);
  CHECK(f[0].service == 1);
  CHECK(f[0].factor == 2.5);
  CHECK(f[0].duration_s == 5.0);
  CHECK(f[1].service == faults::kEveryService);  // no service: every service
  CHECK(f[1].duration_s == faults::kForever);
  CHECK(f[2].kind == faults::FaultKind::kError);
  CHECK(f[2].endpoint == 1);  // read(0) write(1)
  CHECK(f[2].probability == 0.25);
  CHECK(f[3].service == faults::kEveryService);
  CHECK(f[3].endpoint == faults::kEveryEndpoint);
  CHECK(f[4].kind == faults::FaultKind::kPartition);
  CHECK(f[4].service == 2);
  CHECK(f[4].to == 0);
  CHECK(f[4].bidirectional);
  CHECK_FALSE(f[5].bidirectional);
  CHECK(f[6].kind == faults::FaultKind::kRandomCrash);
  CHECK(f[6].service == 1);
  CHECK(f[6].instances == 3);  // every instance db starts with
  CHECK(f[6].mtbf_s == 600.0);
  CHECK(f[6].mttr_s == 60.0);
}

TEST_CASE("scenario::loader: a crash fault takes its documented defaults", "[scenario]") {
  auto doc = testing::shop_document();
  doc["faults"] =
      nlohmann::json::parse(R"([{"kind": "crash", "at_s": 0, "service": "gateway"}])");
  const LoadResult result = testing::load_document(doc);
  INFO(render(result.problems));
  REQUIRE(result.scenario.has_value());
  const auto& faults = result.scenario->graph.faults;
  REQUIRE(faults.size() == 1);
  CHECK(faults[0].at_s == 0.0);
  CHECK(faults[0].duration_s == faults::kForever);  // down to the end of the run
  CHECK(faults[0].service == 2);
  CHECK(faults[0].instances == 1);
}

TEST_CASE("scenario::loader: autoscale takes its documented defaults, and a crash may take "
          "up to max instances",
          "[scenario]") {
  auto doc = testing::shop_document();  // db (index 1) starts with 3 instances
  doc["services"]["db"]["autoscale"] = nlohmann::json::parse(R"({"target": 0.6, "max": 6})");
  doc["faults"] = nlohmann::json::parse(
      R"([{"kind": "crash", "at_s": 10, "service": "db", "instances": 6}])");
  const LoadResult result = testing::load_document(doc);
  INFO(render(result.problems));
  REQUIRE(result.scenario.has_value());
  const auto& spec = result.scenario->graph.services[1].autoscale;
  REQUIRE(spec.has_value());
  CHECK(spec->metric == scaling::ScaleMetric::kUtilization);
  CHECK(spec->target == 0.6);
  CHECK(spec->period_s == 60.0);
  CHECK(spec->min == 1);
  CHECK(spec->max == 6);
  CHECK(spec->step_up == 0);  // no bound
  CHECK(spec->step_down == 1);
  CHECK(spec->provision_delay_s == 0.0);
  CHECK(spec->cooldown_s == 0.0);
  CHECK(spec->cold_start.factor == 1.0);
  CHECK(spec->cold_start.warm_s == 0.0);
  CHECK(result.scenario->graph.faults.at(0).instances == 6);
  CHECK_FALSE(result.scenario->graph.services[0].autoscale.has_value());

  doc["services"]["db"]["autoscale"] = nlohmann::json::parse(
      R"({"metric": "in_flight", "target": 4, "period_s": 30, "min": 2, "max": 9,
          "step_up": "unlimited", "step_down": 3, "provision_delay_s": 240, "cooldown_s": 120,
          "cold_start": {"factor": 2.5, "warm_s": 45}})");
  const LoadResult full = testing::load_document(doc);
  INFO(render(full.problems));
  REQUIRE(full.scenario.has_value());
  const auto& given = *full.scenario->graph.services[1].autoscale;
  CHECK(given.metric == scaling::ScaleMetric::kInFlight);
  CHECK(given.period_s == 30.0);
  CHECK(given.min == 2);
  CHECK(given.step_up == 0);
  CHECK(given.step_down == 3);
  CHECK(given.provision_delay_s == 240.0);
  CHECK(given.cooldown_s == 120.0);
  CHECK(given.cold_start.factor == 2.5);
  CHECK(given.cold_start.warm_s == 45.0);
}

TEST_CASE("scenario::loader: faults keep the order of the file", "[scenario]") {
  auto doc = testing::shop_document();
  // Neither in time nor in service order: the list order is kept as given.
  doc["faults"] = nlohmann::json::parse(R"([
    {"kind": "crash", "at_s": 300, "duration_s": 10, "service": "gateway", "instances": 2},
    {"kind": "crash", "at_s": 100, "service": "auth"},
    {"kind": "crash", "at_s": 599.9, "duration_s": 1e9, "service": "gateway"}
  ])");
  const LoadResult result = testing::load_document(doc);
  INFO(render(result.problems));
  REQUIRE(result.scenario.has_value());
  const auto& faults = result.scenario->graph.faults;
  REQUIRE(faults.size() == 3);
  CHECK(faults[0].service_name == "gateway");
  CHECK(faults[0].at_s == 300.0);
  CHECK(faults[0].instances == 2);
  CHECK(faults[1].service_name == "auth");
  CHECK(faults[1].service == 0);
  CHECK(faults[1].at_s == 100.0);
  CHECK(faults[2].service == 2);
  CHECK(faults[2].at_s == 599.9);
  CHECK(faults[2].duration_s == 1e9);
}

TEST_CASE("scenario::loader: every distribution of the table loads for work", "[scenario]") {
  const std::vector<std::pair<std::string, DistKind>> cases = {
      {R"({"dist": "exponential", "mean_s": 2})", DistKind::kExponential},
      {R"({"dist": "deterministic", "value_s": 0.5})", DistKind::kDeterministic},
      {R"({"dist": "uniform", "min_s": 0, "max_s": 0})", DistKind::kUniform},
      {R"({"dist": "lognormal", "mean_s": 1, "cv": 0.5})", DistKind::kLognormal},
      {R"({"dist": "gamma", "mean_s": 1, "cv": 0.5})", DistKind::kGamma},
      {R"({"dist": "hyperexponential", "mean_s": 1, "cv": 2})", DistKind::kHyperexponential},
      {R"({"dist": "empirical", "quantiles_s": [[0, 1], [1, 1]]})", DistKind::kEmpirical},
  };
  for (const auto& [work, kind] : cases) {
    INFO(work);
    const LoadResult result = load_scenario_text(
        R"({"duration_s": 10, "services": {"s": {"endpoints": {"e": {"work": )" + work +
            R"(}}}}, "workloads": {"w": {"entry": "s.e", "rate": {"constant": 1}}}})",
        {});
    INFO(render(result.problems));
    REQUIRE(result.scenario.has_value());
    CHECK(result.scenario->graph.services[0].endpoints[0].work.kind() == kind);
  }
}

TEST_CASE("scenario::loader: --seed replaces the seed and changes the fingerprint", "[scenario]") {
  LoadOptions options;
  options.seed = 99;
  const LoadResult seeded = load_scenario_text(kShopScenario, options);
  const LoadResult plain = load_scenario_text(kShopScenario, {});
  REQUIRE(seeded.scenario.has_value());
  REQUIRE(plain.scenario.has_value());
  CHECK(seeded.scenario->graph.seed == 99);
  CHECK(seeded.scenario->input.at("seed") == 99);
  CHECK(seeded.scenario->sha256 != plain.scenario->sha256);
}

TEST_CASE("scenario::loader: every scenario in configs/ loads", "[scenario]") {
  const std::filesystem::path configs = std::filesystem::path(SURGE_SOURCE_DIR) / "configs";
  std::size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(configs)) {
    if (entry.path().extension() != ".json") continue;
    ++count;
    INFO(entry.path().string());
    // As a scenario, for any engine: what the native engine alone refuses (bytes over a
    // finite bandwidth, cross-region.json) is the CLI's test.
    LoadOptions any_engine;
    any_engine.native_engine = false;
    const LoadResult result = load_scenario_file(entry.path().string(), any_engine);
    INFO(render(result.problems));
    CHECK(result.scenario.has_value());
  }
  CHECK(count > 0);
}

TEST_CASE("scenario::loader: a file's name defaults to its stem", "[scenario]") {
  const auto dir = std::filesystem::temp_directory_path() / "surge-loader-file-test";
  std::filesystem::create_directories(dir);
  const auto path = dir / "flash-sale.json";
  {
    auto doc = testing::shop_document();
    doc.erase("name");
    std::ofstream(path) << doc.dump(2);
  }
  const LoadResult result = load_scenario_file(path.string(), {});
  INFO(render(result.problems));
  REQUIRE(result.scenario.has_value());
  CHECK(result.scenario->graph.name == "flash-sale");

  const LoadResult missing = load_scenario_file((dir / "nope.json").string(), {});
  CHECK_FALSE(missing.scenario.has_value());
  REQUIRE(missing.problems.size() == 1);
  CHECK(missing.problems.list()[0].reason.find("cannot read") != std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace surge::scenario
