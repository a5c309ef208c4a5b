// `surge plan`'s search (docs/plan.md): the fewest instances (or workers) per
// planned service for which every SLO holds in at least the pass ratio of the
// replications.
//
// 1. Analytic start (models/analytic): every target at its lower bound, then
//    each service whose utilization at the peak rates is >= 1 raised to the
//    smallest count that brings it below 1 (holding utilization, calls
//    included; work utilization while a callee is saturated), repeated until
//    nothing changes, since a callee's count changes its callers' holding times.
// 2. Up: while the candidate fails, every target grows by half (at least one,
//    at most its upper bound); failing at every upper bound is infeasible.
// 3. Down: coordinate descent, the dearest target first: for each, the smallest
//    count in [min, current] that still passes with the others fixed (probe one
//    fewer, then bisect, assuming more capacity never hurts), repeated over all
//    targets until a whole pass changes nothing.
// 4. Evidence: the plan, and the plan with one fewer of each target.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "sim/sweep/plan_evaluator.hpp"
#include "sim/sweep/plan_spec.hpp"

namespace surge::sweep {

struct PlanOutcome {
  bool feasible = false;
  Candidate start;  // the analytic start
  std::vector<std::uint32_t> max;  // the upper bound of each target
  Candidate plan;  // feasible: the plan; else the upper bounds
  const Evaluation* at_plan = nullptr;
  std::vector<const Evaluation*> one_fewer;  // per target; nullptr at its lower bound
};

// Step 1 alone. Fills in each target's default upper bound in `max`.
[[nodiscard]] Candidate analytic_start(const PlanSpec& spec, std::vector<std::uint32_t>& max);

[[nodiscard]] PlanOutcome run_plan(const PlanSpec& spec, CandidateEvaluator& evaluator);

// The plan file (docs/plan.md, "The plan file").
[[nodiscard]] nlohmann::json plan_document(const PlanSpec& spec, const PlanOutcome& outcome,
                                           const CandidateEvaluator& evaluator);

// What a target's planned count costs: weight x units (instances, or the
// workers of every instance).
[[nodiscard]] double target_cost(const PlanSpec& spec, std::size_t target, std::uint32_t count);

}  // namespace surge::sweep
