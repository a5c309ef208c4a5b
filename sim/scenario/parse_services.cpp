#include "sim/scenario/parse_services.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "sim/kernel/time.hpp"
#include "sim/scenario/did_you_mean.hpp"
#include "sim/scenario/object_reader.hpp"
#include "sim/scenario/parse_autoscale.hpp"
#include "sim/scenario/parse_distribution.hpp"
#include "sim/scenario/parse_gpu_batch.hpp"
#include "sim/scenario/parse_network.hpp"
#include "sim/scenario/parse_protection.hpp"
#include "sim/scenario/parse_retry.hpp"
#include "sim/scenario/unsupported.hpp"

namespace surge::scenario {
namespace {

using nlohmann::json;

const std::vector<std::string> kKinds = {"standard", "session_store", "gpu_batch"};
const std::vector<std::string> kDisciplines = {"fifo", "lifo", "priority", "ps"};
const std::vector<std::string> kBalancers = {"round_robin", "random", "least_outstanding",
                                             "power_of_two_choices"};

// An integer per instance (workers, queue_capacity), or "unlimited".
std::uint32_t count_or_unlimited(ObjectReader& reader, std::string_view key, std::uint32_t fallback,
                                 std::uint64_t min) {
  const json* v = reader.get(key);
  if (!v) return fallback;
  if (v->is_string() && v->get<std::string>() == "unlimited") return mesh::kUnlimited;
  Problems scratch;
  if (v->is_number()) {
    if (const auto x = check_integer(*v, reader.child(key), min, kMaxPerInstance, scratch)) {
      return static_cast<std::uint32_t>(*x);
    }
  }
  reader.fail(key, fmt::format("expected an integer >= {} and <= {}, or \"unlimited\", got {}", min,
                               kMaxPerInstance, describe(*v)));
  return fallback;
}

mesh::CallSpec parse_call(const json& value, const std::string& pointer, Problems& problems) {
  mesh::CallSpec call;  // `to` is resolved later, from to_name
  ObjectReader reader(value, pointer, problems);
  if (!reader.valid()) return call;
  if (const json* to = reader.require("to")) {
    if (to->is_string() && !to->get<std::string>().empty()) {
      call.to_name = to->get<std::string>();
    } else {
      reader.fail("to", fmt::format("expected \"service.endpoint\", got {}", describe(*to)));
    }
  }
  call.probability = reader.number("probability", 1.0, Range{0.0, 1.0});
  call.count = static_cast<std::uint32_t>(reader.integer("count", 1, 1, kMaxCallCount));
  call.parallel = reader.boolean("parallel", false);
  call.timeout_s = reader.number("timeout_s", mesh::kNoTimeout, Range{0.0, kMaxSeconds, true});
  if (const json* retry = reader.get("retry")) {
    call.retry = parse_retry(*retry, reader.child("retry"), problems);
  }
  if (const json* breaker = reader.get("circuit_breaker")) {
    call.circuit_breaker =
        parse_circuit_breaker(*breaker, reader.child("circuit_breaker"), problems);
  }
  for (const char* key : {"request_bytes", "response_bytes"}) {
    const json* bytes = reader.get(key);
    if (bytes == nullptr) continue;
    if (auto d = parse_message_bytes(*bytes, reader.child(key), problems)) {
      (std::string_view(key) == "request_bytes" ? call.request_bytes : call.response_bytes) =
          std::move(*d);
    }
  }
  reader.finish();
  return call;
}

mesh::EndpointSpec parse_endpoint(const std::string& name, const json& value,
                                  const std::string& pointer, Problems& problems) {
  mesh::EndpointSpec endpoint;
  endpoint.name = name;
  ObjectReader reader(value, pointer, problems);
  if (!reader.valid()) return endpoint;
  if (const json* work = reader.get("work")) {
    if (auto d = parse_distribution(*work, reader.child("work"), Quantity::kDuration, problems)) {
      endpoint.work = std::move(*d);
    }
  }
  if (const json* calls = reader.get("calls")) {
    if (!calls->is_array()) {
      reader.fail("calls", fmt::format("expected a list of calls, got {}", describe(*calls)));
    } else if (calls->size() > kMaxCallsPerEndpoint) {
      reader.fail("calls", fmt::format("at most {} calls per endpoint, got {}: use `count` for "
                                       "copies of one call",
                                       kMaxCallsPerEndpoint, calls->size()));
    } else {
      const std::string calls_pointer = reader.child("calls");
      for (std::size_t i = 0; i < calls->size(); ++i) {
        endpoint.calls.push_back(
            parse_call((*calls)[i], child_pointer(calls_pointer, std::to_string(i)), problems));
      }
    }
  }
  reader.finish();
  return endpoint;
}

// The endpoints object of a service: at least one endpoint. false when it could
// not be read at all.
bool parse_endpoints(mesh::ServiceSpec& service, ObjectReader& reader, Problems& problems) {
  const json* endpoints = reader.require("endpoints");
  if (!endpoints) return false;
  const std::string pointer = reader.child("endpoints");
  if (!endpoints->is_object() || endpoints->empty()) {
    problems.add(pointer, fmt::format("expected an object of endpoints (at least one, e.g. "
                                      "{{\"get\": {{\"work\": ...}}}}), got {}",
                                      describe(*endpoints)));
    return false;
  }
  for (const auto& [name, value] : endpoints->items()) {
    const std::string at = child_pointer(pointer, name);
    check_name(name, at, "endpoint", problems);
    service.endpoints.push_back(parse_endpoint(name, value, at, problems));
  }
  return true;
}

// Sessions one store may hold in all: an instance's table indexes them in 32 bits.
inline constexpr std::uint64_t kMaxSessions = 4'000'000'000;

// The session store's own keys (docs/model.md, "Session store").
void parse_session_store(mesh::ServiceSpec& service, ObjectReader& reader) {
  mesh::SessionStoreSpec& store = service.session_store;
  store.capacity_sessions =
      reader.integer("capacity_sessions", store.capacity_sessions, 1, kMaxSessions);
  if (const json* given = reader.get("ttl_s"); given && *given == "none") {
    store.ttl_s = mesh::kNoTimeout;
  } else if (const auto ttl = reader.optional_duration("ttl_s")) {
    store.ttl_s = *ttl;
  }
  store.initial_sessions =
      reader.integer("initial_sessions", 0, 0, store.capacity_sessions);
  store.hit_ratio = reader.number("hit_ratio", 1.0, Range{0.0, 1.0});
  if (reader.get("discipline") && service.discipline == mesh::Discipline::kPs) {
    reader.fail("discipline", "a session store serves its workers fifo, lifo or by priority, "
                              "not by processor sharing");
  }
}

// A store answers `get` and `put` and calls nothing.
void check_store_endpoints(const mesh::ServiceSpec& service, ObjectReader& reader) {
  for (const mesh::EndpointSpec& e : service.endpoints) {
    const std::string at = child_pointer(reader.child("endpoints"), e.name);
    if (e.name != "get" && e.name != "put") {
      reader.problems().add(at, fmt::format("a session store's endpoints are \"get\" (is the "
                                            "user's session there?) and \"put\" (create or "
                                            "refresh it), not \"{}\"",
                                            e.name));
    } else if (!e.calls.empty()) {
      reader.problems().add(child_pointer(at, "calls"),
                            "a session store answers from its own state and calls nothing");
    }
  }
}

// `bulkheads`: workload name -> reserved workers per instance. The names are
// resolved once the workloads are known (resolve_bulkheads).
void parse_bulkheads(mesh::ServiceSpec& service, const json& value, const std::string& pointer,
                     Problems& problems) {
  if (!value.is_object() || value.empty()) {
    problems.add(pointer, fmt::format("expected an object of reserved workers per workload, e.g. "
                                      "{{\"web\": 8, \"api\": 4}}, got {}",
                                      describe(value)));
    return;
  }
  if (service.discipline == mesh::Discipline::kPs) {
    problems.add(pointer, "bulkheads are not supported with discipline \"ps\": use fifo, lifo "
                          "or priority");
    return;
  }
  if (service.workers == mesh::kUnlimited) {
    problems.add(pointer, "bulkheads reserve workers, but workers is \"unlimited\": give a "
                          "number of workers");
    return;
  }
  std::uint64_t total = 0;
  for (const auto& [name, count] : value.items()) {
    const std::string at = child_pointer(pointer, name);
    const auto x = check_integer(count, at, 1, kMaxPerInstance, problems);
    if (!x) continue;
    total += *x;
    service.bulkheads.push_back(mesh::BulkheadSpec{name, 0, static_cast<std::uint32_t>(*x)});
  }
  if (total > service.workers) {
    problems.add(pointer, fmt::format("reserves {} workers per instance, but the service has "
                                      "workers = {}: lower the reservations or raise workers",
                                      total, service.workers));
    service.bulkheads.clear();
  }
}

// What parse_service could read besides the spec itself.
struct ServiceRead {
  bool endpoints = false;                  // its endpoints could be read
  // The most instances the service can have (the file's count, or its autoscale
  // max), when readable: what a crash fault's `instances` is checked against.
  std::optional<std::uint32_t> instances;
};

// `instances`: the file's count when readable (nullopt when not), else the default.
std::optional<std::uint32_t> parse_instances(mesh::ServiceSpec& service, ObjectReader& reader) {
  if (const json* v = reader.get("instances")) {
    const auto x =
        check_integer(*v, reader.child("instances"), 1, kMaxInstances, reader.problems());
    if (!x) return std::nullopt;
    service.instances = static_cast<std::uint32_t>(*x);
  }
  return service.instances;
}

ServiceRead parse_gpu_batch(mesh::ServiceSpec& service, ObjectReader& reader, Problems& problems);

// How visits reach the instances, for every kind: the balancer and how late it
// learns that an instance went down.
void parse_routing(mesh::ServiceSpec& service, ObjectReader& reader) {
  const std::string balancer = reader.choice("balancer", "round_robin", kBalancers);
  if (balancer == "random") service.balancer = mesh::BalancerKind::kRandom;
  if (balancer == "least_outstanding") service.balancer = mesh::BalancerKind::kLeastOutstanding;
  if (balancer == "power_of_two_choices") {
    service.balancer = mesh::BalancerKind::kPowerOfTwoChoices;
  }
  service.health_check_s = reader.number("health_check_s", 0.0, Range{0.0, kMaxSeconds});
}

// `autoscale`, on any kind that has it; a crash fault may then take down as many
// instances as the service can have.
void parse_autoscale_key(mesh::ServiceSpec& service, ObjectReader& reader, ServiceRead& read,
                         Problems& problems) {
  const json* autoscale = reader.get("autoscale");
  if (!autoscale) return;
  service.autoscale = parse_autoscale(*autoscale, reader.child("autoscale"), service,
                                      reader.child("instances"), problems);
  if (service.autoscale && read.instances) read.instances = service.autoscale->max;
}

ServiceRead parse_service(mesh::ServiceSpec& service, const json& value,
                          const std::string& pointer, Problems& problems) {
  ObjectReader reader(value, pointer, problems);
  if (!reader.valid()) return {};
  const std::string kind = reader.choice("kind", "standard", kKinds);
  if (kind == "gpu_batch") return parse_gpu_batch(service, reader, problems);
  service.kind = kind == "session_store" ? mesh::ServiceKind::kSessionStore
                                         : mesh::ServiceKind::kStandard;
  ServiceRead read;
  read.instances = parse_instances(service, reader);
  service.workers = count_or_unlimited(reader, "workers", 1, 1);
  service.queue_capacity = count_or_unlimited(reader, "queue_capacity", mesh::kUnlimited, 0);
  const std::string discipline = reader.choice("discipline", "fifo", kDisciplines);
  if (discipline == "lifo") service.discipline = mesh::Discipline::kLifo;
  if (discipline == "priority") service.discipline = mesh::Discipline::kPriority;
  if (discipline == "ps") service.discipline = mesh::Discipline::kPs;
  parse_routing(service, reader);
  if (reader.get("cores") && service.discipline != mesh::Discipline::kPs) {
    reader.fail("cores", fmt::format("applies only to discipline \"ps\" (processor sharing); "
                                     "with \"{}\" each worker is one core",
                                     discipline));
  } else {
    service.cores = static_cast<std::uint32_t>(reader.integer("cores", 1, 1, kMaxPerInstance));
  }
  if (const json* limit = reader.get("rate_limit")) {
    service.rate_limit = parse_rate_limit(*limit, reader.child("rate_limit"), problems);
  }
  if (const json* shed = reader.get("shed")) {
    service.shed = parse_shed(*shed, reader.child("shed"), problems);
    if (service.workers == mesh::kUnlimited) {
      reader.fail("shed", "needs a waiting room, but workers is \"unlimited\" (nothing ever "
                          "waits): give a number of workers, or remove shed");
    }
  }
  if (const json* bulkheads = reader.get("bulkheads")) {
    if (service.kind == mesh::ServiceKind::kSessionStore) {
      reader.fail("bulkheads", "a session store shares its workers; put bulkheads on the "
                               "services that call it");
    } else {
      parse_bulkheads(service, *bulkheads, reader.child("bulkheads"), problems);
    }
  }
  parse_autoscale_key(service, reader, read, problems);
  if (service.kind == mesh::ServiceKind::kSessionStore) parse_session_store(service, reader);
  read.endpoints = parse_endpoints(service, reader, problems);
  if (service.kind == mesh::ServiceKind::kSessionStore) check_store_endpoints(service, reader);
  reader.finish();
  return read;
}

// A GPU batch tier: the keys every kind shares, then its own (parse_gpu_batch.hpp).
ServiceRead parse_gpu_batch(mesh::ServiceSpec& service, ObjectReader& reader,
                            Problems& problems) {
  service.kind = mesh::ServiceKind::kGpuBatch;
  ServiceRead read;
  read.instances = parse_instances(service, reader);
  parse_routing(service, reader);
  if (const json* limit = reader.get("rate_limit")) {
    service.rate_limit = parse_rate_limit(*limit, reader.child("rate_limit"), problems);
  }
  parse_gpu_batch_keys(service, reader);
  parse_autoscale_key(service, reader, read, problems);  // after max_batch sets workers
  read.endpoints = parse_gpu_endpoints(service, reader);
  reader.finish();
  return read;
}

}  // namespace

ParsedServices parse_services(const json& value, const std::string& pointer, Problems& problems) {
  ParsedServices out;
  if (!value.is_object() || value.empty()) {
    problems.add(pointer, fmt::format("expected an object of services (at least one), got {}",
                                      describe(value)));
    return out;
  }
  for (const auto& [name, service_value] : value.items()) {
    const std::string at = child_pointer(pointer, name);
    check_name(name, at, "service", problems);
    mesh::ServiceSpec service;
    service.name = name;
    const ServiceRead read = parse_service(service, service_value, at, problems);
    if (!read.endpoints) out.opaque.insert(name);
    out.instances.push_back(read.instances);
    out.services.push_back(std::move(service));
  }
  return out;
}

void resolve_bulkheads(std::vector<mesh::ServiceSpec>& services,
                       const std::vector<mesh::WorkloadSpec>& workloads, Problems& problems) {
  std::vector<std::string> names;
  names.reserve(workloads.size());
  for (const auto& w : workloads) names.push_back(w.name);
  for (mesh::ServiceSpec& service : services) {
    if (service.bulkheads.empty()) continue;
    const std::string pointer = (json::json_pointer("/services") / service.name / "bulkheads")
                                    .to_string();
    std::uint32_t reserved = 0;
    std::vector<bool> listed(names.size(), false);
    for (mesh::BulkheadSpec& b : service.bulkheads) {
      reserved += b.workers;
      const auto it = std::find(names.begin(), names.end(), b.workload_name);
      if (it == names.end()) {
        problems.add(child_pointer(pointer, b.workload_name),
                     fmt::format("no workload {}{}", describe(json(b.workload_name)),
                                 did_you_mean(b.workload_name, names)));
        continue;
      }
      b.workload = static_cast<std::uint32_t>(it - names.begin());
      listed[b.workload] = true;
    }
    // Every worker reserved: a workload without a reservation could never be served.
    if (reserved < service.workers) continue;
    for (std::size_t w = 0; w < names.size(); ++w) {
      if (listed[w]) continue;
      problems.add(pointer, fmt::format("reserves all {} workers, so workload \"{}\" could never "
                                        "be served here: reserve workers for it too, or leave "
                                        "some workers shared",
                                        service.workers, names[w]));
      break;
    }
  }
}

std::string call_pointer(const mesh::ServiceSpec& service, const mesh::EndpointSpec& endpoint,
                         std::size_t call) {
  return (json::json_pointer("/services") / service.name / "endpoints" / endpoint.name / "calls" /
          call)
      .to_string();
}

CallTargets resolve_calls(std::vector<mesh::ServiceSpec>& services, const EndpointIndex& index,
                          Problems& problems) {
  CallTargets targets(services.size());
  for (std::size_t s = 0; s < services.size(); ++s) {
    mesh::ServiceSpec& service = services[s];
    targets[s].resize(service.endpoints.size());
    for (std::size_t e = 0; e < service.endpoints.size(); ++e) {
      mesh::EndpointSpec& endpoint = service.endpoints[e];
      targets[s][e].resize(endpoint.calls.size());
      for (std::size_t i = 0; i < endpoint.calls.size(); ++i) {
        mesh::CallSpec& call = endpoint.calls[i];
        if (call.to_name.empty()) continue;  // not a string: reported by parse_call
        const auto ref = index.resolve(
            json(call.to_name), child_pointer(call_pointer(service, endpoint, i), "to"), problems);
        if (ref) call.to = *ref;
        targets[s][e][i] = ref;
      }
    }
  }
  return targets;
}

}  // namespace surge::scenario
