// Judging a candidate of `surge plan`: the scenario with the planned quantities
// set, run `replications` times (replication r with the scenario's seed and
// index r: common random numbers across candidates), and whether every SLO held
// in at least the pass ratio of them.
//
// Determinism: a candidate's replications are assembled by index, never by
// completion order, and each candidate is evaluated once (a cache keyed by its
// counts), so the outcome is the same for any thread count.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/sweep/plan_spec.hpp"

namespace surge::sweep {

// The planned quantity of each target, in the order of PlanSpec::targets.
using Candidate = std::vector<std::uint32_t>;

struct ReplicationOutcome {
  bool met = false;       // every SLO of the scenario held (and the run completed)
  bool aborted = false;   // a `limits` key stopped the run: counted as not met
  std::vector<std::string> violations;  // "WORKLOAD: p99_s: 2.31 > 2", ...
  // Per workload with an SLO, the measured figure of each target it names:
  // {"W": {"mean_s": x, "p99_s": y, "success_ratio": z}} (null: no successes).
  nlohmann::json figures;
};

struct Evaluation {
  Candidate counts;
  std::string invalid;  // non-empty: the scenario is invalid at these counts (why)
  std::vector<ReplicationOutcome> replications;
  std::uint64_t passed = 0;
  [[nodiscard]] double pass_ratio() const;
};

class CandidateEvaluator {
 public:
  // REQUIRES: threads >= 1.
  CandidateEvaluator(const PlanSpec& spec, unsigned threads);
  // Evaluates the candidates not evaluated before (all their replications spread
  // over the threads) and returns every candidate's evaluation, in order.
  std::vector<const Evaluation*> evaluate(const std::vector<Candidate>& candidates);
  [[nodiscard]] bool passes(const Evaluation& e) const;
  // Every evaluation, in the order first asked for.
  [[nodiscard]] const std::vector<const Evaluation*>& tried() const { return tried_; }
  // Called on the calling thread after each new evaluation.
  std::function<void(const Evaluation&)> on_evaluated;

 private:
  const PlanSpec* spec_;
  unsigned threads_;
  std::map<Candidate, std::unique_ptr<Evaluation>> cache_;
  std::vector<const Evaluation*> tried_;
};

// The scenario document with the candidate's quantities set.
[[nodiscard]] nlohmann::json candidate_document(const PlanSpec& spec, const Candidate& counts);

}  // namespace surge::sweep
