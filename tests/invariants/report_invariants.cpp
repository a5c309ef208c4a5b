#include "tests/invariants/report_invariants.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

namespace surge::invariants {
namespace {

using nlohmann::json;

// Every number in the document, found by walking it: negative or not finite is a bug
// (nulls stand for "nothing measured" and are allowed).
void walk_numbers(const json& value, const std::string& pointer, Violations& out) {
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) walk_numbers(child, pointer + "/" + key, out);
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i)
      walk_numbers(value[i], pointer + "/" + std::to_string(i), out);
  } else if (value.is_number_float()) {
    const double x = value.get<double>();
    if (std::isnan(x)) out.push_back(fmt::format("{}: NaN", pointer));
    else if (std::isinf(x)) out.push_back(fmt::format("{}: infinite ({})", pointer, x));
    else if (x < 0) out.push_back(fmt::format("{}: negative ({})", pointer, x));
  } else if (value.is_number_integer() && !value.is_number_unsigned()) {
    if (value.get<std::int64_t>() < 0)
      out.push_back(fmt::format("{}: negative ({})", pointer, value.get<std::int64_t>()));
  }
}

std::uint64_t count(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return 0;
  return it->is_number_unsigned() ? it->get<std::uint64_t>()
                                  : static_cast<std::uint64_t>(it->get<double>());
}

// A latency object's percentile keys ("p50", "p99.9") in percentile order.
void check_percentiles(const json& latency, const std::string& pointer, Violations& out) {
  if (!latency.is_object()) return;
  std::vector<std::pair<double, std::string>> keys;
  for (const auto& [key, v] : latency.items())
    if (key.size() > 1 && key[0] == 'p') keys.emplace_back(std::stod(key.substr(1)), key);
  std::sort(keys.begin(), keys.end());
  for (std::size_t i = 1; i < keys.size(); ++i) {
    const json& lo = latency[keys[i - 1].second];
    const json& hi = latency[keys[i].second];
    if (!lo.is_number() || !hi.is_number()) continue;
    if (!(lo.get<double>() <= hi.get<double>())) {
      out.push_back(fmt::format("{}: percentiles out of order: {} = {} > {} = {}", pointer,
                                keys[i - 1].second, lo.get<double>(), keys[i].second,
                                hi.get<double>()));
    }
  }
}

void check_workload(const std::string& name, const json& w, Violations& out) {
  const std::string at = "/workloads/" + name;
  std::uint64_t failed = 0;
  for (const auto& [outcome, n] : w["failed"].items()) failed += n.get<std::uint64_t>();
  const std::uint64_t offered = count(w, "offered"), succeeded = count(w, "succeeded"),
                      in_flight = count(w, "in_flight");
  if (offered != succeeded + failed + in_flight) {
    out.push_back(fmt::format("{}: offered {} != succeeded {} + failed {} + in_flight {}", at,
                              offered, succeeded, failed, in_flight));
  }
  if (w.contains("users")) {
    const json& u = w["users"];
    if (count(u, "arrived") != count(u, "completed") + count(u, "abandoned") + count(u, "in_script"))
      out.push_back(fmt::format("{}/users: arrived {} != completed + abandoned + in_script", at,
                                count(u, "arrived")));
  }
  if (count(w, "attempts") < offered)
    out.push_back(fmt::format("{}: attempts {} < offered {}", at, count(w, "attempts"), offered));
  check_percentiles(w["latency_s"], at + "/latency_s", out);
}

void check_service(const std::string& name, const json& s, Violations& out) {
  const std::string at = "/services/" + name;
  const std::uint64_t arrivals = count(s, "arrivals"), completed = count(s, "completed"),
                      rejected = count(s, "rejected"), failed = count(s, "failed"),
                      in_flight = count(s, "in_flight");
  if (arrivals != completed + rejected + failed + in_flight) {
    out.push_back(fmt::format(
        "{}: arrivals {} != completed {} + rejected {} + failed {} + in_flight {}", at, arrivals,
        completed, rejected, failed, in_flight));
  }
  std::uint64_t endpoint_arrivals = 0;
  for (const auto& [e, ep] : s["endpoints"].items()) {
    endpoint_arrivals += count(ep, "arrivals");
    check_percentiles(ep["response_s"], at + "/endpoints/" + e + "/response_s", out);
  }
  if (endpoint_arrivals != arrivals) {
    out.push_back(fmt::format("{}: endpoints' arrivals sum to {}, the service's are {}", at,
                              endpoint_arrivals, arrivals));
  }
  check_percentiles(s["wait_s"], at + "/wait_s", out);
  check_percentiles(s["response_s"], at + "/response_s", out);
  // Busy workers never exceed the workers of the instances up; the two integrals are
  // rounded sums, hence the slack.
  const double limit = 1.0 + kRoundingTolerance;
  for (const char* key : {"utilization", "work_utilization"}) {
    if (!s.contains(key) || !s[key].is_number()) continue;
    const double u = s[key].get<double>();
    if (!(u >= 0.0 && u <= limit)) out.push_back(fmt::format("{}/{}: {} outside [0, 1]", at, key, u));
  }
  if (s.contains("utilization") && s.contains("work_utilization") &&
      s["utilization"].is_number() && s["work_utilization"].is_number()) {
    const double u = s["utilization"].get<double>(), wu = s["work_utilization"].get<double>();
    if (!(wu <= u * limit)) {
      out.push_back(fmt::format("{}: work_utilization {} > utilization {}", at, wu, u));
    }
  }
  const json& waited = s["waited_ratio"];
  if (waited.is_number() && waited.get<double>() > 1.0)
    out.push_back(fmt::format("{}/waited_ratio: {} > 1", at, waited.get<double>()));
}

void check_series(const json& ts, double simulated_s, Violations& out) {
  const std::size_t n = ts["t_s"].size();
  const auto same_length = [&](const json& group, const std::string& at) {
    for (const auto& [name, series] : group.items()) {
      for (const auto& [key, values] : series.items()) {
        if (values.is_object()) {  // one series per outcome (failed_per_s)
          for (const auto& [inner, list] : values.items()) {
            if (list.size() != n) {
              out.push_back(fmt::format("/timeseries/{}/{}/{}/{}: {} values, t_s has {}", at,
                                        name, key, inner, list.size(), n));
            }
          }
        } else if (values.size() != n) {
          out.push_back(fmt::format("/timeseries/{}/{}/{}: {} values, t_s has {}", at, name, key,
                                    values.size(), n));
        }
      }
    }
  };
  same_length(ts["workloads"], "workloads");
  same_length(ts["services"], "services");
  // The engine takes an interval's busy and up integrals as differences of integrals
  // since t = 0, so their rounding error is relative to the whole run, not to the
  // interval: the slack grows as run / interval length (a sliver of a last interval,
  // a few nanoseconds long when duration_s is not a whole number of intervals in
  // nanoseconds, gets no meaningful bound).
  const double run_s = simulated_s;
  for (const auto& [name, series] : ts["services"].items()) {
    const json& u = series["utilization"];
    for (std::size_t i = 0; i < u.size() && i < n; ++i) {
      if (!u[i].is_number()) continue;
      const double start = ts["t_s"][i].get<double>();
      const double end = i + 1 < n ? ts["t_s"][i + 1].get<double>() : run_s;
      const double slack = kRoundingTolerance * std::max(1.0, run_s / std::max(end - start, 1e-300));
      if (!(u[i].get<double>() <= 1.0 + slack))
        out.push_back(fmt::format("/timeseries/services/{}/utilization/{}: {} > 1", name, i,
                                  u[i].get<double>()));
    }
  }
  for (const auto& [name, series] : ts["workloads"].items()) {
    const json &p50 = series["p50_s"], &p99 = series["p99_s"];
    for (std::size_t i = 0; i < std::min(p50.size(), p99.size()); ++i) {
      if (p50[i].is_number() && p99[i].is_number() && p50[i].get<double>() > p99[i].get<double>())
        out.push_back(fmt::format("/timeseries/workloads/{}: p50_s {} > p99_s {} in interval {}",
                                  name, p50[i].get<double>(), p99[i].get<double>(), i));
    }
  }
  const json& t = ts["t_s"];
  for (std::size_t i = 1; i < t.size(); ++i) {
    if (!(t[i - 1].get<double>() < t[i].get<double>()))
      out.push_back(fmt::format("/timeseries/t_s/{}: {} after {}", i, t[i].get<double>(),
                                t[i - 1].get<double>()));
  }
}

// Every key that differs between two documents, by walking both.
void diff(const json& a, const json& b, const std::string& pointer, const std::string& what,
          Violations& out) {
  if (a.is_object() && b.is_object()) {
    for (const auto& [key, value] : a.items()) {
      if (!b.contains(key)) {
        out.push_back(fmt::format("{}: {}/{} only in the first report", what, pointer, key));
      } else {
        diff(value, b[key], pointer + "/" + key, what, out);
      }
    }
    for (const auto& [key, value] : b.items())
      if (!a.contains(key))
        out.push_back(fmt::format("{}: {}/{} only in the second report", what, pointer, key));
    return;
  }
  if (a.is_array() && b.is_array() && a.size() == b.size()) {
    for (std::size_t i = 0; i < a.size(); ++i)
      diff(a[i], b[i], pointer + "/" + std::to_string(i), what, out);
    return;
  }
  // dump() compares bit for bit (NaN included), which == on doubles would not.
  if (a.dump() != b.dump())
    out.push_back(fmt::format("{}: {} differs: {} vs {}", what, pointer, a.dump(), b.dump()));
}

}  // namespace

Violations check_report(const json& report) {
  Violations out;
  walk_numbers(report, "", out);
  for (const auto& [name, w] : report["workloads"].items()) check_workload(name, w, out);
  for (const auto& [name, s] : report["services"].items()) check_service(name, s, out);
  check_series(report["timeseries"], report["run"]["simulated_s"].get<double>(), out);
  return out;
}

bool little_applies(const json& report) {
  if (report["run"]["status"] != "completed") return false;
  for (const auto& [name, s] : report["services"].items())
    if (count(s, "in_flight") != 0) return false;
  for (const auto& [name, w] : report["workloads"].items())
    if (count(w, "in_flight") != 0) return false;
  return true;
}

Violations check_little(const json& report) {
  Violations out;
  const double span = report["run"]["simulated_s"].get<double>();
  for (const auto& [name, s] : report["services"].items()) {
    const double in_system = s["in_system"]["mean"].get<double>() * span;
    const std::uint64_t departures = count(s, "completed") + count(s, "rejected") + count(s, "failed");
    const json& mean = s["response_s"]["mean"];
    const double responses = mean.is_number() ? mean.get<double>() * static_cast<double>(departures)
                                              : 0.0;
    const double scale = std::max(in_system, responses);
    if (!(std::abs(in_system - responses) <= kRoundingTolerance * scale)) {
      out.push_back(fmt::format(
          "/services/{}: Little's law broken: in_system.mean x simulated_s = {} visit-seconds, "
          "response_s.mean x departures = {} (relative difference {:.3g})",
          name, in_system, responses, std::abs(in_system - responses) / scale));
    }
  }
  return out;
}

Violations compare_reports(const json& a, const json& b, const std::string& what) {
  json x = a, y = b;
  for (json* r : {&x, &y}) {
    (*r)["run"].erase("wall_s");
    (*r)["run"].erase("events_per_s");
  }
  Violations out;
  diff(x, y, "", what, out);
  return out;
}

}  // namespace surge::invariants
