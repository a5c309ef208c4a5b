// The SimGrid engine's link figures (docs/report.md, "network"; docs/simgrid.md, "Link
// figures") against hand computation. Under the engine's CM02 settings a lone message
// of S bytes over a route of latency L and narrowest bandwidth B first waits L, taking
// no bandwidth, then moves its bytes at B for S / B (docs/simgrid.md, "Network"); so
// with evenly spaced calls that never overlap on a link, each interval's bytes on each
// link are known to the byte, including where an interval or the warmup cuts a
// transfer in two. A link that always has a backlog of flows is busy all the time:
// max-min sharing gives its flows B between them, to the solver's precision.
#include "sim/scenario/timeseries_csv.hpp"
#include "tests/simgrid/engine_runs.hpp"

namespace {

using namespace surge;
using namespace surge::test_simgrid;

json front_calls_back(double request_bytes, double response_bytes) {
  const json zero = {{"dist", "deterministic"}, {"value_s", 0.0}};
  const json call = {{"to", "back.x"},
                     {"request_bytes", request_bytes},
                     {"response_bytes", response_bytes}};
  return {{"front",
           {{"workers", "unlimited"},
            {"endpoints", {{"x", {{"work", zero}, {"calls", json::array({call})}}}}}}},
          {"back", {{"workers", "unlimited"}, {"endpoints", {{"x", {{"work", zero}}}}}}}};
}

// Calls at 1/rate, 2/rate, ... (evenly spaced arrivals) over `duration_s`.
json scenario_doc(json network, double request_bytes, double response_bytes, double rate,
                  double duration_s, double warmup_s, double interval_s) {
  return {{"name", "links"},
          {"seed", 5},
          {"duration_s", duration_s},
          {"warmup_s", warmup_s},
          {"report", {{"interval_s", interval_s}}},
          {"services", front_calls_back(request_bytes, response_bytes)},
          {"network", std::move(network)},
          {"workloads",
           {{"u",
             {{"kind", "open"},
              {"entry", "front.x"},
              {"arrivals", "deterministic"},
              {"rate", {{"constant", rate}}}}}}}};
}

constexpr double kB = 1e6;  // bytes per second of the finite link

// front in zone east, back in zone west; the zones' links unlimited with no latency,
// the link between them 0.1 s and kB.
json two_zones() {
  return {{"zones",
           {{"east", {{"services", {"front"}}}}, {"west", {{"services", {"back"}}}}}},
          {"links",
           {{{"between", {"east", "west"}}, {"latency_s", 0.1}, {"bandwidth_bps", kB}}}}};
}

TEST_CASE("link figures: bytes, utilization and series of evenly spaced calls across two zones",
          "[simgrid][network][links]") {
  // A call at whole second k: its request (R = 10,000 bytes) crosses east->west in
  // [k + 0.1, k + 0.11) and lands at k + 0.11; the answer (S = 100,000 bytes) leaves at
  // once and crosses west->east in [k + 0.21, k + 0.31), landing at k + 0.31. Calls at
  // k = 1..19 (20 s run); the warmup ends at 5.25 s, in the middle of call 5's answer.
  constexpr double kR = 10'000, kS = 100'000, kT = 20.0, kWarmup = 5.25, kInterval = 0.25;
  const scenario::LoadedScenario s =
      load(scenario_doc(two_zones(), kR, kS, 1.0, kT, kWarmup, kInterval), false);
  const json report = run_simgrid(s).report;
  REQUIRE(report.at("workloads").at("u").at("offered") == 14);  // k = 6..19
  const json& links = report.at("network").at("links");
  REQUIRE(links.size() == 4);

  // After the warmup: calls 6..19 whole, and 60,000 bytes (0.06 s) of call 5's answer.
  const double measured = kT - kWarmup;
  const json& out = links.at("east->west");
  CHECK(out.at("from") == "east");
  CHECK(out.at("to") == "west");
  CHECK(out.at("bandwidth_bps").get<double>() == kB);
  CHECK(out.at("bytes").get<double>() == Approx(14 * kR).margin(1e-3));
  CHECK(out.at("utilization").get<double>() ==
        Approx(14 * kR / (kB * measured)).margin(1e-12));
  const json& back = links.at("west->east");
  const double back_bytes = 14 * kS + 0.06 * kB;
  CHECK(back.at("bytes").get<double>() == Approx(back_bytes).margin(1e-3));
  CHECK(back.at("utilization").get<double>() ==
        Approx(back_bytes / (kB * measured)).margin(1e-12));
  // The zones' links are unlimited: bytes of the messages that landed after the
  // warmup (each call's request and answer cross both), no utilization.
  for (const char* zone : {"east", "west"}) {
    INFO("zone link " << zone);
    const json& z = links.at(zone);
    CHECK(z.at("from") == zone);
    CHECK(z.at("to") == zone);
    CHECK(z.at("bandwidth_bps").is_null());
    CHECK(z.at("utilization").is_null());
    CHECK(z.at("bytes").get<double>() == 14 * (kR + kS) + kS);  // call 5's answer landed at 5.31
  }

  // Per 0.25 s interval, from t = 0: in [k, k + 0.25) the request's R bytes and the
  // answer's first 0.04 s; in [k + 0.25, k + 0.5) the answer's last 0.06 s.
  const json& ts = report.at("timeseries").at("network").at("links");
  const json& t_s = report.at("timeseries").at("t_s");
  REQUIRE(t_s.size() == 80);
  for (std::size_t i = 0; i < t_s.size(); ++i) {
    const double t = t_s[i].get<double>();
    const bool call_second = t >= 1.0;
    const double phase = t - std::floor(t);
    double forward = 0.0, reverse = 0.0;
    if (call_second && phase == 0.0) {
      forward = kR;
      reverse = 0.04 * kB;
    } else if (call_second && phase == 0.25) {
      reverse = 0.06 * kB;
    }
    INFO("interval at t = " << t);
    CHECK(ts.at("east->west").at("utilization")[i].get<double>() ==
          Approx(forward / (kB * kInterval)).margin(1e-9));
    CHECK(ts.at("west->east").at("utilization")[i].get<double>() ==
          Approx(reverse / (kB * kInterval)).margin(1e-9));
    CHECK(ts.at("east").at("utilization")[i].is_null());
  }

  // links.csv: a row per interval and link.
  const std::string csv = scenario::links_csv(report);
  CHECK(csv.rfind("t_s,link,utilization\n0.0,east,\n0.0,east->west,0.0\n", 0) == 0);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 80 * 4);
}

TEST_CASE("link figures: one zone's link, a call per second, no warmup",
          "[simgrid][network][links]") {
  // One zone of 10 ms and kB: a call at k = 1..9 carries S = 250,000 bytes back in
  // [k + 0.02, k + 0.27) (request of no bytes: latency only, then the answer's latency).
  constexpr double kS = 250'000, kT = 10.0;
  const json zone = {{"zones",
                      {{"z",
                        {{"services", {"front", "back"}},
                         {"latency_s", 0.01},
                         {"bandwidth_bps", kB}}}}}};
  const scenario::LoadedScenario s = load(scenario_doc(zone, 0, kS, 1.0, kT, 0.0, 1.0), false);
  const json report = run_simgrid(s).report;
  REQUIRE(report.at("workloads").at("u").at("offered") == 9);
  const json& z = report.at("network").at("links").at("z");
  CHECK(z.at("bytes").get<double>() == Approx(9 * kS).margin(1e-3));
  CHECK(z.at("utilization").get<double>() == Approx(9 * kS / (kB * kT)).margin(1e-12));
  const json& series = report.at("timeseries").at("network").at("links").at("z").at("utilization");
  REQUIRE(series.size() == 10);
  CHECK(series[0].get<double>() == Approx(0.0).margin(1e-12));
  for (std::size_t i = 1; i < 10; ++i) CHECK(series[i].get<double>() == Approx(kS / kB).margin(1e-9));
}

TEST_CASE("link figures: a link with a backlog is busy all the time",
          "[simgrid][network][links]") {
  // Ten calls a second, each answering S = 200,000 bytes over one zone of 50 ms and kB:
  // twice what the link carries, so from the first answer's start (the call at 0.1 s,
  // its request's and answer's latencies: 0.2 s) flows are always waiting, and
  // max-min sharing gives them kB between them: the link is idle only in [0, 0.2).
  // Utilization (10 - 0.2) / 10 = 0.98, each interval after 0.2 s at 1, to the solver's
  // maxmin/precision (1e-9 relative) and the clock's rounding.
  constexpr double kS = 200'000, kT = 10.0;
  const json zone = {{"zones",
                      {{"z",
                        {{"services", {"front", "back"}},
                         {"latency_s", 0.05},
                         {"bandwidth_bps", kB}}}}}};
  const scenario::LoadedScenario s = load(scenario_doc(zone, 0, kS, 10.0, kT, 0.0, 0.1), false);
  const json report = run_simgrid(s).report;
  const json& z = report.at("network").at("links").at("z");
  CHECK(z.at("utilization").get<double>() == Approx((kT - 0.2) / kT).margin(1e-8));
  CHECK(z.at("bytes").get<double>() == Approx(kB * (kT - 0.2)).epsilon(1e-8));
  // Fewer bytes than the calls offered: 99 answers of S, about half of them carried.
  CHECK(z.at("bytes").get<double>() < 0.6 * 99 * kS);
  const json& series = report.at("timeseries").at("network").at("links").at("z").at("utilization");
  REQUIRE(series.size() == 100);
  CHECK(series[0].get<double>() == Approx(0.0).margin(1e-12));
  CHECK(series[1].get<double>() == Approx(0.0).margin(1e-9));
  for (std::size_t i = 2; i < series.size(); ++i) {
    INFO("interval " << i);
    CHECK(series[i].get<double>() == Approx(1.0).margin(1e-8));
    CHECK(series[i].get<double>() <= 1.0 + 1e-8);
  }
}

TEST_CASE("link figures: the native engine writes none", "[simgrid][network][links]") {
  const json network = {{"zones",
                         {{"east", {{"services", {"front"}}}}, {"west", {{"services", {"back"}}}}}},
                        {"links", {{{"between", {"east", "west"}}, {"latency_s", 0.1}}}}};
  const scenario::LoadedScenario s = load(scenario_doc(network, 0, 0, 1.0, 5.0, 0.0, 1.0));
  const json native = run_native(s).report;
  CHECK_FALSE(native.contains("network"));
  CHECK_FALSE(native.at("timeseries").contains("network"));
  // The SimGrid engine reports every link, even with no bytes to carry.
  const json sg = run_simgrid(s).report;
  REQUIRE(sg.at("network").at("links").size() == 4);
  CHECK(sg.at("network").at("links").at("west->east").at("bytes").get<double>() == 0.0);
  CHECK(sg.at("network").at("links").at("west").at("bytes").get<double>() == 0.0);
}

}  // namespace

TEST_CASE("link figures: an answer still crossing when its caller times out is aborted there",
          "[simgrid][network][links]") {
  // A call at whole second k (k = 1..9) with a 0.25 s timeout: its empty request
  // crosses the 0.1 s link and lands at k + 0.1; the 500,000-byte answer leaves at once,
  // waits the link's latency to k + 0.2 and moves at kB until the caller gives up at
  // k + 0.25: 50,000 bytes each, not the 500,000 a transfer carried to its end would.
  constexpr double kS = 500'000, kT = 10.0;
  json doc = scenario_doc(two_zones(), 0.0, kS, 1.0, kT, 0.0, 1.0);
  doc["services"]["front"]["endpoints"]["x"]["calls"][0]["timeout_s"] = 0.25;
  const json report = run_simgrid(load(doc, false)).report;
  const json& u = report.at("workloads").at("u");
  REQUIRE(u.at("offered") == 9);
  CHECK(u.at("failed").at("timeout") == 9);
  CHECK(report.at("network").at("links").at("west->east").at("bytes").get<double>() ==
        Approx(9 * 0.05 * kB).margin(1e-3));
}
