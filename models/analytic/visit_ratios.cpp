#include "models/analytic/visit_ratios.hpp"

#include <Eigen/Dense>

namespace surge::analytic {

EndpointNumbering::EndpointNumbering(const mesh::ModelGraph& graph) {
  for (std::uint32_t s = 0; s < graph.services.size(); ++s) {
    first_.push_back(service_of_.size());
    for (std::uint32_t e = 0; e < graph.services[s].endpoints.size(); ++e) {
      service_of_.push_back(s);
      endpoint_of_.push_back(e);
    }
  }
}

double mean_repeats(const mesh::ScriptStep& step) {
  return step.repeat ? step.repeat->mean() : 1.0;
}

std::vector<std::vector<double>> visit_ratios(const mesh::ModelGraph& graph,
                                              const EndpointNumbering& numbering) {
  const auto n = static_cast<Eigen::Index>(numbering.size());
  Eigen::MatrixXd routing = Eigen::MatrixXd::Zero(n, n);
  for (std::size_t g = 0; g < numbering.size(); ++g) {
    const auto& endpoint =
        graph.services[numbering.service_of(g)].endpoints[numbering.endpoint_of(g)];
    for (const auto& call : endpoint.calls)
      routing(static_cast<Eigen::Index>(g), static_cast<Eigen::Index>(numbering.index(call.to))) +=
          call.probability * static_cast<double>(call.count);
  }
  const Eigen::MatrixXd system = (Eigen::MatrixXd::Identity(n, n) - routing).transpose();
  const Eigen::PartialPivLU<Eigen::MatrixXd> lu(system);

  std::vector<std::vector<double>> out;
  for (const auto& w : graph.workloads) {
    Eigen::VectorXd external = Eigen::VectorXd::Zero(n);
    if (w.kind == mesh::WorkloadKind::kSessions) {
      for (const auto& step : w.sessions.script)
        external(static_cast<Eigen::Index>(numbering.index(step.call))) += mean_repeats(step);
    } else {
      external(static_cast<Eigen::Index>(numbering.index(w.entry))) = 1.0;
    }
    const Eigen::VectorXd v = n == 0 ? external : Eigen::VectorXd(lu.solve(external));
    out.emplace_back(v.data(), v.data() + v.size());
  }
  return out;
}

}  // namespace surge::analytic
