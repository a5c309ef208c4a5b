#include "sim/cli/summary_table.hpp"

#include <fmt/format.h>

namespace surge::cli {
namespace {

using nlohmann::json;

// A number for a table cell: "-" when null or absent.
std::string cell(const json& v, const char* spec = "{:.4g}") {
  if (!v.is_number()) return "-";
  return fmt::format(fmt::runtime(spec), v.get<double>());
}

std::string percent(const json& v) {
  if (!v.is_number()) return "-";
  return fmt::format("{:.1f}%", 100.0 * v.get<double>());
}

const json& at(const json& obj, const char* key) {
  static const json kNull;
  const auto it = obj.find(key);
  return it == obj.end() ? kNull : *it;
}

}  // namespace

std::string summary_table(const json& report) {
  std::string out;
  const json& run = report.at("run");
  out += fmt::format("{} (seed {}, replication {}): {} after {:.6g} s simulated, {} events\n",
                     report.at("scenario").at("name").get<std::string>(),
                     report.at("scenario").at("seed").get<std::uint64_t>(),
                     report.at("scenario").at("replication").get<std::uint64_t>(),
                     run.at("status").get<std::string>(), run.at("simulated_s").get<double>(),
                     run.at("events").get<std::uint64_t>());
  if (run.at("reason").is_string())
    out += fmt::format("  reason: {}\n", run.at("reason").get<std::string>());

  out += fmt::format("\n{:<16} {:>10} {:>10} {:>9} {:>8} {:>10} {:>10} {:>10}\n", "workload",
                     "offered", "succeeded", "failed", "success", "mean s", "p50 s", "p99 s");
  for (const auto& [name, w] : report.at("workloads").items()) {
    std::uint64_t failed = 0;
    for (const auto& [reason, n] : w.at("failed").items()) failed += n.get<std::uint64_t>();
    const auto offered = w.at("offered").get<std::uint64_t>();
    const json ratio = offered > 0 ? json(static_cast<double>(w.at("succeeded").get<std::uint64_t>()) /
                                          static_cast<double>(offered))
                                   : json(nullptr);
    const json& lat = w.at("latency_s");
    out += fmt::format("{:<16} {:>10} {:>10} {:>9} {:>8} {:>10} {:>10} {:>10}\n", name, offered,
                       w.at("succeeded").get<std::uint64_t>(), failed, percent(ratio),
                       cell(at(lat, "mean")), cell(at(lat, "p50")), cell(at(lat, "p99")));
    if (w.contains("slo"))
      out += fmt::format("{:<16} SLO {} ({} s in violation)\n", "",
                         w.at("slo").at("met").get<bool>() ? "met" : "NOT met",
                         w.at("slo").at("seconds_in_violation").get<double>());
  }

  out += fmt::format("\n{:<16} {:>10} {:>9} {:>9} {:>8} {:>10} {:>10} {:>10} {:>10}\n", "service",
                     "arrivals", "rejected", "failed", "util", "queue", "wait s", "resp s", "p99 s");
  for (const auto& [name, s] : report.at("services").items()) {
    out += fmt::format("{:<16} {:>10} {:>9} {:>9} {:>8} {:>10} {:>10} {:>10} {:>10}\n", name,
                       s.at("arrivals").get<std::uint64_t>(), s.at("rejected").get<std::uint64_t>(),
                       s.at("failed").get<std::uint64_t>(), percent(at(s, "utilization")), cell(s.at("queue_length").at("mean")),
                       cell(s.at("wait_s").at("mean")), cell(s.at("response_s").at("mean")),
                       cell(at(s.at("response_s"), "p99")));
  }
  return out;
}

}  // namespace surge::cli
