// Visit ratios: how many visits each endpoint receives per user request (or per
// session user) of a workload, from the traffic equations V = e + V P
// (docs/analytic.md, "Traffic equations").
//
// Endpoints are numbered service by service, endpoint by endpoint, in the model
// graph's order (EndpointNumbering). P(g, h) is the expected number of calls from
// one visit of g to h: the sum over g's calls to h of probability x count. The
// system (I - P)^T V^T = e^T is solved by LU with pivoting: the loader keeps the
// call graph acyclic (I - P is then unitriangular up to an ordering), but nothing
// here relies on it. Retries are not counted: in a stable scenario calls succeed.
#pragma once

#include <cstdint>
#include <vector>

#include "models/mesh/model_graph.hpp"

namespace surge::analytic {

class EndpointNumbering {
 public:
  explicit EndpointNumbering(const mesh::ModelGraph& graph);
  [[nodiscard]] std::size_t size() const { return service_of_.size(); }
  [[nodiscard]] std::size_t index(mesh::EndpointRef ref) const {
    return first_[ref.service] + ref.endpoint;
  }
  [[nodiscard]] std::uint32_t service_of(std::size_t g) const { return service_of_[g]; }
  [[nodiscard]] std::uint32_t endpoint_of(std::size_t g) const { return endpoint_of_[g]; }

 private:
  std::vector<std::size_t> first_;
  std::vector<std::uint32_t> service_of_, endpoint_of_;
};

// The mean number of calls of step `step` of a session script (its repeat's mean, 1
// when absent).
[[nodiscard]] double mean_repeats(const mesh::ScriptStep& step);

// Visits per request of each workload: out[w][g] for endpoint g. A sessions
// workload's unit is one user following the script once (each step's mean repeats).
[[nodiscard]] std::vector<std::vector<double>> visit_ratios(const mesh::ModelGraph& graph,
                                                            const EndpointNumbering& numbering);

}  // namespace surge::analytic
