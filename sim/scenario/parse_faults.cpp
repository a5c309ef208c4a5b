#include "sim/scenario/parse_faults.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <string_view>

#include "sim/kernel/time.hpp"
#include "sim/scenario/did_you_mean.hpp"
#include "sim/scenario/object_reader.hpp"
#include "sim/scenario/unsupported.hpp"

namespace surge::scenario {
namespace {

using nlohmann::json;

// Every kind of the design (docs/model.md, "Faults"). Random crashes are a
// `crash` with mtbf_s and mttr_s.
const std::vector<std::string> kKinds = {"crash", "slow", "error", "flush", "partition"};

// A slow fault's factor is at most this: beyond, a visit's work would overflow
// the engine's time range long before the run ends.
constexpr double kMaxSlowFactor = 1e6;

// The service of `name` when it reads "service.endpoint" with an existing
// service, else nullptr.
const mesh::ServiceSpec* endpoint_owner(const std::string& name,
                                        const std::vector<mesh::ServiceSpec>& services) {
  const std::size_t dot = name.find('.');
  if (dot == std::string::npos) return nullptr;
  const std::string_view prefix = std::string_view(name).substr(0, dot);
  const auto it = std::find_if(services.begin(), services.end(),
                               [&](const mesh::ServiceSpec& s) { return s.name == prefix; });
  return it == services.end() ? nullptr : &*it;
}

struct FaultContext {
  const std::vector<mesh::ServiceSpec>* services;
  // The most instances a crash may take down (the file's count, or its autoscale max),
  // when readable.
  const std::vector<std::optional<std::uint32_t>>* instances;
  const EndpointIndex* index;
  std::optional<double> duration_s;
};

// at_s (required, before the end of the run) and, unless `instant`, duration_s.
void parse_window(faults::FaultSpec& fault, ObjectReader& reader, const FaultContext& ctx,
                  bool instant) {
  if (const auto at = reader.required_number("at_s", Range{0.0, kMaxSeconds})) {
    fault.at_s = *at;
    // Compared in the engine's own time, whole nanoseconds: an at_s a hair below
    // duration_s still rounds to the end of the run, where no event runs.
    if (ctx.duration_s && from_seconds(*at) >= from_seconds(*ctx.duration_s)) {
      reader.fail("at_s", fmt::format("must be less than duration_s ({}): the fault would never "
                                      "happen (both in whole nanoseconds; got {})",
                                      *ctx.duration_s, *at));
    }
  }
  if (!instant) fault.duration_s = reader.optional_duration("duration_s").value_or(faults::kForever);
}

// The service named at `key` (a service, not an endpoint), or nullopt after
// reporting why not (nothing reported when the key is absent and not required).
std::optional<std::uint32_t> read_service(ObjectReader& reader, std::string_view key,
                                          bool required, const FaultContext& ctx,
                                          std::string* name_out = nullptr) {
  std::optional<std::string> name;
  if (required) {
    name = reader.required_string(key);
  } else if (const json* v = reader.get(key)) {
    if (v->is_string()) {
      name = v->get<std::string>();
    } else {
      reader.fail(key, fmt::format("expected a service name, got {}", describe(*v)));
    }
  }
  if (!name) return std::nullopt;
  if (name_out) *name_out = *name;
  if (const mesh::ServiceSpec* owner = endpoint_owner(*name, *ctx.services)) {
    // "db.read": a fault strikes a whole service.
    reader.fail(key, fmt::format("expected a service name, got the endpoint \"{}\" (did you "
                                 "mean \"{}\"?)",
                                 *name, owner->name));
    return std::nullopt;
  }
  return ctx.index->resolve_service(*name, reader.child(key), reader.problems());
}

// A crash (at_s, duration_s, service, instances) or a flush (at_s, service: a
// session store).
void parse_crash(faults::FaultSpec& fault, ObjectReader& reader, const FaultContext& ctx) {
  const bool flush = fault.kind == faults::FaultKind::kFlush;
  parse_window(fault, reader, ctx, /*instant=*/flush);
  std::optional<std::uint32_t> service_instances;  // when the file's count is known
  if (const auto index = read_service(reader, "service", true, ctx, &fault.service_name)) {
    fault.service = *index;
    service_instances = (*ctx.instances)[*index];
    if (flush && (*ctx.services)[*index].kind != mesh::ServiceKind::kSessionStore) {
      reader.fail("service", fmt::format("a flush wipes a session store's sessions; {} is not "
                                         "one (\"kind\": \"session_store\")",
                                         fault.service_name));
    }
  }
  if (flush) return;  // every instance loses its sessions, at one instant

  // No upper bound here: a count above the service's own is reported below,
  // naming the service. The default 1 always fits.
  const std::uint64_t instances = reader.integer("instances", 1, 1, ObjectReader::kNoIntegerMax);
  if (service_instances && instances > *service_instances) {
    reader.fail("instances", fmt::format("expected at most {} (the instances of service {}), got {}",
                                         *service_instances, fault.service_name, instances));
  }
  fault.instances = static_cast<std::uint32_t>(
      std::min<std::uint64_t>(instances, std::numeric_limits<std::uint32_t>::max()));
}

// A random crash: {"kind": "crash", "service", "mtbf_s", "mttr_s"}, on every
// instance the service starts with, for the whole run.
void parse_random_crash(faults::FaultSpec& fault, ObjectReader& reader, const FaultContext& ctx) {
  for (const char* key : {"at_s", "duration_s", "instances"}) {
    if (!reader.get(key)) continue;
    reader.fail(key, fmt::format("random crashes (mtbf_s, mttr_s) strike every instance of the "
                                 "service for the whole run; remove {} (or, for a crash at a "
                                 "given time, remove mtbf_s and mttr_s)",
                                 key));
  }
  fault.mtbf_s = reader.required_duration("mtbf_s").value_or(0.0);
  fault.mttr_s = reader.required_duration("mttr_s").value_or(0.0);
  if (const auto index = read_service(reader, "service", true, ctx, &fault.service_name)) {
    fault.service = *index;
    fault.instances = (*ctx.services)[*index].instances;  // those it starts with, not its max
  }
}

// slow: factor (> 0) on the work of visits starting in the window; service
// optional (every service).
void parse_slow(faults::FaultSpec& fault, ObjectReader& reader, const FaultContext& ctx) {
  parse_window(fault, reader, ctx, false);
  fault.service = read_service(reader, "service", false, ctx, &fault.service_name)
                      .value_or(faults::kEveryService);
  fault.factor =
      reader.required_number("factor", Range{0.0, kMaxSlowFactor, /*min_open=*/true}).value_or(1.0);
}

// error: probability in [0, 1] that a visit whose work ends in the window fails;
// service optional (every service), endpoint optional (needs the service).
void parse_error(faults::FaultSpec& fault, ObjectReader& reader, const FaultContext& ctx) {
  parse_window(fault, reader, ctx, false);
  const auto service = read_service(reader, "service", false, ctx, &fault.service_name);
  fault.service = service.value_or(faults::kEveryService);
  fault.probability = reader.required_number("probability", Range{0.0, 1.0}).value_or(0.0);
  const json* endpoint = reader.get("endpoint");
  if (endpoint == nullptr) return;
  if (!endpoint->is_string()) {
    reader.fail("endpoint", fmt::format("expected an endpoint name of the fault's service, got {}",
                                        describe(*endpoint)));
    return;
  }
  if (!reader.get("service")) {
    reader.fail("endpoint", "an endpoint filter needs the fault's \"service\": add it");
    return;
  }
  if (!service) return;  // reported above
  const std::vector<mesh::EndpointSpec>& endpoints = (*ctx.services)[*service].endpoints;
  std::vector<std::string> names;
  for (const mesh::EndpointSpec& e : endpoints) names.push_back(e.name);
  const auto it = std::find(names.begin(), names.end(), endpoint->get<std::string>());
  if (it == names.end()) {
    reader.fail("endpoint", fmt::format("service {} has no endpoint \"{}\"{}", fault.service_name,
                                        endpoint->get<std::string>(),
                                        did_you_mean(endpoint->get<std::string>(), names)));
    return;
  }
  fault.endpoint = static_cast<std::uint32_t>(it - names.begin());
}

// partition: calls from service `from` to service `to` (and back, when
// bidirectional) issued in the window fail at once with error.
void parse_partition(faults::FaultSpec& fault, ObjectReader& reader, const FaultContext& ctx) {
  parse_window(fault, reader, ctx, false);
  const auto from = read_service(reader, "from", true, ctx, &fault.service_name);
  const auto to = read_service(reader, "to", true, ctx);
  fault.bidirectional = reader.boolean("bidirectional", false);
  if (from && to && *from == *to) {
    reader.fail("to", fmt::format("a partition separates two services; from and to are both {} "
                                  "(a service's calls to itself cross no network)",
                                  fault.service_name));
  }
  fault.service = from.value_or(0);
  fault.to = to.value_or(0);
}

// One entry; nullopt when it could not be read.
std::optional<faults::FaultSpec> parse_fault(const json& value, const std::string& pointer,
                                             const FaultContext& ctx, Problems& problems) {
  ObjectReader reader(value, pointer, problems);
  if (!reader.valid()) return std::nullopt;
  std::string kind;
  if (reader.require("kind")) kind = reader.choice("kind", "", kKinds);
  const bool random = reader.get("mtbf_s") != nullptr || reader.get("mttr_s") != nullptr;
  if (random && !kind.empty() && kind != "crash") {
    reader.fail("kind", fmt::format("mtbf_s and mttr_s describe random crashes: expected \"kind\": "
                                    "\"crash\", got \"{}\"",
                                    kind));
  }
  if (kind.empty() || (random && kind != "crash")) {
    // The other keys depend on a kind that is missing or wrong.
    accept_all_keys(reader, value);
    return std::nullopt;
  }
  faults::FaultSpec fault;
  if (random) {
    fault.kind = faults::FaultKind::kRandomCrash;
    parse_random_crash(fault, reader, ctx);
  } else if (kind == "crash" || kind == "flush") {
    fault.kind = kind == "flush" ? faults::FaultKind::kFlush : faults::FaultKind::kCrash;
    parse_crash(fault, reader, ctx);
  } else if (kind == "slow") {
    fault.kind = faults::FaultKind::kSlow;
    parse_slow(fault, reader, ctx);
  } else if (kind == "error") {
    fault.kind = faults::FaultKind::kError;
    parse_error(fault, reader, ctx);
  } else {
    fault.kind = faults::FaultKind::kPartition;
    parse_partition(fault, reader, ctx);
  }
  reader.finish();
  return fault;
}

}  // namespace

std::vector<faults::FaultSpec> parse_faults(
    const json& value, const std::string& pointer, const std::vector<mesh::ServiceSpec>& services,
    const std::vector<std::optional<std::uint32_t>>& instances, const EndpointIndex& index,
    std::optional<double> duration_s, Problems& problems) {
  std::vector<faults::FaultSpec> out;
  if (!value.is_array()) {
    problems.add(pointer, fmt::format("expected a list of faults, got {}", describe(value)));
    return out;
  }
  const FaultContext ctx{&services, &instances, &index, duration_s};
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string at = child_pointer(pointer, std::to_string(i));
    auto fault = parse_fault(value[i], at, ctx, problems);
    if (!fault) continue;
    // A random crash's draws are keyed by its service: a second entry for the
    // same service would repeat the first one's failure times.
    const auto twin = std::find_if(out.begin(), out.end(), [&](const faults::FaultSpec& f) {
      return f.kind == faults::FaultKind::kRandomCrash &&
             fault->kind == faults::FaultKind::kRandomCrash && f.service == fault->service;
    });
    if (twin != out.end()) {
      problems.add(child_pointer(at, "service"),
                   fmt::format("service {} already has random crashes (mtbf_s, mttr_s) in an "
                               "earlier entry; keep one entry per service",
                               fault->service_name));
    }
    out.push_back(std::move(*fault));
  }
  return out;
}

}  // namespace surge::scenario
