#include "sim/simgrid/coverage.hpp"

#include <fmt/format.h>

namespace surge::simgrid {
namespace {

class Refusals {
 public:
  void add(std::string pointer, std::string_view feature) {
    list_.push_back(Refusal{
        std::move(pointer),
        fmt::format("not supported by --engine simgrid yet: {} (docs/simgrid.md lists what "
                    "it covers); run it with --engine native",
                    feature)});
  }
  std::vector<Refusal> take() { return std::move(list_); }

 private:
  std::vector<Refusal> list_;
};

void check_call(const mesh::CallSpec& call, const std::string& at, Refusals& out) {
  if (call.parallel) out.add(at + "/parallel", "a parallel call");
  if (call.retry.enabled()) out.add(at + "/retry", "a call's retries");
  if (call.circuit_breaker) out.add(at + "/circuit_breaker", "a circuit breaker");
}

void check_service(const mesh::ServiceSpec& s, Refusals& out) {
  const std::string at = "/services/" + s.name;
  if (s.kind != mesh::ServiceKind::kStandard) out.add(at + "/kind", "a service kind other than standard");
  if (s.discipline != mesh::Discipline::kFifo) out.add(at + "/discipline", "a discipline other than fifo");
  if (s.rate_limit) out.add(at + "/rate_limit", "a rate limit");
  if (s.shed) out.add(at + "/shed", "shedding");
  if (!s.bulkheads.empty()) out.add(at + "/bulkheads", "bulkheads");
  if (s.autoscale) out.add(at + "/autoscale", "autoscaling");
  for (const mesh::EndpointSpec& e : s.endpoints) {
    for (std::size_t c = 0; c < e.calls.size(); ++c)
      check_call(e.calls[c], fmt::format("{}/endpoints/{}/calls/{}", at, e.name, c), out);
  }
}

}  // namespace

std::vector<Refusal> unsupported_features(const mesh::ModelGraph& graph) {
  Refusals out;
  for (const mesh::ServiceSpec& s : graph.services) check_service(s, out);
  for (const mesh::WorkloadSpec& w : graph.workloads) {
    const std::string at = "/workloads/" + w.name;
    if (w.kind != mesh::WorkloadKind::kOpen) out.add(at + "/kind", "a closed or sessions workload");
    if (w.client.retry.enabled()) out.add(at + "/client/retry", "a client's retries");
  }
  for (std::size_t f = 0; f < graph.faults.size(); ++f) {
    // A flush wipes a session store's sessions, and session stores are refused.
    if (graph.faults[f].kind == faults::FaultKind::kFlush)
      out.add(fmt::format("/faults/{}/kind", f), "a flush fault (it needs session stores)");
  }
  if (graph.limits.max_events != 0) out.add("/limits/max_events", "limits.max_events");
  return out.take();
}

}  // namespace surge::simgrid
