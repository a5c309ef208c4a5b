#include "sim/scenario/scenario_loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "sim/kernel/time.hpp"
#include "sim/scenario/bounded_read.hpp"
#include "sim/scenario/call_graph.hpp"
#include "sim/scenario/endpoint_index.hpp"
#include "sim/scenario/json_text.hpp"
#include "sim/scenario/object_reader.hpp"
#include "sim/scenario/overrides.hpp"
#include "sim/scenario/parse_context.hpp"
#include "sim/scenario/parse_faults.hpp"
#include "sim/scenario/parse_network.hpp"
#include "sim/scenario/parse_services.hpp"
#include "sim/scenario/parse_workloads.hpp"
#include "sim/scenario/sha256.hpp"

namespace surge::scenario {
namespace {

using nlohmann::json;


void parse_percentiles(std::vector<double>& out, const json& value, const std::string& pointer,
                       Problems& problems) {
  if (!value.is_array()) {
    problems.add(pointer, fmt::format("expected a list of percentiles such as [50, 99, 99.9], "
                                      "got {}",
                                      describe(value)));
    return;
  }
  std::vector<double> list;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string at = child_pointer(pointer, std::to_string(i));
    const auto p = check_number(value[i], at, Range{0.0, 100.0, true, true}, problems);
    if (!p) continue;
    if (std::find(list.begin(), list.end(), *p) != list.end()) {
      problems.add(at, fmt::format("percentile {} is listed twice", *p));
      continue;
    }
    list.push_back(*p);
  }
  out = std::move(list);
}

// Reads `report`; returns the interval it resolved (the default when absent), or
// nullopt when interval_s was given but unreadable (reported).
std::optional<double> parse_report(mesh::ReportSpec& report, const json& value,
                                   const std::string& pointer, Problems& problems) {
  ObjectReader reader(value, pointer, problems);
  if (!reader.valid()) return std::nullopt;
  std::optional<double> interval = report.interval_s;
  if (reader.get("interval_s")) interval = reader.optional_duration("interval_s");
  report.interval_s = interval.value_or(report.interval_s);
  if (const json* percentiles = reader.get("percentiles")) {
    parse_percentiles(report.percentiles, *percentiles, reader.child("percentiles"), problems);
  }
  reader.finish();
  return interval;
}

// The time series hold, per report interval, its start time plus
// kSeriesPerService values per service and kSeriesPerWorkload per workload
// (mesh::ServiceSeries, mesh::WorkloadSeries), in memory and in the report. A
// run may ask for at most kMaxSeriesValues of them (each costs about 16 bytes in
// memory and 20 in the report): about 100 MB either way.
void check_series_volume(const mesh::ModelGraph& graph, double interval_s,
                         const std::string& pointer, Problems& problems) {
  std::uint64_t per_interval = 1 + kSeriesPerService * graph.services.size() +
                               kSeriesPerWorkload * graph.workloads.size();
  for (const mesh::ServiceSpec& s : graph.services) {
    per_interval += s.kind == mesh::ServiceKind::kSessionStore ? 1 : 0;
    per_interval += s.kind == mesh::ServiceKind::kGpuBatch ? 6 : 0;  // GpuBatch series
    const bool breakers = std::any_of(s.endpoints.begin(), s.endpoints.end(), [](const auto& e) {
      return std::any_of(e.calls.begin(), e.calls.end(),
                         [](const mesh::CallSpec& c) { return c.circuit_breaker.has_value(); });
    });
    per_interval += breakers ? 1 : 0;
  }
  for (const mesh::WorkloadSpec& w : graph.workloads)
    per_interval += w.kind == mesh::WorkloadKind::kSessions ? 1 : 0;
  // Counted as the engine counts them, in whole nanoseconds.
  const auto duration = static_cast<std::uint64_t>(from_seconds(graph.duration_s));
  const auto interval = static_cast<std::uint64_t>(from_seconds(interval_s));
  const std::uint64_t intervals = (duration + interval - 1) / interval;
  const std::uint64_t max_intervals = kMaxSeriesValues / per_interval;
  if (intervals <= max_intervals) return;
  if (max_intervals == 0) {
    problems.add(pointer, fmt::format("the time series of {} services and {} workloads hold {} "
                                      "values per report interval, more than the {} allowed in "
                                      "all: split the scenario",
                                      graph.services.size(), graph.workloads.size(), per_interval,
                                      kMaxSeriesValues));
    return;
  }
  // The smallest interval with ceil(duration / interval) <= max_intervals.
  const std::uint64_t smallest = (duration + max_intervals - 1) / max_intervals;
  problems.add(pointer,
               fmt::format("the time series would hold {:.0f} values ({} intervals of {} s over "
                           "duration_s = {}, times {} series), at most {} are allowed: set "
                           "report.interval_s to at least {}",
                           static_cast<double>(intervals) * static_cast<double>(per_interval),
                           intervals, interval_s, graph.duration_s, per_interval, kMaxSeriesValues,
                           to_seconds(static_cast<SimTime>(smallest))));
}

void parse_limits(mesh::LimitsSpec& limits, const json& value, const std::string& pointer,
                  Problems& problems) {
  ObjectReader reader(value, pointer, problems);
  if (!reader.valid()) return;
  limits.max_in_flight =
      reader.integer("max_in_flight", limits.max_in_flight, 1, ObjectReader::kNoIntegerMax);
  limits.max_events = reader.integer("max_events", 0, 1, ObjectReader::kNoIntegerMax);
  reader.finish();
}

// Reads the whole document into a graph; problems go to ctx.problems.
mesh::ModelGraph build_graph(const json& document, const std::string& default_name,
                             ParseContext& ctx) {
  Problems& problems = *ctx.problems;
  mesh::ModelGraph graph;
  ObjectReader reader(document, "", problems);
  if (!reader.valid()) return graph;

  graph.name = default_name;
  if (const json* name = reader.get("name")) {
    if (name->is_string() && !name->get<std::string>().empty()) {
      graph.name = name->get<std::string>();
    } else {
      reader.fail("name", fmt::format("expected a non-empty string, got {}", describe(*name)));
    }
  }
  graph.seed = reader.integer("seed", graph.seed, 0, ObjectReader::kNoIntegerMax);
  const auto duration = reader.required_duration("duration_s");
  graph.duration_s = duration.value_or(0.0);
  const auto warmup = reader.optional_number("warmup_s", Range{0.0, kMaxSeconds});
  if (warmup && duration && *warmup >= *duration) {
    reader.fail("warmup_s",
                fmt::format("must be less than duration_s ({}), got {}", *duration, *warmup));
  } else {
    graph.warmup_s = warmup.value_or(0.0);
  }

  std::optional<double> interval = graph.report.interval_s;
  if (const json* report = reader.get("report")) {
    interval = parse_report(graph.report, *report, reader.child("report"), problems);
  }
  if (const json* limits = reader.get("limits")) {
    parse_limits(graph.limits, *limits, reader.child("limits"), problems);
  }

  EndpointIndex endpoints;
  std::vector<std::optional<std::uint32_t>> instances;
  CallTargets targets;
  if (const json* services = reader.require("services")) {
    ParsedServices parsed = parse_services(*services, reader.child("services"), problems);
    if (services->is_object() && !services->empty()) {
      endpoints = EndpointIndex(parsed.services, parsed.opaque);
    }
    graph.services = std::move(parsed.services);
    instances = std::move(parsed.instances);
    targets = resolve_calls(graph.services, endpoints, problems);
    check_call_graph(graph.services, targets, problems);
  }
  if (const json* workloads = reader.require("workloads")) {
    graph.workloads = parse_workloads(*workloads, reader.child("workloads"), endpoints, ctx);
  }
  resolve_bulkheads(graph.services, graph.workloads, problems);
  if (const json* slo = reader.get("slo")) {
    graph.slo = parse_slo(*slo, reader.child("slo"), graph.workloads, problems);
  }
  // After the services: faults name them (and are checked against their instances).
  if (const json* faults = reader.get("faults")) {
    graph.faults = parse_faults(*faults, reader.child("faults"), graph.services, instances,
                                endpoints, duration, problems);
  }
  // After the services and workloads: the volume counts their series.
  if (duration && interval) {
    check_series_volume(graph, *interval, json::json_pointer("/report/interval_s").to_string(),
                        problems);
  }
  // After the services: zones name them, and every call needs a route.
  if (const json* network = reader.get("network")) {
    const std::size_t before = problems.size();
    graph.network = parse_network(*network, reader.child("network"), graph.services, problems);
    // A network with problems has missing links: its routes would only add noise.
    if (problems.size() == before) check_call_routes(graph, targets, problems);
  }
  reader.finish();
  return graph;
}

LoadResult load(std::string_view text, const LoadOptions& options,
                const std::string& default_name) {
  LoadResult result;
  ParsedJson parsed = parse_json_text(text, result.problems);
  if (!parsed.document) return result;
  json document = std::move(*parsed.document);
  apply_overrides(document, options.overrides, result.problems);
  if (options.seed && document.is_object()) document["seed"] = *options.seed;

  Problems found;
  ParseContext ctx;
  ctx.base_dir = options.base_dir;
  ctx.problems = &found;
  mesh::ModelGraph graph = build_graph(document, default_name, ctx);
  if (found.empty() && options.native_engine) check_native_network(graph, found);
  // A value the JSON stage already reported (an overflowing number, now null)
  // would be reported again as having the wrong type.
  for (const Problem& p : found.list()) {
    if (std::find(parsed.poisoned.begin(), parsed.poisoned.end(), p.where) !=
        parsed.poisoned.end()) {
      continue;
    }
    result.problems.add(p.where, p.reason);
  }
  result.problems.add_omitted(found.omitted());
  if (!result.problems.empty()) return result;

  graph.replication = options.replication;
  LoadedScenario scenario;
  scenario.graph = std::move(graph);
  scenario.sha256 = scenario_sha256(document, ctx.referenced_files);
  scenario.input = std::move(document);
  result.scenario = std::move(scenario);
  return result;
}

}  // namespace

Problems native_engine_refusals(const mesh::ModelGraph& graph) {
  Problems refused;
  check_native_network(graph, refused);
  return refused;
}

LoadResult load_scenario_text(std::string_view text, const LoadOptions& options) {
  return load(text, options, "scenario");
}

LoadResult load_scenario_file(const std::string& path, LoadOptions options) {
  const std::filesystem::path file(path);
  BoundedRead read = read_bounded_file(path, kMaxScenarioBytes);
  if (!read.text) {
    LoadResult result;
    result.problems.add("", fmt::format("cannot read scenario file \"{}\": {}", path, read.problem));
    return result;
  }
  if (options.base_dir.empty()) {
    options.base_dir = file.parent_path().string();
  }
  std::string stem = file.stem().string();
  if (stem.empty()) stem = "scenario";
  return load(*read.text, options, stem);
}

}  // namespace surge::scenario
