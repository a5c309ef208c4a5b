// Shared plumbing of the queueing validation tests: scenario documents for one
// station, independent replications through the public API (load_scenario_text,
// run_to_report), and the one way a simulated mean is judged against theory.
//
// The judgement (docs/validation.md, "The tolerance rule"): each
// replication r (LoadOptions.replication = r, fixed seed) gives one estimate; the
// replications are independent, and each run is long enough that its estimate is
// roughly normal, so the Student-t 99.9% interval of the replication means must
// contain the exact value. No tolerance is picked by hand.
#pragma once

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "sim/kernel/confidence.hpp"
#include "sim/scenario/run.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace surge::validation {

using nlohmann::json;

inline constexpr double kConfidence = 0.999;

// A work distribution object as the scenario file spells it.
[[nodiscard]] inline json exponential(double mean_s) {
  return {{"dist", "exponential"}, {"mean_s", mean_s}};
}
[[nodiscard]] inline json deterministic(double value_s) {
  return {{"dist", "deterministic"}, {"value_s", value_s}};
}
[[nodiscard]] inline json lognormal(double mean_s, double cv) {
  return {{"dist", "lognormal"}, {"mean_s", mean_s}, {"cv", cv}};
}

// A one-endpoint service ("e") without calls.
// REQUIRES: workers >= 1; queue_capacity < 0 means unlimited (the key is omitted).
[[nodiscard]] inline json station(int workers, const json& work, int queue_capacity = -1) {
  json s = {{"instances", 1}, {"workers", workers}, {"endpoints", {{"e", {{"work", work}}}}}};
  if (queue_capacity >= 0) s["queue_capacity"] = queue_capacity;
  return s;
}

// A scenario with the given services and one open Poisson workload "w" of
// constant `rate` into `entry`.
[[nodiscard]] inline json scenario(const std::string& name, double duration_s, double warmup_s,
                                   json services, const std::string& entry, double rate) {
  return {
      {"name", name},
      {"seed", 7},
      {"duration_s", duration_s},
      {"warmup_s", warmup_s},
      {"services", std::move(services)},
      {"workloads", {{"w", {{"kind", "open"}, {"entry", entry}, {"rate", {{"constant", rate}}}}}}}};
}

// Loads the scenario for replication r and runs it to its report; the load must
// be clean and the run must complete.
[[nodiscard]] inline json run_replication(const json& doc, std::uint32_t replication) {
  scenario::LoadOptions options;
  options.replication = replication;
  const scenario::LoadResult loaded = scenario::load_scenario_text(doc.dump(), options);
  if (!loaded.problems.empty()) {
    for (const auto& p : loaded.problems.list()) UNSCOPED_INFO(p.where << ": " << p.reason);
  }
  REQUIRE(loaded.problems.empty());
  REQUIRE(loaded.scenario.has_value());
  json report = scenario::run_to_report(*loaded.scenario);
  REQUIRE(report.at("run").at("status") == "completed");
  return report;
}

// Replications 0 .. n-1 of one scenario.
[[nodiscard]] inline std::vector<json> run_replications(const json& doc, int n) {
  std::vector<json> reports;
  reports.reserve(static_cast<std::size_t>(n));
  for (int r = 0; r < n; ++r)
    reports.push_back(run_replication(doc, static_cast<std::uint32_t>(r)));
  return reports;
}

// One figure per replication.
[[nodiscard]] inline std::vector<double> per_replication(
    const std::vector<json>& reports, const std::function<double(const json&)>& figure) {
  std::vector<double> out;
  out.reserve(reports.size());
  for (const json& report : reports) out.push_back(figure(report));
  return out;
}

// Figures of one service, as per_replication extractors: a plain number
// ("utilization", "waited_ratio") or the mean of a statistic ("response_s").
[[nodiscard]] inline std::function<double(const json&)> service_figure(std::string service,
                                                                       std::string key) {
  return [service = std::move(service), key = std::move(key)](const json& report) {
    return report.at("services").at(service).at(key).get<double>();
  };
}
[[nodiscard]] inline std::function<double(const json&)> service_mean(std::string service,
                                                                     std::string key) {
  return [service = std::move(service), key = std::move(key)](const json& report) {
    return report.at("services").at(service).at(key).at("mean").get<double>();
  };
}

// Post-warmup span of a run, for per-second rates.
[[nodiscard]] inline double measured_span_s(const json& doc) {
  return doc.at("duration_s").get<double>() - doc.at("warmup_s").get<double>();
}

// A check must also have power: an interval wider than this share of the exact
// value would accept gross errors, so it means the sample is too small. This
// bounds the sample size chosen in each test, not the acceptance tolerance.
inline constexpr double kMaxRelativeHalfWidth = 0.10;

// The check: the 99.9% Student-t interval of the replication means contains the
// exact value. Reports the interval and its relative half-width either way.
// REQUIRES: exact != 0.
inline void check_theory(const std::string& what, const std::vector<double>& samples,
                         double exact) {
  const ConfidenceInterval ci = student_t_interval(samples, kConfidence);
  INFO(what << ": theory " << exact << ", simulated " << ci.mean << " +- " << ci.half_width
            << " (99.9%, " << samples.size() << " replications, half-width "
            << 100.0 * ci.half_width / std::abs(exact) << "% of theory)");
  CHECK(ci.contains(exact));
  CHECK(ci.half_width <= kMaxRelativeHalfWidth * std::abs(exact));
}

}  // namespace surge::validation
