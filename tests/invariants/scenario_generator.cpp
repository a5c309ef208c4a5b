#include "tests/invariants/scenario_generator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <set>

#include "sim/kernel/rng.hpp"

namespace surge::invariants {
namespace {

using nlohmann::json;

const std::vector<std::string> kServiceNames = {"gateway", "auth", "db",      "cache", "api",
                                                "search",  "Edge", "queue-1", "svc_2", "x"};
const std::vector<std::string> kEndpointNames = {"get", "put", "login", "check", "list"};
const std::vector<std::string> kWorkloadNames = {"web", "api", "batch-1", "Mobile_app"};
const std::vector<std::string> kDisciplines = {"fifo", "lifo", "priority", "ps"};
const std::vector<std::string> kBalancers = {"round_robin", "random", "least_outstanding",
                                             "power_of_two_choices"};
const std::vector<std::string> kDists = {"exponential", "deterministic", "uniform",
                                         "lognormal",   "gamma",         "hyperexponential",
                                         "empirical",   "absent"};
const std::vector<std::string> kLeafCurves = {"constant", "piecewise_linear", "csv",
                                              "diurnal",  "logistic",         "shock_exponential",
                                              "shock_power_law", "viral",     "bass"};
const std::vector<std::string> kComposite = {"sum", "product", "scale", "shift", "clip"};

// Expected visits to a service's endpoints stay below this per entry visit, so a
// fan-out tree cannot multiply a run's cost without bound.
constexpr double kMaxVisitsPerEndpoint = 12.0;
constexpr int kMaxCurveDepth = 3;

struct Endpoint {
  std::string name;
  json calls = json::array();
  // Expected visits per visit of this endpoint, by (service, endpoint), itself included.
  std::map<std::pair<std::size_t, std::size_t>, double> reach;
  double visits = 1.0;  // total expected visits
};

struct Service {
  std::string name;
  json spec = json::object();
  std::vector<Endpoint> endpoints;
  double capacity = 1.0;  // visits in service at once over all instances
  int instances = 1;
};

class Builder {
 public:
  Builder(std::uint64_t seed, std::filesystem::path dir, Coverage& coverage)
      : seed_(seed), rng_(mix64(seed ^ 0x5eed5eed5eedULL)), dir_(std::move(dir)),
        coverage_(coverage) {}

  GeneratedScenario build();

 private:
  // Random numbers.
  double uniform(double lo, double hi) { return lo + (hi - lo) * rng_.uniform01(); }
  double log_uniform(double lo, double hi) {
    return std::exp(uniform(std::log(lo), std::log(hi)));
  }
  bool chance(double p) { return rng_.uniform01() < p; }
  int integer(int lo, int hi) {  // inclusive
    return lo + static_cast<int>(rng_.below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[rng_.below(items.size())];
  }

  void make_services();
  void make_calls();
  void make_workloads();
  void make_work();
  void make_top_level();
  void make_faults();
  void make_slo();
  void make_resilience();
  void make_gpu_tier();
  void make_autoscale();

  json curve(double level, int depth);
  json leaf_curve(const std::string& kind, double level);
  json arrival_process(double level, double arrivals);
  json distribution(double mean_s);
  std::string write_file(std::string_view extension, const std::string& text);

  std::uint64_t seed_;
  Rng rng_;
  std::filesystem::path dir_;
  Coverage& coverage_;
  GeneratedScenario out_;
  double duration_ = 1.0;
  std::vector<Service> services_;  // in call order: a service calls only later ones
  // Per workload: its entry and expected arrivals per second (for the work scale).
  std::vector<std::pair<std::pair<std::size_t, std::size_t>, double>> entries_;
  std::vector<std::string> workload_names_;
};

std::string Builder::write_file(std::string_view extension, const std::string& text) {
  const std::string name = fmt::format("seed-{}-{}.{}", seed_, out_.files.size(), extension);
  const std::filesystem::path path = dir_ / name;
  std::ofstream(path, std::ios::binary) << text;
  out_.files.push_back(path);
  return name;
}

void Builder::make_services() {
  std::vector<std::string> names = kServiceNames;
  // Fisher–Yates with our own generator: the order is the call order.
  for (std::size_t i = names.size() - 1; i > 0; --i)
    std::swap(names[i], names[rng_.below(i + 1)]);
  const int n = integer(1, 8);
  for (int i = 0; i < n; ++i) {
    Service s;
    s.name = names[static_cast<std::size_t>(i)];
    json& spec = s.spec;
    if (chance(0.8)) {
      s.instances = integer(1, 4);
      spec["instances"] = s.instances;
    }
    double workers = 1.0;
    const double w = rng_.uniform01();
    if (w < 0.15) {
      spec["workers"] = "unlimited";
      workers = 1e9;
      coverage_.note("workers:unlimited");
    } else if (w < 0.85) {
      const int k = integer(1, 8);
      spec["workers"] = k;
      workers = k;
    }
    const double q = rng_.uniform01();
    if (q < 0.2) {
      spec["queue_capacity"] = 0;
      coverage_.note("queue_capacity:0");
    } else if (q < 0.35) {
      spec["queue_capacity"] = "unlimited";
    } else if (q < 0.65) {
      spec["queue_capacity"] = integer(1, 20);
    } else {
      coverage_.note("queue_capacity:absent");
    }
    const std::string discipline = chance(0.15) ? "absent" : pick(kDisciplines);
    coverage_.note("discipline:" + discipline);
    if (discipline != "absent") spec["discipline"] = discipline;
    double servers = workers;
    if (discipline == "ps" && chance(0.7)) {
      const int cores = integer(1, 4);
      spec["cores"] = cores;
      servers = std::min(workers, static_cast<double>(cores));
    } else if (discipline == "ps") {
      servers = 1.0;
    }
    const std::string balancer = chance(0.15) ? "absent" : pick(kBalancers);
    coverage_.note("balancer:" + balancer);
    if (balancer != "absent") spec["balancer"] = balancer;
    if (chance(0.3)) {
      spec["health_check_s"] = chance(0.3) ? 0.0 : log_uniform(1e-3, duration_ / 4);
      coverage_.note("health_check_s");
    }
    s.capacity = servers * s.instances;
    std::vector<std::string> endpoint_names = kEndpointNames;
    const int ne = integer(1, 3);
    for (int e = 0; e < ne; ++e) {
      const std::size_t j = rng_.below(endpoint_names.size());
      Endpoint endpoint;
      endpoint.name = endpoint_names[j];
      s.endpoints.push_back(std::move(endpoint));
      endpoint_names.erase(endpoint_names.begin() + static_cast<std::ptrdiff_t>(j));
    }
    services_.push_back(std::move(s));
  }
}

// Calls go only to services later in the call order, so the graph is acyclic.
// Services are filled from the last, so every callee's reach is known.
void Builder::make_calls() {
  for (std::size_t i = services_.size(); i-- > 0;) {
    for (std::size_t e = 0; e < services_[i].endpoints.size(); ++e) {
      Endpoint& ep = services_[i].endpoints[e];
      ep.reach[{i, e}] = 1.0;
      if (i + 1 == services_.size() || chance(0.25)) continue;
      const int ncalls = integer(1, 3);
      for (int c = 0; c < ncalls; ++c) {
        const std::size_t callee = i + 1 + rng_.below(services_.size() - i - 1);
        const std::size_t ce = rng_.below(services_[callee].endpoints.size());
        const Endpoint& target = services_[callee].endpoints[ce];
        json call = {{"to", services_[callee].name + "." + target.name}};
        double p = 1.0;
        if (chance(0.3)) {
          p = chance(0.1) ? 0.0 : uniform(0.0, 1.0);
          call["probability"] = p;
          if (p < 1.0) coverage_.note("call:probability");
        }
        int count = 1;
        if (chance(0.3)) {
          count = integer(2, 3);
          if (ep.visits + p * count * target.visits > kMaxVisitsPerEndpoint) count = 1;
          call["count"] = count;
          if (count > 1) coverage_.note("call:count");
        }
        if (ep.visits + p * count * target.visits > kMaxVisitsPerEndpoint) continue;
        if (chance(0.35)) {
          call["parallel"] = true;
          coverage_.note("call:parallel");
        } else if (chance(0.1)) {
          call["parallel"] = false;
        }
        // timeout_s is filled in by make_work, once the callee's work is known.
        if (chance(0.3)) call["timeout_s"] = -1.0;
        for (const auto& [where, n] : target.reach) ep.reach[where] += p * count * n;
        ep.visits += p * count * target.visits;
        ep.calls.push_back(std::move(call));
      }
    }
  }
}

json Builder::leaf_curve(const std::string& kind, double level) {
  const double d = duration_;
  coverage_.note("curve:" + kind);
  if (kind == "constant") return {{"constant", chance(0.1) ? 0.0 : uniform(0.0, 2.0) * level}};
  if (kind == "piecewise_linear" || kind == "csv") {
    const int n = integer(1, 5);
    std::vector<std::pair<double, double>> points;
    double t = uniform(0.0, d / 2);
    for (int i = 0; i < n; ++i) {
      points.emplace_back(t, uniform(0.0, 2.0) * level);
      t += log_uniform(d / 100, d / 2);
    }
    if (kind == "piecewise_linear") {
      json list = json::array();
      for (const auto& [ti, r] : points) list.push_back({ti, r});
      return {{"piecewise_linear", list}};
    }
    std::string text = chance(0.5) ? "time_s,rate\n" : "";
    if (chance(0.3)) text += "# a recorded trace\n\n";
    for (const auto& [ti, r] : points) text += fmt::format("{}, {}\n", ti, r);
    json spec = {{"path", write_file("csv", text)}};
    if (chance(0.6)) spec["interpolation"] = chance(0.5) ? "linear" : "step";
    return {{"csv", spec}};
  }
  if (kind == "diurnal") {
    return {{"diurnal",
             {{"mean", level}, {"amplitude", uniform(0.0, 1.0)}, {"peak_hour", uniform(0.0, 24.0)}}}};
  }
  if (kind == "logistic") {
    return {{"logistic",
             {{"base", uniform(0.0, 2.0) * level},
              {"peak", uniform(0.0, 2.0) * level},
              {"midpoint_s", uniform(-d, 2 * d)},
              {"growth_s", log_uniform(d / 100, d)}}}};
  }
  if (kind == "shock_exponential" || kind == "shock_power_law") {
    json spec = {{"at_s", uniform(-d / 2, d)},
                 {"jump", uniform(0.0, 2.0) * level},
                 {"tau_s", log_uniform(d / 100, 2 * d)}};
    if (kind == "shock_power_law") {
      spec["decay"] = "power_law";
      spec["exponent"] = uniform(0.2, 3.0);
    } else if (chance(0.5)) {
      spec["decay"] = "exponential";
    }
    return {{"shock", spec}};
  }
  if (kind == "viral") {
    return {{"viral",
             {{"start_s", uniform(-d / 2, d)},
              {"peak", uniform(0.0, 2.0) * level},
              {"rise_s", log_uniform(d / 100, d)},
              {"decay_s", log_uniform(d / 100, d)}}}};
  }
  // bass: the market is sized so the peak rate is about `level`.
  const double p = log_uniform(0.003, 0.5);
  const double q = chance(0.2) ? 0.0 : uniform(0.0, 0.6);
  const double unit = log_uniform(d / 20, d);
  const double peak_per_market = std::max(p, q > 0 ? (p + q) * (p + q) / (4 * q) : p) / unit;
  return {{"bass",
           {{"market", level / peak_per_market},
            {"p", p},
            {"q", q},
            {"start_s", uniform(-d / 2, d / 2)},
            {"time_unit_s", unit}}}};
}

// A rate curve whose rate stays below about 2 x level (and 4 x level when nested).
json Builder::curve(double level, int depth) {
  if (depth >= kMaxCurveDepth || chance(0.6)) return leaf_curve(pick(kLeafCurves), level);
  const std::string kind = pick(kComposite);
  coverage_.note("curve:" + kind);
  if (kind == "sum") {
    const int n = integer(1, 3);
    json terms = json::array();
    for (int i = 0; i < n; ++i) terms.push_back(curve(level / n, depth + 1));
    return {{"sum", terms}};
  }
  if (kind == "product") {
    // The second factor peaks near 1: a modulation of the first.
    return {{"product", {curve(level, depth + 1), curve(0.5, depth + 1)}}};
  }
  if (kind == "scale") {
    const double by = chance(0.1) ? 0.0 : log_uniform(0.25, 4.0);
    return {{"scale", {{"by", by}, {"curve", curve(by > 0 ? level / by : level, depth + 1)}}}};
  }
  if (kind == "shift") {
    return {{"shift", {{"by_s", uniform(-duration_, duration_)}, {"curve", curve(level, depth + 1)}}}};
  }
  json spec = {{"curve", curve(level, depth + 1)}};
  const bool has_min = chance(0.6);
  const bool has_max = !has_min || chance(0.5);
  const double lo = uniform(0.0, level);
  if (has_min) spec["min"] = lo;
  if (has_max) spec["max"] = (has_min ? lo : 0.0) + uniform(0.0, 1.5) * level;
  return {{"clip", spec}};
}

json Builder::arrival_process(double level, double arrivals) {
  const double r = rng_.uniform01();
  if (r < 0.12) {
    coverage_.note("process:hawkes");
    const double n = chance(0.15) ? 0.0 : uniform(0.0, 0.8);
    json kernel;
    if (chance(0.5)) {
      kernel = {{"exponential", {{"tau_s", log_uniform(duration_ / 1000, duration_ / 3)}}}};
      coverage_.note("hawkes:exponential");
    } else {
      kernel = {{"power_law",
                 {{"c_s", log_uniform(duration_ / 1000, duration_ / 10)},
                  {"theta", uniform(0.2, 3.0)}}}};
      coverage_.note("hawkes:power_law");
    }
    return {{"hawkes",
             {{"background", curve(level * (1 - n), 1)},
              {"branching_ratio", n},
              {"kernel", kernel}}}};
  }
  if (r < 0.22) {
    coverage_.note("process:timestamps");
    // Times up to 10% past the end (dropped by the run), some equal, with the
    // optional header, comments and blank lines the format allows.
    const int k = static_cast<int>(std::min(arrivals, 2000.0));
    std::vector<double> times;
    for (int i = 0; i < k; ++i) times.push_back(uniform(0.0, 1.1 * duration_));
    if (k > 1 && chance(0.5)) times[1] = times[0];
    std::sort(times.begin(), times.end());
    std::string text = chance(0.5) ? "time_s\n" : "";
    for (std::size_t i = 0; i < times.size(); ++i) {
      if (i % 50 == 7) text += chance(0.5) ? "\n" : "# a comment\n";
      text += fmt::format("{}\n", times[i]);
    }
    return {{"timestamps", {{"path", write_file("txt", text)}}}};
  }
  return curve(level, 0);
}

json Builder::distribution(double m) {
  const std::string kind = pick(kDists);
  coverage_.note("dist:" + kind);
  if (kind == "exponential") return {{"dist", kind}, {"mean_s", m}};
  if (kind == "deterministic") return {{"dist", kind}, {"value_s", chance(0.1) ? 0.0 : m}};
  if (kind == "uniform") {
    const double spread = uniform(0.0, 1.0) * m;
    return {{"dist", kind}, {"min_s", m - spread}, {"max_s", m + spread}};
  }
  if (kind == "lognormal" || kind == "gamma") {
    return {{"dist", kind}, {"mean_s", m}, {"cv", chance(0.1) ? 0.001 : log_uniform(0.05, 4.0)}};
  }
  if (kind == "hyperexponential") {
    return {{"dist", kind}, {"mean_s", m}, {"cv", uniform(1.05, 4.0)}};
  }
  if (kind == "empirical") {
    json table = json::array();
    const int n = integer(2, 5);
    double v = uniform(0.0, m);
    for (int i = 0; i < n; ++i) {
      const double p = i + 1 == n ? 1.0 : static_cast<double>(i) / (n - 1);
      table.push_back({p, v});
      v += uniform(0.0, 2.0 * m);
    }
    return {{"dist", kind}, {"quantiles_s", table}};
  }
  return nullptr;  // absent: no work
}

void Builder::make_workloads() {
  std::vector<std::string> names = kWorkloadNames;
  const int n = integer(1, 3);
  const double budget = log_uniform(100.0, 1500.0);  // expected visits in the run
  for (int i = 0; i < n; ++i) {
    const std::size_t j = rng_.below(names.size());
    const std::string name = names[j];
    names.erase(names.begin() + static_cast<std::ptrdiff_t>(j));
    const std::size_t s = rng_.below(services_.size());
    const std::size_t e = rng_.below(services_[s].endpoints.size());
    const Endpoint& entry = services_[s].endpoints[e];
    const double arrivals = std::max(1.0, budget / n / entry.visits);
    const double level = arrivals / duration_;
    json w = {{"entry", services_[s].name + "." + entry.name},
              {"rate", arrival_process(level, arrivals)}};
    if (chance(0.2)) w["kind"] = "open";
    const bool is_curve = !w["rate"].contains("hawkes") && !w["rate"].contains("timestamps");
    if (is_curve && chance(0.2)) {
      w["arrivals"] = "deterministic";
      coverage_.note("arrivals:deterministic");
    } else if (is_curve && chance(0.1)) {
      w["arrivals"] = "poisson";
    }
    if (chance(0.6)) {
      w["priority"] = chance(0.1) ? 4294967295U : static_cast<unsigned>(integer(0, 3));
      coverage_.note("workload:priority");
    }
    if (chance(0.5)) w["client"] = json::object();
    if (chance(0.4)) w["client"]["timeout_s"] = -1.0;  // filled in by make_work
    out_.document["workloads"][name] = std::move(w);
    workload_names_.push_back(name);
    entries_.push_back({{s, e}, level});
  }
}

// Work is scaled so each service sees a random offered load: mostly below 1,
// sometimes above (queues grow, rooms reject, timeouts fire).
void Builder::make_work() {
  std::vector<double> rate(services_.size(), 0.0);  // expected visits per second
  for (const auto& [entry, level] : entries_) {
    for (const auto& [where, n] : services_[entry.first].endpoints[entry.second].reach)
      rate[where.first] += level * n;
  }
  std::vector<std::vector<double>> mean(services_.size());
  for (std::size_t i = 0; i < services_.size(); ++i) {
    const double load = uniform(0.05, 1.3);
    const double base = rate[i] > 0 ? load * services_[i].capacity / rate[i]
                                    : log_uniform(1e-3, 1.0);
    for (std::size_t e = 0; e < services_[i].endpoints.size(); ++e) {
      mean[i].push_back(std::clamp(base * log_uniform(0.5, 2.0), 1e-6, duration_));
    }
  }
  // A timeout somewhere between half and 20x the callee's own mean work.
  const auto timeout_for = [&](const std::string& to) {
    const auto dot = to.find('.');
    for (std::size_t i = 0; i < services_.size(); ++i) {
      if (services_[i].name != to.substr(0, dot)) continue;
      for (std::size_t e = 0; e < services_[i].endpoints.size(); ++e)
        if (services_[i].endpoints[e].name == to.substr(dot + 1))
          return mean[i][e] * log_uniform(0.5, 20.0);
    }
    return 1.0;
  };
  for (std::size_t i = 0; i < services_.size(); ++i) {
    Service& s = services_[i];
    json endpoints = json::object();
    for (std::size_t e = 0; e < s.endpoints.size(); ++e) {
      Endpoint& ep = s.endpoints[e];
      json spec = json::object();
      if (const json work = distribution(mean[i][e]); !work.is_null()) spec["work"] = work;
      for (json& call : ep.calls) {
        if (call.contains("timeout_s")) {
          call["timeout_s"] = timeout_for(call["to"].get<std::string>());
          coverage_.note("call:timeout");
        }
      }
      if (!ep.calls.empty() || chance(0.2)) spec["calls"] = ep.calls;
      endpoints[ep.name] = std::move(spec);
    }
    s.spec["endpoints"] = std::move(endpoints);
    out_.document["services"][s.name] = s.spec;
  }
  for (auto& [name, w] : out_.document["workloads"].items()) {
    if (!w.contains("client") || !w["client"].contains("timeout_s")) continue;
    w["client"]["timeout_s"] = timeout_for(w["entry"].get<std::string>()) * 3;
    coverage_.note("client:timeout");
  }
}

void Builder::make_top_level() {
  json& doc = out_.document;
  if (chance(0.7)) doc["name"] = fmt::format("random-{}", seed_);
  if (chance(0.9)) doc["seed"] = chance(0.1) ? rng_.next_u64() : rng_.below(1000);
  doc["duration_s"] = duration_;
  if (chance(0.4)) {
    doc["warmup_s"] = chance(0.2) ? 0.0 : uniform(0.0, duration_ / 3);
    coverage_.note("warmup");
  }
  if (chance(0.7)) {
    json report = json::object();
    if (chance(0.7)) report["interval_s"] = duration_ / integer(1, 40);
    if (chance(0.6)) {
      const std::vector<double> pool = {50, 90, 99, 99.9, 25, 75, 0.5, 99.99, 12.5};
      json list = json::array();
      std::vector<double> chosen;
      const int k = integer(0, 5);
      for (int i = 0; i < k; ++i) {
        const double p = chance(0.8) ? pick(pool) : std::round(uniform(0.1, 99.9) * 10) / 10;
        if (std::find(chosen.begin(), chosen.end(), p) != chosen.end()) continue;
        chosen.push_back(p);
        list.push_back(p);
      }
      report["percentiles"] = list;
      coverage_.note(list.empty() ? "percentiles:empty" : "percentiles:custom");
    }
    doc["report"] = report;
  }
  // max_events is the backstop; a small limit sometimes forces an aborted run.
  const double l = rng_.uniform01();
  if (l < 0.9) {
    json limits = {{"max_events", l < 0.1 ? integer(50, 3000) : 40000}};
    if (chance(0.1)) limits["max_in_flight"] = integer(1, 200);
    doc["limits"] = limits;
  }
}

void Builder::make_faults() {
  if (!chance(0.3)) return;
  json faults = json::array();
  std::set<std::string> random_crashed;
  const int n = integer(1, 3);
  for (int i = 0; i < n; ++i) {
    const Service& s = services_[rng_.below(services_.size())];
    const double k = rng_.uniform01();
    json f;
    if (k < 0.4) {
      f = {{"kind", "crash"}, {"service", s.name}, {"at_s", uniform(0.0, duration_)}};
      if (chance(0.6)) f["instances"] = integer(1, s.instances);
    } else if (k < 0.55) {
      f = {{"kind", "slow"}, {"at_s", uniform(0.0, duration_)}, {"factor", log_uniform(0.2, 20.0)}};
      if (chance(0.7)) f["service"] = s.name;
    } else if (k < 0.7) {
      f = {{"kind", "error"}, {"at_s", uniform(0.0, duration_)}, {"probability", uniform(0.0, 1.0)}};
      if (chance(0.7)) f["service"] = s.name;
    } else if (k < 0.85 && services_.size() > 1) {
      const Service& to = services_[rng_.below(services_.size())];
      if (to.name == s.name) continue;
      f = {{"kind", "partition"}, {"at_s", uniform(0.0, duration_)}, {"from", s.name},
           {"to", to.name}, {"bidirectional", chance(0.3)}};
    } else {
      if (random_crashed.count(s.name) > 0) continue;  // one entry per service
      random_crashed.insert(s.name);
      faults.push_back({{"kind", "crash"}, {"service", s.name},
                        {"mtbf_s", log_uniform(duration_ / 20, duration_ * 2)},
                        {"mttr_s", log_uniform(duration_ / 100, duration_ / 5)}});
      coverage_.note("fault:random_crash");
      continue;
    }
    if (chance(0.7)) f["duration_s"] = log_uniform(duration_ / 100, duration_);
    coverage_.note("fault:" + f["kind"].get<std::string>());
    faults.push_back(std::move(f));
  }
  out_.document["faults"] = std::move(faults);
}

void Builder::make_slo() {
  if (!chance(0.3)) return;
  json slo = json::array();
  const int n = integer(1, 2);
  for (int i = 0; i < n; ++i) {
    json entry = {{"workload", pick(workload_names_)}};
    const std::vector<std::string> keys = {"mean_s", "p50_s", "p90_s", "p99_s", "success_ratio"};
    for (const std::string& k : keys)
      if (chance(0.4)) entry[k] = k == "success_ratio" ? uniform(0.0, 1.0) : log_uniform(1e-4, 10.0);
    if (entry.size() == 1) entry["p99_s"] = 1.0;
    slo.push_back(std::move(entry));
    coverage_.note("slo");
  }
  out_.document["slo"] = std::move(slo);
}

// Retries, breakers, rate limits, shedding, closed and session workloads, added to the
// finished document from a stream of their own, so the draws of everything above are
// those of a document without them.
void Builder::make_resilience() {
  Rng r(mix64(seed_ ^ 0x7e511e7ceULL));
  const auto maybe = [&](double p) { return r.uniform01() < p; };
  const auto pick = [&](const std::vector<std::string>& xs) { return xs[r.below(xs.size())]; };
  const auto retry = [&]() {
    json policy = {{"max_attempts", 2 + static_cast<int>(r.below(2))},
                   {"backoff", pick({"none", "constant", "exponential"})},
                   {"base_s", duration_ * 0.01 * r.uniform01()},
                   {"jitter", pick({"none", "full", "equal", "decorrelated"})}};
    policy["cap_s"] = policy["base_s"].get<double>() * 4;
    if (maybe(0.3)) policy["budget_ratio"] = 0.2;
    if (maybe(0.2)) policy["retry_on"] = json::array({"timeout", "error", "circuit_open"});
    return policy;
  };
  json& services = out_.document["services"];
  for (auto& [name, service] : services.items()) {
    for (auto& [ename, endpoint] : service["endpoints"].items()) {
      if (!endpoint.contains("calls")) continue;
      for (json& call : endpoint["calls"]) {
        if (maybe(0.15)) {
          call["retry"] = retry();
          coverage_.note("call:retry");
        }
        if (maybe(0.1)) {
          call["circuit_breaker"] = {{"min_calls", 1 + static_cast<int>(r.below(5))},
                                     {"window_s", duration_ * 0.2},
                                     {"open_s", duration_ * 0.05}};
          coverage_.note("call:circuit_breaker");
        }
      }
    }
    if (maybe(0.1)) {
      service["rate_limit"] = {{"rate_per_s", r.uniform01() * 50}, {"burst", 1 + r.below(5)}};
      if (maybe(0.5)) service["rate_limit"]["per_workload"] = true;
      coverage_.note("service:rate_limit");
    }
    const bool finite = service.contains("workers") && service["workers"].is_number();
    const bool ps = service.contains("discipline") && service["discipline"] == "ps";
    if (finite && !ps && maybe(0.1)) {
      service["shed"] = {{"target_s", duration_ * 0.001}, {"interval_s", duration_ * 0.01}};
      if (maybe(0.5)) service["shed"]["adaptive_lifo"] = true;
      coverage_.note("service:shed");
    }
  }
  json& workloads = out_.document["workloads"];
  for (auto& [name, w] : workloads.items()) {
    if (maybe(0.15)) {
      if (!w.contains("client")) w["client"] = json::object();
      w["client"]["retry"] = retry();
      coverage_.note("client:retry");
    }
    const double u = r.uniform01();
    if (u < 0.1) {
      // The same entry, driven by a population instead of a rate.
      w = {{"kind", "closed"}, {"entry", w["entry"]}, {"population", 1 + r.below(20)},
           {"think_s", {{"dist", "exponential"}, {"mean_s", duration_ * 0.05}}},
           {"client", w.value("client", json::object())}};
      coverage_.note("workload:closed");
    } else if (u < 0.2) {
      json client = {{"on_failure", {{"retry_after_s", {{"dist", "exponential"},
                                                        {"mean_s", duration_ * 0.01}}},
                                     {"abandon_after", 1 + r.below(3)}}}};
      if (w.contains("client") && w["client"].contains("timeout_s"))
        client["timeout_s"] = w["client"]["timeout_s"];
      w = {{"kind", "sessions"},
           {"users", {{"rate", {{"constant", 2.0 / duration_}}}}},
           {"script", json::array({{{"call", w["entry"]}},
                                   {{"call", w["entry"]},
                                    {"repeat", {{"dist", "geometric"}, {"mean", 3}}},
                                    {"think_s", {{"dist", "exponential"},
                                                 {"mean_s", duration_ * 0.02}}}}})},
           {"client", client}};
      coverage_.note("workload:sessions");
    }
  }
}

// Sometimes a GPU batch tier "gpu" with its own open workload "gpu_w" (so the call
// tree's visit caps are untouched), and sometimes a crash of one of its replicas.
void Builder::make_gpu_tier() {
  if (!chance(0.2)) return;
  const int replicas = integer(1, 3);
  const int max_batch = integer(1, 16);
  const double prompt = log_uniform(1, 500), output = log_uniform(1, 100);
  json gpu = {{"kind", "gpu_batch"},
              {"instances", replicas},
              {"max_batch", max_batch},
              {"kv_cache_tokens", static_cast<int>(log_uniform(50, 20000))},
              {"iteration", {{"base_s", duration_ * log_uniform(1e-5, 1e-3)}}},
              {"endpoints",
               {{"generate",
                 {{"prompt_tokens", {{"dist", "lognormal"}, {"mean", prompt}, {"cv", 1.0}}},
                  {"output_tokens", {{"dist", "geometric"}, {"mean", 1 + output}}}}}}}};
  if (chance(0.7)) gpu["iteration"]["per_prefill_token_s"] = duration_ * log_uniform(1e-9, 1e-6);
  if (chance(0.7)) gpu["iteration"]["per_decode_seq_s"] = duration_ * log_uniform(1e-8, 1e-5);
  if (chance(0.4)) gpu["max_queue"] = integer(1, 50);
  if (chance(0.4)) gpu["max_wait_s"] = duration_ * log_uniform(1e-3, 0.2);
  if (chance(0.5)) gpu["balancer"] = pick(kBalancers);
  out_.document["services"]["gpu"] = std::move(gpu);
  // Offered about 0.3x to 3x what the replicas could finish in lockstep.
  const double capacity = replicas * max_batch / (output * duration_ * 1e-3);
  out_.document["workloads"]["gpu_w"] = {
      {"kind", "open"},
      {"entry", "gpu.generate"},
      {"rate", {{"constant", std::min(capacity * log_uniform(0.3, 3.0), 2e4 / duration_)}}}};
  if (chance(0.3)) {
    out_.document["faults"].push_back({{"kind", "crash"},
                                       {"service", "gpu"},
                                       {"at_s", duration_ * uniform(0.1, 0.8)},
                                       {"duration_s", duration_ * uniform(0.01, 0.2)},
                                       {"instances", 1}});
  }
  coverage_.note("service:gpu_batch");
}

// Autoscaling on some services, from a stream of its own (the draws above are those
// of a document without it). max is at least the starting instances, so the crash
// faults drawn above stay within bounds.
void Builder::make_autoscale() {
  Rng r(mix64(seed_ ^ 0xa0705ca1eULL));
  for (auto& [name, service] : out_.document["services"].items()) {
    if (r.uniform01() >= 0.15) continue;
    if (service.value("kind", "standard") == "session_store") continue;
    const auto instances = service.value("instances", std::uint64_t{1});
    const bool finite = service.contains("workers") && service["workers"].is_number();
    const std::uint64_t metric = r.below(finite ? 3 : 2);
    json policy = {{"metric", metric == 0 ? "in_flight" : metric == 1 ? "queue_per_instance"
                                                                       : "utilization"},
                   {"target", metric == 2 ? 0.2 + 0.7 * r.uniform01() : 0.5 + 4 * r.uniform01()},
                   {"period_s", duration_ * (0.02 + 0.2 * r.uniform01())},
                   {"min", 1 + r.below(instances)},
                   {"max", instances + r.below(4)},
                   {"step_down", 1 + r.below(2)},
                   {"provision_delay_s", duration_ * 0.1 * r.uniform01()},
                   {"cooldown_s", duration_ * 0.1 * r.uniform01()}};
    if (r.uniform01() < 0.5) policy["step_up"] = 1 + r.below(3);
    if (r.uniform01() < 0.5) {
      policy["cold_start"] = {{"factor", 1 + 3 * r.uniform01()},
                              {"warm_s", duration_ * 0.1 * r.uniform01()}};
    }
    service["autoscale"] = std::move(policy);
    coverage_.note("service:autoscale");
  }
}

GeneratedScenario Builder::build() {
  duration_ = log_uniform(0.5, 200.0);
  out_.document = json::object();
  make_services();
  make_calls();
  make_workloads();
  make_work();
  make_top_level();
  make_faults();
  make_slo();
  make_resilience();
  make_gpu_tier();
  make_autoscale();
  return std::move(out_);
}

}  // namespace

std::uint64_t Coverage::count(std::string_view feature) const {
  const auto it = counts_.find(std::string(feature));
  return it == counts_.end() ? 0 : it->second;
}

GeneratedScenario generate_scenario(std::uint64_t seed, const std::filesystem::path& dir,
                                    Coverage& coverage) {
  return Builder(seed, dir, coverage).build();
}

std::vector<std::string> required_features() {
  std::vector<std::string> out;
  for (const auto& d : kDisciplines) out.push_back("discipline:" + d);
  for (const auto& b : kBalancers) out.push_back("balancer:" + b);
  for (const auto& d : kDists) out.push_back("dist:" + d);
  for (const auto& c : kLeafCurves) out.push_back("curve:" + c);
  for (const auto& c : kComposite) out.push_back("curve:" + c);
  for (const char* f : {"call:probability", "call:count", "call:parallel", "call:timeout",
                        "client:timeout", "process:hawkes", "hawkes:exponential",
                        "hawkes:power_law", "process:timestamps", "arrivals:deterministic",
                        "fault:crash", "fault:slow", "fault:error", "fault:partition",
                        "fault:random_crash", "slo", "warmup", "workers:unlimited", "queue_capacity:0",
                        "queue_capacity:absent", "health_check_s", "workload:priority",
                        "percentiles:empty", "percentiles:custom", "call:retry",
                        "client:retry", "call:circuit_breaker", "service:rate_limit",
                        "service:shed", "workload:closed", "workload:sessions",
                        "service:autoscale", "service:gpu_batch"})
    out.emplace_back(f);
  return out;
}

}  // namespace surge::invariants
