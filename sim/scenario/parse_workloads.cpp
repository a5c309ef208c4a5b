#include "sim/scenario/parse_workloads.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

#include "sim/kernel/time.hpp"
#include "sim/scenario/object_reader.hpp"
#include "sim/scenario/parse_arrivals.hpp"
#include "sim/scenario/parse_distribution.hpp"
#include "sim/scenario/parse_retry.hpp"
#include "sim/scenario/parse_sessions.hpp"

namespace surge::scenario {
namespace {

using nlohmann::json;

const std::vector<std::string> kKinds = {"open", "closed", "sessions"};
const std::vector<std::string> kArrivals = {"poisson", "deterministic"};
// Users of one closed workload: each is a record alive for the whole run.
constexpr std::uint64_t kMaxPopulation = 10'000'000;

void parse_client(mesh::ClientSpec& client, const json& value, const std::string& pointer,
                  Problems& problems) {
  ObjectReader reader(value, pointer, problems);
  if (!reader.valid()) return;
  client.timeout_s = reader.number("timeout_s", mesh::kNoTimeout, Range{0.0, kMaxSeconds, true});
  if (const json* retry = reader.get("retry")) {
    client.retry = parse_retry(*retry, reader.child("retry"), problems);
  }
  reader.finish();
}

// A closed workload: `population` users, each thinking `think_s` between its requests.
void parse_closed_users(mesh::WorkloadSpec& workload, ObjectReader& reader, Problems& problems) {
  workload.kind = mesh::WorkloadKind::kClosed;
  if (const auto population = reader.required_integer("population", 1, kMaxPopulation)) {
    workload.population = static_cast<std::uint32_t>(*population);
  }
  if (const json* think = reader.require("think_s")) {
    if (auto d = parse_distribution(*think, reader.child("think_s"), Quantity::kDuration, problems)) {
      workload.think_s = *d;
      // A user who never thinks could call again in the same instant forever (an
      // entry that fails at once): simulated time would stop.
      if (!(d->mean() > 0.0)) {
        reader.fail("think_s", "a closed user needs a think time with a positive mean: "
                               "use, e.g., {\"dist\": \"exponential\", \"mean_s\": 1}");
      }
    }
  }
}

// An open workload: arrivals by a rate curve, a Hawkes process or a trace.
void parse_open_arrivals(mesh::WorkloadSpec& workload, ObjectReader& reader, ParseContext& ctx) {
  workload.kind = mesh::WorkloadKind::kOpen;
  const json* rate = reader.require("rate");
  if (rate) workload.arrivals = parse_arrivals(*rate, reader.child("rate"), ctx);
  const std::string arrivals = reader.choice("arrivals", "poisson", kArrivals);
  if (arrivals == "deterministic") {
    if (rate && workload.arrivals.kind != demand::ArrivalSpec::Kind::kRate) {
      reader.fail("arrivals",
                  "\"deterministic\" spaces the arrivals of a rate curve; it does "
                  "not apply to hawkes or timestamps");
    }
    workload.arrivals.deterministic = true;
  }
}

void parse_workload(mesh::WorkloadSpec& workload, const json& value, const std::string& pointer,
                    const EndpointIndex& endpoints, ParseContext& ctx) {
  Problems& problems = *ctx.problems;
  ObjectReader reader(value, pointer, problems);
  if (!reader.valid()) return;
  const std::string kind = reader.choice("kind", "open", kKinds);
  if (kind == "sessions") {
    parse_session_users(workload, reader, endpoints, ctx);
    workload.priority = static_cast<std::uint32_t>(
        reader.integer("priority", 1, 0, std::numeric_limits<std::uint32_t>::max()));
    if (const json* client = reader.get("client")) {
      parse_session_client(workload, *client, reader.child("client"), problems);
    }
    reader.finish();
    return;
  }
  if (const json* entry = reader.require("entry")) {
    if (entry->is_string()) workload.entry_name = entry->get<std::string>();
    if (const auto ref = endpoints.resolve(*entry, reader.child("entry"), problems)) {
      workload.entry = *ref;
    }
  }
  if (kind == "closed") {
    parse_closed_users(workload, reader, problems);
  } else {
    parse_open_arrivals(workload, reader, ctx);
  }
  workload.priority = static_cast<std::uint32_t>(
      reader.integer("priority", 1, 0, std::numeric_limits<std::uint32_t>::max()));
  if (const json* client = reader.get("client")) {
    parse_client(workload.client, *client, reader.child("client"), problems);
  }
  reader.finish();
}

}  // namespace

std::vector<mesh::WorkloadSpec> parse_workloads(const json& value, const std::string& pointer,
                                                const EndpointIndex& endpoints, ParseContext& ctx) {
  std::vector<mesh::WorkloadSpec> out;
  if (!value.is_object() || value.empty()) {
    ctx.problems->add(pointer, fmt::format("expected an object of workloads (at least one), "
                                           "got {}",
                                           describe(value)));
    return out;
  }
  for (const auto& [name, workload_value] : value.items()) {
    const std::string at = child_pointer(pointer, name);
    check_name(name, at, "workload", *ctx.problems);
    mesh::WorkloadSpec workload;
    workload.name = name;
    parse_workload(workload, workload_value, at, endpoints, ctx);
    out.push_back(std::move(workload));
  }
  return out;
}

std::vector<mesh::SloSpec> parse_slo(const json& value, const std::string& pointer,
                                     const std::vector<mesh::WorkloadSpec>& workloads,
                                     Problems& problems) {
  std::vector<mesh::SloSpec> out;
  if (!value.is_array()) {
    problems.add(pointer, fmt::format("expected a list of SLOs, got {}", describe(value)));
    return out;
  }
  std::vector<std::string> names;
  names.reserve(workloads.size());
  for (const auto& w : workloads) names.push_back(w.name);
  const Range latency{0.0, kMaxSeconds, true};
  for (std::size_t i = 0; i < value.size(); ++i) {
    ObjectReader reader(value[i], child_pointer(pointer, std::to_string(i)), problems);
    if (!reader.valid()) continue;
    mesh::SloSpec slo;
    if (const auto name = reader.required_string("workload")) {
      const auto it = std::find(names.begin(), names.end(), *name);
      if (it == names.end()) {
        reader.problems().add_lazily(reader.child("workload"), [&] {
          return fmt::format("no workload {}{}", describe(json(*name)), did_you_mean(*name, names));
        });
      } else {
        slo.workload = static_cast<std::uint32_t>(it - names.begin());
      }
    }
    slo.mean_s = reader.optional_number("mean_s", latency);
    slo.p50_s = reader.optional_number("p50_s", latency);
    slo.p90_s = reader.optional_number("p90_s", latency);
    slo.p99_s = reader.optional_number("p99_s", latency);
    slo.success_ratio = reader.optional_number("success_ratio", Range{0.0, 1.0});
    const bool any = reader.get("mean_s") || reader.get("p50_s") || reader.get("p90_s") ||
                     reader.get("p99_s") || reader.get("success_ratio");
    if (!any) {
      problems.add(reader.pointer(),
                   "an SLO needs at least one of mean_s, p50_s, p90_s, p99_s, "
                   "success_ratio");
    }
    reader.finish();
    out.push_back(slo);
  }
  return out;
}

}  // namespace surge::scenario
