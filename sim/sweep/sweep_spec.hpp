// SweepSpec: a sweep file read and checked (configs/README.md, "Sweep files").
//
// A sweep runs one base scenario at many points of a parameter space, each point
// `replications` times. Parameters are JSON pointers into the base scenario, each
// with a domain: a list of values, or a range {from, to, step} (inclusive). The
// parameters are held in the order of their pointers (byte-wise), which is the
// order of the keys of the sweep file's "parameters" object as parsed.
//
// Loading checks everything that can be checked before a run: unknown keys,
// pointers absent from the base (with a "did you mean"), empty lists, ranges that
// never reach their end, replications < 1, metric pointers that are not pointers,
// and every point's scenario (validated as `surge validate` would). Each problem
// is reported at its JSON pointer in the sweep file.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/problems.hpp"

namespace surge::sweep {

// Most points a sweep may have, and most values a range may expand to: a bound on
// memory and on the time spent validating before the first run.
inline constexpr std::uint64_t kMaxPoints = 100'000;
// Most replications per point.
inline constexpr std::uint64_t kMaxReplications = 100'000;

enum class Design { kGrid, kRandom, kLatinHypercube };

// The domain of one parameter. A range whose from, to and step are all JSON
// integers is an integer range: its values are integers. `values` holds every
// value of a list or every grid value of a range (from, from + step, ... up to to).
struct Domain {
  bool is_range = false;
  bool integer = false;  // a range of JSON integers
  double from = 0.0;     // a range's bounds (from may exceed to with a negative step)
  double to = 0.0;
  std::vector<nlohmann::json> values;
};

struct Parameter {
  std::string pointer;  // into the scenario, e.g. "/services/auth/instances"
  Domain domain;
};

struct Metric {
  std::string name;     // the key in "metrics"
  std::string pointer;  // into the report, e.g. "/workloads/web/latency_s/p99"
};

struct SweepSpec {
  std::string sweep_path;   // the sweep file as given ("" for text)
  nlohmann::json base;      // the base scenario document
  std::string base_path;    // the base scenario's file ("" when inline)
  std::string base_dir;     // the base scenario's referenced files resolve here
  std::string base_sha256;  // scenario.sha256 of the base as loaded
  std::string sha256;       // of the sweep document and the base: names this sweep
  std::vector<Parameter> parameters;
  Design design = Design::kGrid;
  std::uint64_t points = 0;  // "points" of a random or Latin-hypercube design
  std::uint64_t replications = 1;
  std::vector<Metric> metrics;
  std::uint64_t seed = 0;  // draws random and Latin-hypercube points only
  // Every point's parameter values, in point order (design.hpp), parameters in
  // the order of `parameters`.
  std::vector<std::vector<nlohmann::json>> point_values;
};

struct SweepLoad {
  std::optional<SweepSpec> spec;  // set iff problems is empty
  scenario::Problems problems;
};

// `base_dir` resolves a "base" given as a path (the sweep file's directory).
[[nodiscard]] SweepLoad load_sweep_text(std::string_view text, const std::string& base_dir);
[[nodiscard]] SweepLoad load_sweep_file(const std::string& path);

// The text of a point's parameters for messages: "/a = 4, /b = 0.5".
[[nodiscard]] std::string describe_point(const SweepSpec& spec, std::size_t index);

// The base scenario document with a point's parameters set.
[[nodiscard]] nlohmann::json point_scenario(const SweepSpec& spec, std::size_t index);

}  // namespace surge::sweep
