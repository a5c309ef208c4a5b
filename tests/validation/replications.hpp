// Replications: R independent replications of one scenario text, run through the
// product's public API, with one figure collected per replication — and the two
// judgements the discipline, balancer and fan-out validation tests make of them.
//
// Contract:
//   - Replication r loads the text with LoadOptions.replication = r (r = 0 .. R-1)
//     and the text's own fixed seed, so every run is reproducible and the runs are
//     independent (docs/model.md, "Randomness": streams are keyed by seed,
//     replication and names).
//   - Two scenarios that differ only in a discipline or a balancer, run with the
//     same seed and replication, see the same arrivals and the same work per
//     request; their per-replication difference is therefore a paired sample with
//     far less noise than either figure alone.
//   - A replication's figure is an average over a long run, close to normal; the
//     R figures are i.i.d., so their Student-t 99.9% interval (docs/validation.md) is the
//     tolerance. Nothing is picked by hand.
//   - A load problem or an aborted run fails the test (REQUIRE).
//
// Per-visit data (conditional means, second moments) come from trace(): it runs
// the engine directly with a RunObserver and hands each post-warmup visit to a
// callback as it leaves. Names live in namespace surge::replications so they do
// not collide with other validation helpers linked into the same executable.
#pragma once

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "models/mesh/simulation.hpp"
#include "sim/kernel/confidence.hpp"
#include "sim/scenario/run.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace surge::replications {

inline constexpr double kConfidence = 0.999;

// Loads `text` as replication r; the scenario must be valid.
[[nodiscard]] inline scenario::LoadedScenario load(const std::string& text,
                                                   std::uint32_t replication) {
  scenario::LoadOptions options;
  options.replication = replication;
  scenario::LoadResult loaded = scenario::load_scenario_text(text, options);
  for (const auto& p : loaded.problems.list()) UNSCOPED_INFO(p.where << ": " << p.reason);
  REQUIRE(loaded.problems.empty());
  REQUIRE(loaded.scenario.has_value());
  return std::move(*loaded.scenario);
}

// The report of replication r; the run must complete.
[[nodiscard]] inline nlohmann::json report(const std::string& text, std::uint32_t replication) {
  const scenario::LoadedScenario loaded = load(text, replication);
  nlohmann::json out = scenario::run_to_report(loaded);
  REQUIRE(out.at("run").at("status") == "completed");
  return out;
}

// A number of the report by JSON pointer ("/services/s/wait_s/mean").
[[nodiscard]] inline double value_at(const nlohmann::json& doc, const std::string& pointer) {
  const nlohmann::json& v = doc.at(nlohmann::json::json_pointer(pointer));
  INFO("report value " << pointer << " = " << v.dump());
  REQUIRE(v.is_number());
  return v.get<double>();
}

// Figures per replication: out[i][r] is pointers[i] in replication r's report.
// One run per replication serves every pointer.
[[nodiscard]] inline std::vector<std::vector<double>> collect_each(
    const std::string& text, int replications, const std::vector<std::string>& pointers) {
  std::vector<std::vector<double>> out(pointers.size());
  for (int r = 0; r < replications; ++r) {
    const nlohmann::json doc = report(text, static_cast<std::uint32_t>(r));
    for (std::size_t i = 0; i < pointers.size(); ++i) out[i].push_back(value_at(doc, pointers[i]));
  }
  return out;
}

[[nodiscard]] inline std::vector<double> collect(const std::string& text, int replications,
                                                 const std::string& pointer) {
  return collect_each(text, replications, {pointer}).front();
}

// a[r] - b[r]: the paired sample of two variants run with the same seeds.
// REQUIRES: a.size() == b.size()
[[nodiscard]] inline std::vector<double> differences(const std::vector<double>& a,
                                                     const std::vector<double>& b) {
  REQUIRE(a.size() == b.size());
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = a[i] - b[i];
  return d;
}

// The 99.9% Student-t interval of the replication figures contains `exact`.
inline void check_contains(const std::string& what, const std::vector<double>& samples,
                           double exact) {
  const ConfidenceInterval ci = student_t_interval(samples, kConfidence);
  INFO(what << ": theory " << exact << ", simulated " << ci.mean << " +- " << ci.half_width
            << " (99.9%, " << samples.size() << " replications"
            << (exact != 0.0
                    ? "; half-width " + std::to_string(100.0 * ci.half_width / std::abs(exact)) +
                          "% of theory"
                    : std::string())
            << ")");
  CHECK(ci.contains(exact));
}

// A paired difference that theory says is 0 on average: its 99.9% interval
// contains 0 AND its half-width is below `resolution`, the smallest difference the
// comparison is meant to detect. Without the second check a wide interval (too
// few replications, a pairing that no longer pairs) would pass vacuously; with it,
// a true difference of 2·resolution would have put the interval clear of 0.
inline void check_no_difference(const std::string& what, const std::vector<double>& samples,
                                double resolution) {
  const ConfidenceInterval ci = student_t_interval(samples, kConfidence);
  INFO(what << ": simulated difference " << ci.mean << " +- " << ci.half_width << " (99.9%, "
            << samples.size() << " paired replications), resolution " << resolution);
  CHECK(ci.contains(0.0));
  CHECK(ci.half_width < resolution);
}

// The 99.9% Student-t interval of the replication figures lies strictly above 0
// (for paired differences: the first variant is significantly larger).
inline void check_positive(const std::string& what, const std::vector<double>& samples) {
  const ConfidenceInterval ci = student_t_interval(samples, kConfidence);
  INFO(what << ": simulated difference " << ci.mean << " +- " << ci.half_width << " (99.9%, "
            << samples.size() << " paired replications)");
  CHECK(ci.lo() > 0.0);
}

// One visit as it leaves its service.
struct VisitRecord {
  std::uint32_t workload = 0;
  mesh::EndpointRef endpoint;
  double work_s = 0.0;      // its own work, as drawn
  double wait_s = 0.0;      // in the waiting room
  double response_s = 0.0;  // waiting + work + downstream calls
  mesh::Outcome outcome = mesh::Outcome::kOk;
};

// Hands every visit created at or after warmup_s to `on_visit` when it departs.
// The observer sees no clock, so the time of a visit's creation is taken as the
// latest request arrival: exact for entry visits of open workloads (created at
// their request's arrival), a lower bound for visits created by calls.
class VisitTrace final : public mesh::RunObserver {
 public:
  VisitTrace(double warmup_s, std::function<void(const VisitRecord&)> on_visit)
      : warmup_s_(warmup_s), on_visit_(std::move(on_visit)) {}

  void on_request(std::uint32_t, std::uint64_t, double time_s) override { clock_s_ = time_s; }
  void on_visit(std::uint32_t, std::uint64_t key, mesh::EndpointRef, double work_s) override {
    if (clock_s_ >= warmup_s_) work_s_[key] = work_s;
  }
  void on_departure(std::uint32_t workload, std::uint64_t key, mesh::EndpointRef endpoint,
                    double wait_s, double response_s, mesh::Outcome outcome) override {
    const auto it = work_s_.find(key);
    if (it == work_s_.end()) return;  // created during the warmup
    on_visit_(VisitRecord{workload, endpoint, it->second, wait_s, response_s, outcome});
    work_s_.erase(it);
  }

 private:
  double warmup_s_;
  std::function<void(const VisitRecord&)> on_visit_;
  double clock_s_ = 0.0;
  std::unordered_map<std::uint64_t, double> work_s_;  // live post-warmup visits by key
};

// Runs replication r of `text` on the native engine, handing each post-warmup visit
// to `on_visit` as it departs. Returns the run's result; the run must complete.
inline mesh::RunResult trace(const std::string& text, std::uint32_t replication,
                             const std::function<void(const VisitRecord&)>& on_visit) {
  const scenario::LoadedScenario loaded = load(text, replication);
  VisitTrace observer(loaded.graph.warmup_s, on_visit);
  mesh::Simulation simulation(loaded.graph);
  simulation.set_observer(&observer);
  mesh::RunResult result = simulation.run();
  REQUIRE(result.status == mesh::RunStatus::kCompleted);
  return result;
}

}  // namespace surge::replications
