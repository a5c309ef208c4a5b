#include "sim/scenario/parse_faults.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <string_view>

#include "sim/kernel/time.hpp"
#include "sim/scenario/object_reader.hpp"
#include "sim/scenario/unsupported.hpp"

namespace surge::scenario {
namespace {

using nlohmann::json;

// Every kind of the design (docs/model.md, "Faults"); crash and flush are simulated.
const std::vector<std::string> kKinds = {"crash", "slow", "error", "flush", "partition"};

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
  const std::vector<std::optional<std::uint32_t>>* instances;  // as the file gives them
  const EndpointIndex* index;
  std::optional<double> duration_s;
};

// A crash (at_s, duration_s, service, instances) or a flush (at_s, service: a
// session store).
void parse_crash(faults::FaultSpec& fault, ObjectReader& reader, const FaultContext& ctx) {
  const bool flush = fault.kind == faults::FaultKind::kFlush;
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
  if (!flush) fault.duration_s = reader.optional_duration("duration_s").value_or(faults::kForever);

  std::optional<std::uint32_t> service_instances;  // when the file's count is known
  if (const auto name = reader.required_string("service")) {
    fault.service_name = *name;
    if (const mesh::ServiceSpec* owner = endpoint_owner(*name, *ctx.services)) {
      // "db.read": a fault takes down instances of a whole service.
      reader.fail("service", fmt::format("expected a service name, got the endpoint \"{}\" (did "
                                         "you mean \"{}\"?)",
                                         *name, owner->name));
    } else if (const auto index = ctx.index->resolve_service(*name, reader.child("service"),
                                                             reader.problems())) {
      fault.service = *index;
      service_instances = (*ctx.instances)[*index];
      if (flush && (*ctx.services)[*index].kind != mesh::ServiceKind::kSessionStore) {
        reader.fail("service", fmt::format("a flush wipes a session store's sessions; {} is not "
                                           "one (\"kind\": \"session_store\")",
                                           fault.service_name));
      }
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

// One entry; nullopt when it is not a crash or flush that could be read.
std::optional<faults::FaultSpec> parse_fault(const json& value, const std::string& pointer,
                                             const FaultContext& ctx, Problems& problems) {
  ObjectReader reader(value, pointer, problems);
  if (!reader.valid()) return std::nullopt;
  std::string kind;
  if (reader.require("kind")) kind = reader.choice("kind", "", kKinds);
  if (!kind.empty() && kind != "crash" && kind != "flush") {
    reader.fail("kind", fmt::format("fault kind \"{}\" is {}", kind, not_supported_reason("Faults")));
  }
  bool random = false;
  for (const char* key : {"mtbf_s", "mttr_s"}) {
    if (!reader.get(key)) continue;
    random = true;
    reader.fail(key, fmt::format("random crashes (mtbf_s, mttr_s) are {}; for a crash at a "
                                 "given time use \"kind\": \"crash\" with at_s and duration_s",
                                 not_supported_reason("Faults")));
  }
  if ((kind != "crash" && kind != "flush") || random) {
    // The other keys depend on a kind that is missing, wrong or planned.
    accept_all_keys(reader, value);
    return std::nullopt;
  }
  faults::FaultSpec fault;
  fault.kind = kind == "flush" ? faults::FaultKind::kFlush : faults::FaultKind::kCrash;
  parse_crash(fault, reader, ctx);
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
    if (auto fault = parse_fault(value[i], child_pointer(pointer, std::to_string(i)), ctx,
                                 problems)) {
      out.push_back(std::move(*fault));
    }
  }
  return out;
}

}  // namespace surge::scenario
