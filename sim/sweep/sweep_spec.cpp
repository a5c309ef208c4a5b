#include "sim/sweep/sweep_spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "sim/scenario/bounded_read.hpp"
#include "sim/scenario/json_text.hpp"
#include "sim/scenario/object_reader.hpp"
#include "sim/scenario/overrides.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/sha256.hpp"
#include "sim/sweep/design.hpp"
#include "sim/sweep/missing_pointer.hpp"
#include "sim/sweep/range_values.hpp"

namespace surge::sweep {
namespace {

using nlohmann::json;
using scenario::child_pointer;
using scenario::describe;
using scenario::ObjectReader;
using scenario::Problems;

std::optional<double> range_bound(const json& v, const std::string& at, bool& integer,
                                  Problems& problems) {
  const auto x = scenario::check_number(
      v, at,
      scenario::Range{-std::numeric_limits<double>::max(), std::numeric_limits<double>::max()},
      problems);
  if (!x) return std::nullopt;
  integer = integer && v.is_number_integer();
  if (v.is_number_integer() && std::abs(*x) > 0x1.0p53) {
    problems.add(at,
                 fmt::format("expected an integer of magnitude at most 2^53, got {}", describe(v)));
    return std::nullopt;
  }
  return x;
}

std::optional<Domain> parse_domain(const json& value, const std::string& at, Problems& problems) {
  Domain domain;
  if (value.is_array()) {
    if (value.empty()) {
      problems.add(at, "the list of values is empty: give at least one value");
      return std::nullopt;
    }
    domain.values.assign(value.begin(), value.end());
    return domain;
  }
  if (!value.is_object()) {
    problems.add(at, fmt::format("expected a list of values or {{\"range\": [from, to, step]}}, "
                                 "got {}",
                                 describe(value)));
    return std::nullopt;
  }
  ObjectReader reader(value, at, problems);
  const json* range = reader.require("range");
  reader.finish();
  if (!range) return std::nullopt;
  const std::string range_at = reader.child("range");
  if (!range->is_array() || range->size() != 3) {
    problems.add(range_at, fmt::format("expected [from, to, step] (three numbers), got {}",
                                       describe(*range)));
    return std::nullopt;
  }
  bool integer = true;
  const auto from = range_bound((*range)[0], child_pointer(range_at, "0"), integer, problems);
  const auto to = range_bound((*range)[1], child_pointer(range_at, "1"), integer, problems);
  const auto step = range_bound((*range)[2], child_pointer(range_at, "2"), integer, problems);
  if (!from || !to || !step) return std::nullopt;
  RangeValues expanded = range_values(*from, *to, *step, integer, kMaxPoints);
  if (!expanded.error.empty()) {
    problems.add(range_at, expanded.error);
    return std::nullopt;
  }
  domain.is_range = true;
  domain.integer = integer;
  domain.from = *from;
  domain.to = *to;
  domain.values = std::move(expanded.values);
  return domain;
}

struct Base {
  json document;
  std::string path;  // "" for an inline base
  std::string dir;
  std::string sha256;
};

// Reads and validates the base scenario; its problems are reported at /base.
std::optional<Base> load_base(const json& value, const std::string& base_dir, const std::string& at,
                              Problems& problems) {
  scenario::LoadOptions options;
  options.base_dir = base_dir;
  scenario::LoadResult result;
  std::string shown = "the inline base scenario";
  Base base;
  if (value.is_string()) {
    const std::filesystem::path given(value.get<std::string>());
    const std::filesystem::path path =
        given.is_absolute() || base_dir.empty() ? given : std::filesystem::path(base_dir) / given;
    shown = fmt::format("the base scenario \"{}\"", path.string());
    options.base_dir.clear();  // the base's own directory
    result = scenario::load_scenario_file(path.string(), options);
    base.path = path.string();
    base.dir = path.parent_path().string();
  } else if (value.is_object()) {
    result = scenario::load_scenario_text(value.dump(), options);
    base.dir = base_dir;
  } else {
    problems.add(at, fmt::format("expected a path to a scenario file or an inline scenario "
                                 "object, got {}",
                                 describe(value)));
    return std::nullopt;
  }
  for (const scenario::Problem& p : result.problems.list()) {
    problems.add(at, p.where.empty() ? fmt::format("{}: {}", shown, p.reason)
                                     : fmt::format("{} at {}: {}", shown, p.where, p.reason));
  }
  problems.add_omitted(result.problems.omitted());
  if (!result.scenario) return std::nullopt;
  base.document = std::move(result.scenario->input);
  base.sha256 = result.scenario->sha256;
  return base;
}

// A parameter inside another one would be overwritten by it, or would overwrite a
// part of it, while the results name both values as given: the pair is refused.
void check_nesting(const json& parameters, const std::string& at, Problems& problems) {
  for (const auto& [outer, unused_outer] : parameters.items()) {
    const auto outer_tokens = scenario::split_pointer(outer);
    if (!outer_tokens || outer.empty()) continue;
    for (const auto& [inner, unused_inner] : parameters.items()) {
      const auto inner_tokens = scenario::split_pointer(inner);
      if (!inner_tokens || inner_tokens->size() <= outer_tokens->size()) continue;
      if (!std::equal(outer_tokens->begin(), outer_tokens->end(), inner_tokens->begin())) continue;
      problems.add(child_pointer(at, inner),
                   fmt::format("lies inside parameter {}: one would overwrite the other while "
                               "the results list both values; sweep only one of them",
                               outer));
    }
  }
}

void parse_parameters(SweepSpec& spec, const json& value, const std::string& at, const json* base,
                      Problems& problems) {
  if (!value.is_object()) {
    problems.add(at, fmt::format("expected an object mapping scenario pointers to values, got {}",
                                 describe(value)));
    return;
  }
  for (const auto& [pointer, domain_value] : value.items()) {
    const std::string where = child_pointer(at, pointer);
    if (!scenario::split_pointer(pointer) || pointer.empty()) {
      problems.add(where,
                   "not a JSON pointer into the scenario: write it as "
                   "\"/services/NAME/instances\"");
      continue;
    }
    if (base) {
      if (const std::string why = why_missing(*base, pointer); !why.empty()) {
        // A key the base leaves to its default is not a typo: say how to sweep it.
        const bool typo = why.find("did you mean") != std::string::npos;
        problems.add(where, fmt::format("not in the base scenario: {}{}", why,
                                        typo ? ""
                                             : " (a sweep changes values the base sets: "
                                               "write the default into the base first)"));
      }
    }
    auto domain = parse_domain(domain_value, where, problems);
    if (domain) spec.parameters.push_back(Parameter{pointer, std::move(*domain)});
  }
  check_nesting(value, at, problems);
}

void parse_metrics(SweepSpec& spec, const json& value, const std::string& at, Problems& problems) {
  if (!value.is_object()) {
    problems.add(at, fmt::format("expected an object mapping names to report pointers, got {}",
                                 describe(value)));
    return;
  }
  for (const auto& [name, pointer] : value.items()) {
    const std::string where = child_pointer(at, name);
    scenario::check_name(name, where, "metric", problems);
    if (!pointer.is_string() || pointer.get<std::string>().empty() ||
        !scenario::split_pointer(pointer.get<std::string>())) {
      problems.add(where, fmt::format("expected a JSON pointer into the report such as "
                                      "\"/workloads/web/latency_s/p99\", got {}",
                                      describe(pointer)));
      continue;
    }
    spec.metrics.push_back(Metric{name, pointer.get<std::string>()});
  }
}

// Validates every point's scenario; a problem names the point and its parameters.
void check_points(const SweepSpec& spec, Problems& problems) {
  for (std::size_t i = 0; i < spec.point_values.size(); ++i) {
    // Every pointer exists in the base and none lies inside another (check_nesting),
    // so placing the values cannot fail.
    const std::string text = point_scenario(spec, i).dump();
    scenario::LoadOptions options;
    options.base_dir = spec.base_dir;
    const scenario::LoadResult result = scenario::load_scenario_text(text, options);
    for (const scenario::Problem& p : result.problems.list()) {
      problems.add("/parameters", fmt::format("point {} ({}): the scenario is invalid at {}: {}", i,
                                              describe_point(spec, i), p.where, p.reason));
    }
    problems.add_omitted(result.problems.omitted());
  }
}

}  // namespace

SweepLoad load_sweep_text(std::string_view text, const std::string& base_dir) {
  SweepLoad out;
  Problems& problems = out.problems;
  scenario::ParsedJson parsed = scenario::parse_json_text(text, problems);
  if (!parsed.document || !problems.empty()) return out;
  const json& document = *parsed.document;
  ObjectReader reader(document, "", problems);
  if (!reader.valid()) return out;

  SweepSpec spec;
  std::optional<Base> base;
  if (const json* value = reader.require("base")) {
    base = load_base(*value, base_dir, reader.child("base"), problems);
  }
  if (const json* value = reader.require("parameters")) {
    parse_parameters(spec, *value, reader.child("parameters"), base ? &base->document : nullptr,
                     problems);
  }
  const std::string design = reader.choice("design", "grid", {"grid", "random", "latin_hypercube"});
  spec.design = design == "random"            ? Design::kRandom
                : design == "latin_hypercube" ? Design::kLatinHypercube
                                              : Design::kGrid;
  if (spec.design == Design::kGrid) {
    if (reader.get("points")) {
      reader.fail("points",
                  "a grid runs every combination: \"points\" is for the random and "
                  "latin_hypercube designs");
    }
  } else {
    spec.points = reader.required_integer("points", 1, kMaxPoints).value_or(0);
  }
  spec.replications = reader.integer("replications", 1, 1, kMaxReplications);
  spec.seed = reader.integer("seed", 0, 0, ObjectReader::kNoIntegerMax);
  if (const json* value = reader.get("metrics")) {
    parse_metrics(spec, *value, reader.child("metrics"), problems);
  }
  reader.finish();
  if (spec.design == Design::kGrid) {
    const std::uint64_t n = grid_size(spec.parameters);
    if (n > kMaxPoints) {
      problems.add(
          "/parameters",
          fmt::format("the grid has {} points, more than the {} allowed: use fewer "
                      "values or the random or latin_hypercube design",
                      n == std::numeric_limits<std::uint64_t>::max() ? std::string("over 2^64")
                                                                     : std::to_string(n),
                      kMaxPoints));
    }
    spec.points = n;
  }
  if (!problems.empty() || !base) return out;

  spec.base = std::move(base->document);
  spec.base_path = std::move(base->path);
  spec.base_dir = std::move(base->dir);
  spec.base_sha256 = std::move(base->sha256);
  spec.sha256 = scenario::sha256_hex(scenario::canonical_json(document) + "\n" + spec.base_sha256);
  spec.point_values = design_points(spec.parameters, spec.design, spec.points, spec.seed);
  check_points(spec, problems);
  if (problems.empty()) out.spec = std::move(spec);
  return out;
}

SweepLoad load_sweep_file(const std::string& path) {
  scenario::BoundedRead read = scenario::read_bounded_file(path, scenario::kMaxScenarioBytes);
  if (!read.text) {
    SweepLoad out;
    out.problems.add("", fmt::format("cannot read sweep file \"{}\": {}", path, read.problem));
    return out;
  }
  SweepLoad out = load_sweep_text(*read.text, std::filesystem::path(path).parent_path().string());
  if (out.spec) out.spec->sweep_path = path;
  return out;
}

std::string describe_point(const SweepSpec& spec, std::size_t index) {
  std::string text;
  for (std::size_t j = 0; j < spec.parameters.size(); ++j) {
    if (j > 0) text += ", ";
    text += fmt::format("{} = {}", spec.parameters[j].pointer, spec.point_values[index][j].dump());
  }
  return text.empty() ? "the base scenario" : text;
}

nlohmann::json point_scenario(const SweepSpec& spec, std::size_t index) {
  json document = spec.base;
  for (std::size_t j = 0; j < spec.parameters.size(); ++j) {
    document[json::json_pointer(spec.parameters[j].pointer)] = spec.point_values[index][j];
  }
  return document;
}

}  // namespace surge::sweep
