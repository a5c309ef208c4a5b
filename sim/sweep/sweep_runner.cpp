#include "sim/sweep/sweep_runner.hpp"

#include <fmt/format.h>

#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "sim/scenario/run.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/sweep/journal.hpp"
#include "sim/sweep/point_record.hpp"

namespace surge::sweep {
namespace {

using nlohmann::json;

const char* design_name(Design design) {
  switch (design) {
    case Design::kGrid:
      return "grid";
    case Design::kRandom:
      return "random";
    case Design::kLatinHypercube:
      return "latin_hypercube";
  }
  return "grid";
}

json assemble(const SweepSpec& spec, const std::vector<json>& records) {
  json parameters = json::array();
  for (const Parameter& p : spec.parameters) parameters.push_back(p.pointer);
  json metrics = json::object();
  for (const Metric& m : spec.metrics) metrics[m.name] = m.pointer;
  json sweep = json::object();
  sweep["sha256"] = spec.sha256;
  sweep["base_sha256"] = spec.base_sha256;
  sweep["design"] = design_name(spec.design);
  sweep["points"] = spec.point_values.size();
  sweep["replications"] = spec.replications;
  sweep["seed"] = spec.seed;
  sweep["parameters"] = std::move(parameters);
  sweep["metrics"] = std::move(metrics);
  json points = json::array();
  for (const json& record : records) points.push_back(result_point(spec, record));
  json results = json::object();
  results["schema_version"] = 1;
  results["sweep"] = std::move(sweep);
  results["points"] = std::move(points);
  return results;
}

}  // namespace

PointResult run_point(const SweepSpec& spec, std::size_t index) {
  PointResult out;
  out.index = index;
  try {
    scenario::LoadOptions options;
    options.base_dir = spec.base_dir;
    scenario::LoadResult loaded =
        scenario::load_scenario_text(point_scenario(spec, index).dump(), options);
    if (!loaded.scenario) {  // checked when the sweep was loaded; a file changed since?
      out.error = fmt::format("point {} ({}): the scenario became invalid", index,
                              describe_point(spec, index));
      return out;
    }
    PointRecorder recorder(spec, index);
    for (std::uint64_t r = 0; r < spec.replications; ++r) {
      loaded.scenario->graph.replication = static_cast<std::uint32_t>(r);
      const json report = scenario::run_to_report(*loaded.scenario);
      if (std::string error = recorder.add(report, out.where); !error.empty()) {
        out.error = fmt::format("point {} ({}): {}", index, describe_point(spec, index), error);
        return out;
      }
    }
    out.record_text = recorder.record().dump();
  } catch (const std::exception& e) {
    out.error = fmt::format("point {}: internal error: {}", index, e.what());
  }
  return out;
}

SweepOutcome run_sweep(const SweepSpec& spec, const SweepOptions& options) {
  SweepOutcome out;
  const std::size_t total = spec.point_values.size();
  std::vector<std::optional<json>> records(total);
  std::unique_ptr<Journal> journal;
  if (!options.journal_path.empty()) {
    Journal::Opened opened = Journal::open(options.journal_path, spec, options.resume);
    if (!opened.journal) {
      out.error = opened.error;
      return out;
    }
    journal = std::move(opened.journal);
    // Records go through the same JSON text either way (point_record.hpp), so
    // what was read back equals what a run would have produced.
    for (auto& [index, record] : opened.done) records[index] = std::move(record);
  }
  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < total; ++i)
    if (!records[i]) pending.push_back(i);
  const std::size_t resumed = total - pending.size();

  std::mutex mutex;  // guards records, done, the first error
  std::size_t done = resumed;
  std::optional<std::size_t> failed_at;  // the smallest failing point index
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  if (options.on_progress) options.on_progress(done, total, resumed);

  const auto take = [&]() -> std::optional<std::size_t> {
    if (stop.load()) return std::nullopt;
    const std::size_t k = next.fetch_add(1);
    if (k >= pending.size()) return std::nullopt;
    return pending[k];
  };
  const auto deliver = [&](PointResult point) {
    // Through text and back, exactly as a resumed sweep reads it.
    json record;
    std::string journal_error;
    if (point.error.empty()) {
      record = json::parse(point.record_text);
      if (journal) journal_error = journal->append(record);
    }
    const std::lock_guard<std::mutex> lock(mutex);
    if (!point.error.empty() || !journal_error.empty()) {
      if (!failed_at || point.index < *failed_at) {
        failed_at = point.index;
        out.error = point.error.empty() ? journal_error : point.error;
        out.where = point.where;
      }
      stop.store(true);
      return;
    }
    records[point.index] = std::move(record);
    ++done;
    if (options.on_progress) options.on_progress(done, total, resumed);
  };
  const auto work = [&] {
    while (const std::optional<std::size_t> index = take()) deliver(run_point(spec, *index));
  };
  const unsigned threads =
      static_cast<unsigned>(std::min<std::size_t>(std::max(1u, options.threads), pending.size()));
  std::vector<std::thread> pool;
  if (options.remote) {
    // The calling thread serves the remote workers; every local point runs on a thread.
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
    options.remote(PointQueue{take, deliver});
  } else {
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
  }
  for (std::thread& t : pool) t.join();
  if (failed_at) return out;

  std::vector<json> ordered;
  ordered.reserve(total);
  for (auto& record : records) ordered.push_back(std::move(*record));
  out.results = assemble(spec, ordered);
  return out;
}

}  // namespace surge::sweep
