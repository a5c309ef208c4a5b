// Regression tests for the engine families of the hostile pass (issue 9): limits that
// must fire, timers that must not hold memory, and per-visit costs that must not grow
// with the number of instances. Each runs the real executable under a memory cap
// (ulimit -v) and a time cap (timeout) far above what a correct engine needs, so a
// regression shows as a killed run, not as a slow test.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

#include "tests/cli/cli_test.hpp"

using nlohmann::json;
using surge::testing::read_text;
using surge::testing::scratch_dir;

namespace {

struct Capped {
  int exit_code = -1;
  json report;
  std::string err;
};

// Runs `surge run` on the scenario under `ulimit -v` (MiB) and `timeout` (s).
Capped run_capped(const json& scenario, const std::string& name, int memory_mib, int seconds) {
  const auto dir = scratch_dir(name);
  const auto input = dir / "scenario.json";
  const auto output = dir / "report.json";
  std::ofstream(input) << scenario.dump();
  const auto run = surge::testing::run_surge_shell(
      "ulimit -v " + std::to_string(memory_mib * 1024) + "; timeout " + std::to_string(seconds),
      "run " + input.string() + " -q -o " + output.string(), "", dir);
  Capped c;
  c.exit_code = run.exit_code;
  c.err = run.err;
  if (std::filesystem::exists(output)) c.report = json::parse(read_text(output));
  return c;
}

json work(double s) { return {{"dist", "deterministic"}, {"value_s", s}}; }

json open_workload(const std::string& entry, double rate) {
  return {{"kind", "open"}, {"entry", entry}, {"rate", {{"constant", rate}}}};
}

}  // namespace

TEST_CASE("cli::limits: a zero-work fan-out chain stops at max_in_flight", "[cli]") {
  // Each request fans out to 100 x 100 x 90 visits (within the loader's cap of 10^6
  // per visit) without a single event: only the in-flight limit can stop it, and it
  // must, inside the event that overflows.
  const json fan = {{"to", "b.e"}, {"count", 100}, {"parallel", true}};
  json doc = {{"name", "fanout"},
              {"duration_s", 10},
              {"limits", {{"max_in_flight", 5000}}},
              {"services",
               {{"a", {{"workers", "unlimited"}, {"endpoints", {{"e", {{"work", work(0)}, {"calls", {fan}}}}}}}},
                {"b", {{"workers", "unlimited"},
                       {"endpoints", {{"e", {{"work", work(0)}, {"calls", {{{"to", "c.e"}, {"count", 100}, {"parallel", true}}}}}}}}}},
                {"c", {{"workers", "unlimited"},
                       {"endpoints", {{"e", {{"work", work(0)}, {"calls", {{{"to", "d.e"}, {"count", 90}, {"parallel", true}}}}}}}}}},
                {"d", {{"workers", "unlimited"}, {"endpoints", {{"e", {{"work", work(1)}}}}}}}}},
              {"workloads", {{"w", open_workload("a.e", 1)}}}};
  const Capped c = run_capped(doc, "fanout", 1024, 120);
  INFO(c.err);
  REQUIRE(c.exit_code == 3);
  CHECK(c.report.at("run").at("status") == "aborted");
  CHECK(c.report.at("run").at("reason").get<std::string>().find("max_in_flight") !=
        std::string::npos);
  CHECK(c.report.at("run").at("peak_in_flight") == 5001);
}

TEST_CASE("cli::limits: a call tree beyond 10^6 visits per visit is refused before the run",
          "[cli]") {
  // Sequential zero-work copies would run within one instant, with no event for any
  // limit to count: 1000 x 1001 visits per request is refused at load, where the
  // product crosses the cap.
  json doc = {{"name", "fanout"},
              {"duration_s", 10},
              {"services",
               {{"a", {{"workers", "unlimited"},
                       {"endpoints", {{"e", {{"work", work(0)}, {"calls", {{{"to", "b.e"}, {"count", 1000}}}}}}}}}},
                {"b", {{"workers", "unlimited"},
                       {"endpoints", {{"e", {{"work", work(0)}, {"calls", {{{"to", "c.e"}, {"count", 1000}}}}}}}}}},
                {"c", {{"workers", "unlimited"}, {"endpoints", {{"e", {{"work", work(0)}}}}}}}}},
              {"workloads", {{"w", open_workload("a.e", 1)}}}};
  const Capped c = run_capped(doc, "fanout-cap", 1024, 60);
  CHECK(c.exit_code == 2);
  CHECK(c.err.find("/services/a/endpoints/e/calls: one visit of a.e can make more than 1000000") !=
        std::string::npos);
  CHECK(c.err.find("/services/b/") == std::string::npos);  // b's tree (1001) is within the cap
}

TEST_CASE("cli::limits: timeouts of finished requests hold no events", "[cli]") {
  // Every request finishes in 2 ms, long before its 10^6 s timeouts. One queued
  // event per timeout would add two events per request; the timeout lists add a
  // handful in all.
  json doc = {{"name", "timers"},
              {"duration_s", 200},
              {"services",
               {{"a", {{"workers", "unlimited"},
                       {"endpoints", {{"e", {{"work", work(0.001)},
                                             {"calls", {{{"to", "b.e"}, {"timeout_s", 1e6}}}}}}}}}},
                {"b", {{"workers", "unlimited"}, {"endpoints", {{"e", {{"work", work(0.001)}}}}}}}}},
              {"workloads", {{"w", open_workload("a.e", 1000)}}}};
  doc["workloads"]["w"]["client"] = {{"timeout_s", 1e6}};
  const Capped c = run_capped(doc, "timers", 1024, 120);
  INFO(c.err);
  REQUIRE(c.exit_code == 0);
  const auto offered = c.report.at("workloads").at("w").at("offered").get<std::uint64_t>();
  const auto events = c.report.at("run").at("events").get<std::uint64_t>();
  // Per request: its arrival and two work completions.
  CHECK(offered > 190'000);
  CHECK(events <= 3 * offered + 10);
}

TEST_CASE("cli::limits: least_outstanding over a million instances costs O(log n) per visit",
          "[cli]") {
  json doc = {{"name", "wide"},
              {"duration_s", 5},
              {"services",
               {{"a", {{"instances", 1000000},
                       {"balancer", "least_outstanding"},
                       {"endpoints", {{"e", {{"work", work(1)}}}}}}}}},
              {"workloads", {{"w", open_workload("a.e", 20000)}}}};
  const Capped c = run_capped(doc, "wide", 4096, 120);
  INFO(c.err);
  REQUIRE(c.exit_code == 0);
  // Each instance has one worker; with 10^6 of them nothing waits and every visit
  // goes to an idle instance.
  const json& a = c.report.at("services").at("a");
  CHECK(a.at("arrivals").get<std::uint64_t>() > 90'000);
  CHECK(a.at("wait_s").at("mean") == 0.0);
}

TEST_CASE("cli::limits: a crash of many instances scans the visits once", "[cli]") {
  // 4*10^5 instances hold 2*10^5 visits when 2*10^5 of them crash: one scan of the
  // visits per crashed instance would be 4*10^10 steps (minutes); one scan is 2*10^5.
  json doc = {{"name", "crash"},
              {"duration_s", 12},
              {"services",
               {{"a", {{"instances", 400000},
                       {"workers", "unlimited"},
                       {"endpoints", {{"e", {{"work", work(100)}}}}}}}}},
              {"workloads", {{"w", open_workload("a.e", 20000)}}},
              {"faults", {{{"kind", "crash"}, {"service", "a"}, {"at_s", 10}, {"instances", 200000}}}}};
  const Capped c = run_capped(doc, "crash", 4096, 120);
  INFO(c.err);
  REQUIRE(c.exit_code == 0);
  const json& w = c.report.at("workloads").at("w");
  // Round robin gave the N ~ Poisson(2*10^5) arrivals before t = 10 one instance each,
  // ids 0..N-1; the crash takes ids below 2*10^5, whose visits (100 s of work) all
  // fail: min(N, 2*10^5) errors, at least 2*10^5 - 5 sd (sd ~ 450).
  CHECK(w.at("failed").at("error").get<std::uint64_t>() >= 197'500);
  CHECK(w.at("failed").at("error").get<std::uint64_t>() <= 200'000);
}
