// The SimGrid engine's network against SimGrid's documented CM02 model
// (docs/simgrid.md, "Network"). The engine runs CM02 with latency factor 1, bandwidth
// factor 1, weight-S 0, no cross-traffic and a TCP window that never binds, so:
//   - a lone message of S bytes over a route of total latency L whose narrowest link
//     has bandwidth B takes exactly L + S / B;
//   - k flows of the same route sharing a link of bandwidth B each get B / k: started
//     together, each finishes at L + k S / B.
// Each scenario is tiny and deterministic (zero or constant work, evenly spaced
// arrivals), so every expected time is computed here by hand from those formulas and
// compared with what the run observer saw: the calling visit's response time is the
// request's transit, the callee's work, and the answer's transit.
#include "tests/simgrid/engine_runs.hpp"

namespace {

using namespace surge;
using namespace surge::test_simgrid;

json work(double seconds) { return {{"dist", "deterministic"}, {"value_s", seconds}}; }

json service(double work_s, json calls = json::array()) {
  return {{"workers", "unlimited"},
          {"endpoints", {{"x", {{"work", work(work_s)}, {"calls", std::move(calls)}}}}}};
}

// `users` open workloads of one request each (evenly spaced arrivals every 10 s over a
// 15 s run), all arriving at the same instant.
json scenario_doc(json services, json network, int users = 1) {
  json workloads = json::object();
  for (int u = 0; u < users; ++u) {
    workloads["u" + std::to_string(u)] = {{"kind", "open"},
                                          {"entry", "front.x"},
                                          {"arrivals", "deterministic"},
                                          {"rate", {{"constant", 0.1}}}};
  }
  return {{"name", "network"},      {"seed", 3},          {"duration_s", 15},
          {"services", services},   {"network", network}, {"workloads", workloads}};
}

std::uint32_t service_index(const scenario::LoadedScenario& s, const std::string& name) {
  for (std::uint32_t i = 0; i < s.graph.services.size(); ++i)
    if (s.graph.services[i].name == name) return i;
  FAIL("no service " << name);
  return 0;
}

// Every departure of `service` in a SimGrid run of `doc`; at least `at_least` of them.
std::vector<Departure> simgrid_departures(const json& doc, const std::string& name,
                                          std::size_t at_least) {
  const scenario::LoadedScenario s = load(doc, /*native_engine=*/false);
  const std::uint32_t index = service_index(s, name);
  const Run run = run_simgrid(s);
  std::vector<Departure> out;
  for (const auto& [id, d] : run.recorder.departures)
    if (std::get<2>(id) == index) out.push_back(d);
  REQUIRE(out.size() >= at_least);
  return out;
}

void check_all(const std::vector<Departure>& departures, double expected_response_s) {
  for (const Departure& d : departures) {
    CHECK(d.outcome == static_cast<int>(mesh::Outcome::kOk));
    CHECK(d.response_s == Approx(expected_response_s).margin(1e-9));
  }
}

json call(const std::string& to, double request_bytes, double response_bytes) {
  return {{"to", to}, {"request_bytes", request_bytes}, {"response_bytes", response_bytes}};
}

json one_zone(double latency_s, double bandwidth_bps) {
  return {{"zones",
           {{"z",
             {{"services", {"front", "back"}},
              {"latency_s", latency_s},
              {"bandwidth_bps", bandwidth_bps}}}}}};
}

}  // namespace

TEST_CASE("simgrid::network: a lone message takes L + S / B (CM02, factors 1, weight-S 0)",
          "[simgrid]") {
  const double L = 0.003, B = 1e6, S = 25000, R = 5000, w = 0.01;
  const json doc = scenario_doc(
      {{"front", service(0, json::array({call("back.x", S, R)}))}, {"back", service(w)}},
      one_zone(L, B));
  // The request: L + S / B; the work; the answer: L + R / B.
  check_all(simgrid_departures(doc, "front", 1), (L + S / B) + w + (L + R / B));
  // The callee counts from the request's arrival: its response is its work alone.
  check_all(simgrid_departures(doc, "back", 1), w);
}

TEST_CASE("simgrid::network: k simultaneous flows over one link each get B / k", "[simgrid]") {
  const double L = 0.003, B = 1e6, S = 25000;
  for (const int k : {2, 4}) {
    INFO("flows: " << k);
    const json doc = scenario_doc(
        {{"front", service(0, json::array({call("back.x", S, 0)}))}, {"back", service(0)}},
        one_zone(L, B), k);
    // k requests cross together: each at B / k, so each lands at L + k S / B; the
    // empty answers take L each.
    check_all(simgrid_departures(doc, "front", static_cast<std::size_t>(k)),
              (L + k * S / B) + L);
  }
}

TEST_CASE("simgrid::network: a response crossing two zones pays both zones' and the link's latency",
          "[simgrid]") {
  const double east_L = 0.001, west_L = 0.002, link_L = 0.04;
  const double zone_B = 1e8, link_B = 1e6, R = 20000, w = 0.005, cache_w = 0.007;
  const json network = {
      {"zones",
       {{"east", {{"services", {"front"}}, {"latency_s", east_L}, {"bandwidth_bps", zone_B}}},
        {"west", {{"services", {"back"}}, {"latency_s", west_L}, {"bandwidth_bps", zone_B}}}}},
      {"links", {{{"between", {"east", "west"}}, {"latency_s", link_L}, {"bandwidth_bps", link_B}}}}};
  // front calls back across the link, then cache, which is in no zone (free messages).
  const json doc = scenario_doc({{"front", service(0, json::array({call("back.x", 0, R),
                                                                   call("cache.x", 1e6, 1e6)}))},
                                 {"back", service(w)},
                                 {"cache", service(cache_w)}},
                                network);
  const double path_L = east_L + link_L + west_L;
  // The request carries no bytes: the path's latency. The answer: the path's latency
  // and R bytes at the narrowest bandwidth on it, the link's.
  check_all(simgrid_departures(doc, "front", 1),
            path_L + w + (path_L + R / link_B) + cache_w);
}

TEST_CASE("simgrid::network: with latencies and no bytes both engines agree request by request",
          "[simgrid]") {
  json front = {{"workers", 2},
                {"endpoints",
                 {{"x",
                   {{"work", {{"dist", "exponential"}, {"mean_s", 0.03}}},
                    {"calls",
                     {{{"to", "callee.x"}, {"timeout_s", 0.35}}, {{"to", "local.x"}}}}}}}}};
  json callee = {{"workers", 1},
                 {"instances", 2},
                 {"balancer", "random"},
                 {"endpoints", {{"x", {{"work", {{"dist", "exponential"}, {"mean_s", 0.09}}}}}}}};
  json local = {{"workers", 1},
                {"queue_capacity", 3},
                {"endpoints", {{"x", {{"work", {{"dist", "exponential"}, {"mean_s", 0.02}}}}}}}};
  const json network = {
      {"zones",
       {{"a", {{"services", {"front", "local"}}, {"latency_s", 0.0015}}},
        {"b", {{"services", {"callee"}}, {"latency_s", 0.0007}}}}},
      {"links", {{{"between", {"a", "b"}}, {"latency_s", 0.045}}}}};
  json doc = {{"name", "network-cross-check"},
              {"seed", 11},
              {"duration_s", 300},
              {"services", {{"front", front}, {"callee", callee}, {"local", local}}},
              {"network", network},
              {"workloads",
               {{"users",
                 {{"kind", "open"},
                  {"entry", "front.x"},
                  {"rate", {{"constant", 6.0}}},
                  {"client", {{"timeout_s", 0.8}}}}}}}};
  doc["faults"] = {{{"kind", "crash"}, {"at_s", 100}, {"duration_s", 40}, {"service", "callee"},
                    {"instances", 1}}};
  const json report = cross_check(doc);
  // The timeouts fire: the 0.35 s call timeout runs from the sending, across 2 x 47 ms.
  CHECK(report.at("workloads").at("users").at("failed").at("timeout").get<std::uint64_t>() > 20);
}
