#include "sim/scenario/parse_sessions.hpp"

#include <fmt/format.h>

#include <limits>
#include <nlohmann/json.hpp>

#include "sim/kernel/time.hpp"
#include "sim/scenario/parse_arrivals.hpp"
#include "sim/scenario/parse_distribution.hpp"

namespace surge::scenario {
namespace {

using nlohmann::json;

const std::vector<std::string> kArrivals = {"poisson", "deterministic"};

mesh::ScriptStep parse_step(const json& value, const std::string& pointer,
                            const EndpointIndex& endpoints, Problems& problems) {
  mesh::ScriptStep step;
  ObjectReader reader(value, pointer, problems);
  if (!reader.valid()) return step;
  if (const json* call = reader.require("call")) {
    if (call->is_string()) step.call_name = call->get<std::string>();
    if (const auto ref = endpoints.resolve(*call, reader.child("call"), problems)) step.call = *ref;
  }
  if (const json* repeat = reader.get("repeat")) {
    step.repeat = parse_distribution(*repeat, reader.child("repeat"), Quantity::kCount, problems);
  }
  if (const json* think = reader.get("think_s")) {
    if (auto d = parse_distribution(*think, reader.child("think_s"), Quantity::kDuration, problems))
      step.think_s = *d;
  }
  reader.finish();
  return step;
}

}  // namespace

void parse_session_users(mesh::WorkloadSpec& workload, ObjectReader& reader,
                         const EndpointIndex& endpoints, ParseContext& ctx) {
  Problems& problems = *ctx.problems;
  workload.kind = mesh::WorkloadKind::kSessions;
  if (const json* users = reader.require("users")) {
    ObjectReader users_reader(*users, reader.child("users"), problems);
    if (users_reader.valid()) {
      const json* rate = users_reader.require("rate");
      if (rate) workload.arrivals = parse_arrivals(*rate, users_reader.child("rate"), ctx);
      if (users_reader.choice("arrivals", "poisson", kArrivals) == "deterministic") {
        if (rate && workload.arrivals.kind != demand::ArrivalSpec::Kind::kRate) {
          users_reader.fail("arrivals", "\"deterministic\" spaces the arrivals of a rate curve; "
                                        "it does not apply to hawkes or timestamps");
        }
        workload.arrivals.deterministic = true;
      }
      users_reader.finish();
    }
  }
  const json* script = reader.require("script");
  if (script == nullptr) return;
  const std::string at = reader.child("script");
  if (!script->is_array() || script->empty() || script->size() > kMaxScriptSteps) {
    problems.add(at, fmt::format("expected a list of 1 to {} steps, the first the login "
                                 "(e.g. [{{\"call\": \"gateway.login\"}}, {{\"call\": "
                                 "\"gateway.chat\", \"repeat\": …}}]), got {}",
                                 kMaxScriptSteps, describe(*script)));
    return;
  }
  for (std::size_t i = 0; i < script->size(); ++i) {
    workload.sessions.script.push_back(
        parse_step((*script)[i], child_pointer(at, std::to_string(i)), endpoints, problems));
  }
  workload.entry = workload.sessions.script.front().call;
  workload.entry_name = workload.sessions.script.front().call_name;
}

void parse_session_client(mesh::WorkloadSpec& workload, const json& value,
                          const std::string& pointer, Problems& problems) {
  ObjectReader reader(value, pointer, problems);
  if (!reader.valid()) return;
  workload.client.timeout_s =
      reader.number("timeout_s", mesh::kNoTimeout, Range{0.0, kMaxSeconds, true});
  if (reader.get("retry")) {
    reader.fail("retry", "a sessions client retries a failed step by `on_failure` "
                         "(retry_after_s, abandon_after), not by `retry`");
  }
  if (const json* on_failure = reader.get("on_failure")) {
    ObjectReader failure(*on_failure, reader.child("on_failure"), problems);
    if (failure.valid()) {
      if (const json* after = failure.get("retry_after_s")) {
        if (auto d = parse_distribution(*after, failure.child("retry_after_s"),
                                        Quantity::kDuration, problems)) {
          workload.sessions.retry_after_s = *d;
        }
      }
      workload.sessions.abandon_after = static_cast<std::uint32_t>(
          failure.integer("abandon_after", workload.sessions.abandon_after, 1, 1'000'000));
      failure.finish();
    }
  }
  reader.finish();
}

}  // namespace surge::scenario
