#include "tests/invariants/invariant_harness.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "models/mesh/simulation.hpp"
#include "sim/kernel/hash.hpp"
#include "sim/scenario/report_writer.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace surge::invariants {
namespace {

using nlohmann::json;
using scenario::LoadedScenario;

// Records what the run drew: arrival times, and each visit's work by identity.
class Recorder final : public mesh::RunObserver {
 public:
  void on_request(std::uint32_t workload, std::uint64_t index, double time_s) override {
    arrivals[{workload, index}] = time_s;
  }
  void on_visit(std::uint32_t workload, std::uint64_t key, mesh::EndpointRef endpoint,
                double work_s) override {
    work[{workload, key}] = {endpoint.service, endpoint.endpoint, work_s};
  }
  std::map<std::pair<std::uint32_t, std::uint64_t>, double> arrivals;
  std::map<std::pair<std::uint32_t, std::uint64_t>, std::tuple<std::uint32_t, std::uint32_t, double>>
      work;
};

std::optional<LoadedScenario> load(const std::string& text, const std::filesystem::path& base_dir,
                                   const std::string& what, Violations& out) {
  scenario::LoadOptions options;
  options.base_dir = base_dir.string();
  auto result = scenario::load_scenario_text(text, options);
  if (!result.problems.empty()) {
    for (const auto& p : result.problems.list())
      out.push_back(fmt::format("{}: the loader rejected it (a generator bug): {}: {}", what,
                                p.where, p.reason));
    return std::nullopt;
  }
  return std::move(result.scenario);
}

json run(const LoadedScenario& s, Recorder* recorder = nullptr) {
  mesh::Simulation simulation(s.graph);
  if (recorder) simulation.set_observer(recorder);
  return scenario::make_report(s, simulation.run());
}

void append(Violations& out, const Violations& more, const std::string& prefix = "") {
  for (const auto& m : more) out.push_back(prefix + m);
}

void write_reversed(const json& value, std::string& out) {
  if (value.is_object()) {
    out += '{';
    bool first = true;
    for (auto it = value.crbegin(); it != value.crend(); ++it) {
      if (!first) out += ',';
      first = false;
      out += json(it.key()).dump();
      out += ':';
      write_reversed(it.value(), out);
    }
    out += '}';
  } else if (value.is_array()) {
    out += '[';
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (i > 0) out += ", ";
      write_reversed(value[i], out);
    }
    out += ']';
  } else {
    out += value.dump();
  }
}

// Common random numbers: every arrival of an open workload both runs saw came at the
// same time, and every visit both created carries the same work. A run that aborted
// saw a prefix. Closed and session users call again when their last request ended, so
// their arrival times depend on the system and are not compared.
void compare_draws(const Recorder& a, const Recorder& b, bool both_completed,
                   const std::vector<bool>& open, const std::string& what, Violations& out) {
  const auto open_arrivals = [&](const Recorder& r) {
    return std::count_if(r.arrivals.begin(), r.arrivals.end(),
                         [&](const auto& item) { return open[item.first.first]; });
  };
  if (both_completed && open_arrivals(a) != open_arrivals(b)) {
    out.push_back(fmt::format("{}: {} arrivals vs {}", what, open_arrivals(a), open_arrivals(b)));
  }
  for (const auto& [id, t] : a.arrivals) {
    if (!open[id.first]) continue;
    const auto it = b.arrivals.find(id);
    if (it == b.arrivals.end()) {
      if (both_completed) {
        out.push_back(fmt::format("{}: arrival {} of workload {} missing", what, id.second,
                                  id.first));
        return;
      }
      continue;
    }
    if (it->second != t) {
      out.push_back(fmt::format("{}: arrival {} of workload {} at {} s vs {} s", what, id.second,
                                id.first, t, it->second));
      return;
    }
  }
  for (const auto& [id, drawn] : a.work) {
    const auto it = b.work.find(id);
    if (it != b.work.end() && it->second != drawn) {
      out.push_back(fmt::format("{}: visit key {:#x} of workload {} drew work {} vs {}", what,
                                id.second, id.first, std::get<2>(drawn), std::get<2>(it->second)));
      return;
    }
  }
}

// A curve that is `curve` until `stop_s` and 0 from a moment after it.
json stopped(const json& curve, double stop_s) {
  return {{"product", {curve, {{"piecewise_linear", {{stop_s, 1.0}, {stop_s * 1.001, 0.0}}}}}}};
}

}  // namespace

std::string reversed_key_text(const json& document) {
  std::string out;
  write_reversed(document, out);
  return out;
}

// Nullopt when nothing would be left to run: a closed population never stops, so its
// workloads are dropped from the variant.
std::optional<json> empty_to_empty_variant(const json& document) {
  json v = document;
  const double d = document["duration_s"].get<double>();
  v.erase("warmup_s");
  v["duration_s"] = 10 * d;
  // Aborting on in-flight visits would end the run full; the event limit stays a backstop.
  v["limits"] = {{"max_events", 400000}};
  json open = json::object();
  for (auto& [name, w] : v["workloads"].items()) {
    if (w.value("kind", "open") == "closed") continue;
    json& rate = w.value("kind", "open") == "sessions" ? w["users"]["rate"] : w["rate"];
    if (rate.contains("timestamps")) continue;  // every time lies before 1.1 x duration_s
    if (rate.contains("hawkes")) {
      rate["hawkes"]["background"] = stopped(rate["hawkes"]["background"], d);
    } else {
      rate = stopped(rate, d);
    }
    open[name] = w;
  }
  if (open.empty()) return std::nullopt;
  // SLOs may name a dropped workload.
  if (open.size() != v["workloads"].size()) v.erase("slo");
  v["workloads"] = std::move(open);
  return v;
}

std::filesystem::path scratch_dir() {
  const auto dir = std::filesystem::temp_directory_path() /
                   fmt::format("surge-invariants-{}", static_cast<long>(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

std::string describe_failure(const std::string& origin, const json& document,
                             const Violations& violations) {
  std::string out = fmt::format("{} broke {} invariant(s):\n", origin, violations.size());
  for (const auto& v : violations) out += "  " + v + "\n";
  out += "scenario:\n" + document.dump(2) + "\n";
  return out;
}

ScenarioCheck check_scenario(const json& document, const std::filesystem::path& base_dir) {
  ScenarioCheck check;
  Violations& out = check.violations;
  const auto base = load(document.dump(), base_dir, "scenario", out);
  if (!base) return check;

  Recorder drawn;
  const json report = run(*base, &drawn);
  check.aborted = report["run"]["status"] != "completed";
  check.events = report["run"]["events"].get<std::uint64_t>();
  append(out, check_report(report));

  // Determinism: a second run, and the text with its keys reordered.
  append(out, compare_reports(report, run(*base), "second run"));
  if (const auto reordered = load(reversed_key_text(document), base_dir, "reordered keys", out)) {
    append(out, compare_reports(report, run(*reordered), "reordered keys"));
  }

  // Common random numbers: one more instance of one service (chosen by the document's
  // hash, so the choice is part of the case) changes no arrival and no drawn work.
  json more = document;
  std::vector<std::string> names;
  for (const auto& [name, s] : more["services"].items()) names.push_back(name);
  const std::string chosen = names[mix64(hash_name(document.dump())) % names.size()];
  json& target = more["services"][chosen];
  target["instances"] = target.value("instances", 1) + 1;
  if (target.contains("autoscale")) {  // keep the start within [min, max]
    json& policy = target["autoscale"];
    policy["max"] = std::max(policy["max"].get<int>(), target["instances"].get<int>());
  }
  if (const auto variant = load(more.dump(), base_dir, "one more instance", out)) {
    Recorder variant_drawn;
    const json variant_report = run(*variant, &variant_drawn);
    append(out, check_report(variant_report), fmt::format("one more {} instance: ", chosen));
    const bool both = !check.aborted && variant_report["run"]["status"] == "completed";
    std::vector<bool> open;  // in the model graph's order: sorted by name, as json iterates
    for (const auto& [name, w] : document["workloads"].items())
      open.push_back(w.value("kind", "open") == "open");
    compare_draws(drawn, variant_drawn, both, open, fmt::format("one more {} instance", chosen),
                  out);
  }

  // Little's law over a run that starts and ends empty.
  const std::optional<json> empty = empty_to_empty_variant(document);
  if (!empty) return check;
  if (const auto variant = load(empty->dump(), base_dir, "empty-to-empty variant", out)) {
    const json variant_report = run(*variant);
    append(out, check_report(variant_report), "empty-to-empty variant: ");
    if (little_applies(variant_report)) {
      check.little_checked = true;
      append(out, check_little(variant_report), "empty-to-empty variant: ");
    }
  }
  return check;
}

}  // namespace surge::invariants
