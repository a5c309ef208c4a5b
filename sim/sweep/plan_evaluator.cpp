#include "sim/sweep/plan_evaluator.hpp"

#include <fmt/format.h>

#include <atomic>
#include <exception>
#include <thread>

#include "sim/scenario/run.hpp"

namespace surge::sweep {
namespace {

using nlohmann::json;

// The report's value at latency_s/KEY, or null.
json latency(const json& workload, const char* key) {
  const auto it = workload.find("latency_s");
  if (it == workload.end() || !it->is_object()) return nullptr;
  return it->value(key, json(nullptr));
}

ReplicationOutcome outcome_of(const json& report, const mesh::ModelGraph& graph) {
  ReplicationOutcome out;
  out.aborted = report.at("run").value("status", "") == "aborted";
  out.met = !out.aborted;
  if (out.aborted) out.violations.push_back("run aborted: " + report.at("run").value("reason", ""));
  out.figures = json::object();
  const json& workloads = report.at("workloads");
  for (const mesh::SloSpec& slo : graph.slo) {
    const std::string& name = graph.workloads[slo.workload].name;
    const json& w = workloads.at(name);
    json& figures = out.figures[name];
    if (figures.is_null()) figures = json::object();
    if (slo.mean_s) figures["mean_s"] = latency(w, "mean");
    if (slo.p50_s) figures["p50_s"] = latency(w, "p50");
    if (slo.p90_s) figures["p90_s"] = latency(w, "p90");
    if (slo.p99_s) figures["p99_s"] = latency(w, "p99");
    if (slo.success_ratio) {
      const auto offered = w.value("offered", std::uint64_t{0});
      figures["success_ratio"] =
          offered == 0 ? json(nullptr)
                       : json(static_cast<double>(w.value("succeeded", std::uint64_t{0})) /
                              static_cast<double>(offered));
    }
  }
  // Each workload's verdict once, in the report's (sorted) order.
  for (const auto& [name, w] : workloads.items()) {
    if (!w.contains("slo")) continue;
    const json& verdict = w.at("slo");
    if (verdict.value("met", false)) continue;
    out.met = false;
    for (const json& v : verdict.value("violations", json::array()))
      out.violations.push_back(name + ": " + v.get<std::string>());
  }
  return out;
}

}  // namespace

double Evaluation::pass_ratio() const {
  if (replications.empty()) return 0.0;
  return static_cast<double>(passed) / static_cast<double>(replications.size());
}

json candidate_document(const PlanSpec& spec, const Candidate& counts) {
  json document = spec.base.input;
  for (std::size_t i = 0; i < spec.targets.size(); ++i) {
    const PlanTarget& t = spec.targets[i];
    document["services"][t.service][quantity_name(t.quantity)] = counts[i];
  }
  return document;
}

CandidateEvaluator::CandidateEvaluator(const PlanSpec& spec, unsigned threads)
    : spec_(&spec), threads_(std::max(1u, threads)) {}

bool CandidateEvaluator::passes(const Evaluation& e) const {
  // passed / R >= ratio, in integers where the ratio allows: no rounding at 0.8 x 5.
  return e.invalid.empty() && static_cast<double>(e.passed) >=
                                  spec_->pass_ratio * static_cast<double>(spec_->replications) -
                                      1e-9;
}

std::vector<const Evaluation*> CandidateEvaluator::evaluate(
    const std::vector<Candidate>& candidates) {
  // Load each new candidate's scenario; its replications become jobs.
  struct Job {
    Evaluation* evaluation;
    const scenario::LoadedScenario* scenario;
    std::uint32_t replication;
  };
  std::vector<Evaluation*> fresh;
  std::vector<std::unique_ptr<scenario::LoadedScenario>> loaded;
  std::vector<Job> jobs;
  for (const Candidate& c : candidates) {
    auto& slot = cache_[c];
    if (slot) continue;
    slot = std::make_unique<Evaluation>();
    slot->counts = c;
    fresh.push_back(slot.get());
    scenario::LoadOptions options;
    options.base_dir = spec_->base_dir;
    scenario::LoadResult result =
        scenario::load_scenario_text(candidate_document(*spec_, c).dump(), options);
    if (!result.scenario) {
      const scenario::Problem& p = result.problems.list().front();
      slot->invalid = p.where.empty() ? p.reason : p.where + ": " + p.reason;
      continue;
    }
    slot->replications.resize(spec_->replications);
    loaded.push_back(std::make_unique<scenario::LoadedScenario>(std::move(*result.scenario)));
    for (std::uint64_t r = 0; r < spec_->replications; ++r)
      jobs.push_back(Job{slot.get(), loaded.back().get(), static_cast<std::uint32_t>(r)});
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::string> errors(jobs.size());
  const auto work = [&] {
    for (std::size_t k; (k = next.fetch_add(1)) < jobs.size();) {
      const Job& job = jobs[k];
      try {
        scenario::LoadedScenario copy = *job.scenario;
        copy.graph.replication = job.replication;
        job.evaluation->replications[job.replication] =
            outcome_of(scenario::run_to_report(copy), copy.graph);
      } catch (const std::exception& e) {
        errors[k] = e.what();
      }
    }
  };
  const unsigned threads = static_cast<unsigned>(
      std::min<std::size_t>(threads_, std::max<std::size_t>(1, jobs.size())));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  for (std::size_t k = 0; k < jobs.size(); ++k)
    if (!errors[k].empty()) throw std::runtime_error(errors[k]);

  for (Evaluation* e : fresh) {
    for (const ReplicationOutcome& r : e->replications) e->passed += r.met ? 1 : 0;
    tried_.push_back(e);
    if (on_evaluated) on_evaluated(*e);
  }
  std::vector<const Evaluation*> out;
  for (const Candidate& c : candidates) out.push_back(cache_.at(c).get());
  return out;
}

}  // namespace surge::sweep
