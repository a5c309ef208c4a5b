// Isolation under a login storm (docs/validation.md, "Isolation"): a flush of the
// session store sends every active web user back to the login at once; the gateway
// that web and API share fills with logins, and only workers reserved for the API
// (bulkheads) keep the API's requests going.
//
// The scenario (as configs/login-storm.json, shorter): web users arrive at
// lambda_u = 30/s; each logs in (gateway.login -> auth.login -> idp.verify, then
// sessions.put) and chats a geometric number of times (mean 100), thinking Exp(Z),
// Z = 6 s, before each chat (gateway.chat -> sessions.get, chat.reply). The API
// (gateway.api -> api.chat, Exp(0.1 s)) is open at 100/s and never touches the
// session store. The gateway has 2 instances x 64 workers and a waiting room of 64
// each; a worker is held while its visit waits downstream (5 s timeout on the login
// call). The store is flushed at t_f = 60 s.
//
// Capacity arithmetic (the bounds below are computed from it, not tuned):
// - Users in their script at t_f: Poisson with mean N = lambda_u T (1 - e^{-t_f/T}),
//   T = 100 Z = 600 s (login_storm_test.cpp), N ~ 1,713; we take its 99.9% low end.
// - Every one of them is thinking, so each makes one more chat after Exp(Z), fails
//   with unauthenticated and logs in at once: within d = 10 s of t_f,
//   U = N (1 - e^{-d/Z}) ~ 1,389 unauthenticated failures, and as many logins plus
//   lambda_u d = 300 from new users.
// - Logins are limited by idp: 16 workers, deterministic 0.2 s, so at most
//   16 (d / 0.2 + 1) = 816 logins end in the window. Each re-logged user redoes its
//   chat at once and then chats every Exp(Z): at most 1 + d/Z successful chats each.
//   Successes S <= 816 (2 + d/Z) = 2,992, so the web error ratio of the requests
//   ending in [t_f, t_f + d) is at least U / (U + S) ~ 0.30 (0 before the flush).
// - The relogin rate right after t_f, N/Z ~ 285/s, is 3.6x idp's 80/s: idp's queue
//   grows by ~200/s, every login then holds a gateway worker for seconds, and 285/s
//   x 0.5 s already exceeds the gateway's 128 workers: it saturates within a second
//   and its rooms fill.
// - Without bulkheads: in [t_f, t_f + d) the gateway can admit at most 816 logins
//   freed by idp, 128 x 2 freed by the 5 s timeout and the 128 workers idle at t_f:
//   1,200, of the >= U + 300 logins that arrive, so at most ~0.76 of arrivals find
//   room. The room is shared and FIFO; API requests arrive as a Poisson stream and
//   see a full room as often as the (near-Poisson) logins do, so at most ~0.76 of
//   them are even admitted; we check the API's success ratio in the window < 0.9.
// - With bulkheads {"api": 20}: the API offers 100/s x ~0.1 s / 2 = 5 erlangs per
//   instance to its 20 reserved workers. Even if the room is always full (a loss
//   system), an API visit fails only when all 20 are busy: Erlang B(20, 5) = 2.6e-7;
//   a 2 s client timeout adds e^{-19} for the exponential api.chat. So the API's
//   success ratio over the storm, [t_f, t_f + 20 s), must stay >= 0.999.
#include <catch2/catch.hpp>
#include <cmath>

#include "tests/validation/queueing_harness.hpp"

namespace surge::validation {
namespace {

constexpr double kUsersPerS = 30.0;
constexpr double kChats = 100.0;
constexpr double kThink = 6.0;
constexpr double kFlushAt = 60.0;
constexpr double kWindow = 10.0;       // d, one report interval
constexpr double kIdpWorkers = 16.0;   // 2 instances x 8
constexpr double kIdpWork = 0.2;       // deterministic
constexpr double kGatewayWorkers = 128.0;
constexpr double kLoginTimeout = 5.0;
constexpr double kZ999 = 3.0902;  // one-sided 99.9% normal quantile

json call_to(const std::string& to, double timeout_s) {
  return {{"to", to}, {"timeout_s", timeout_s}};
}

json storm_scenario(bool bulkheads) {
  const json fast = exponential(0.001);
  json gateway = {
      {"instances", 2},
      {"workers", 64},
      {"queue_capacity", 64},
      {"endpoints",
       {{"login", {{"work", fast}, {"calls", json::array({call_to("auth.login", kLoginTimeout)})}}},
        {"chat",
         {{"work", fast},
          {"calls", json::array({call_to("sessions.get", 1.0), call_to("chat.reply", 10.0)})}}},
        {"api", {{"work", fast}, {"calls", json::array({call_to("api.chat", 10.0)})}}}}}};
  if (bulkheads) gateway["bulkheads"] = {{"api", 20}};
  json auth = {{"instances", 2},
               {"workers", 64},
               {"queue_capacity", 512},
               {"endpoints",
                {{"login",
                  {{"work", exponential(0.002)},
                   {"calls", json::array({{{"to", "idp.verify"}}, {{"to", "sessions.put"}}})}}}}}};
  json idp = station(8, deterministic(kIdpWork), 1000);
  idp["instances"] = 2;
  idp["endpoints"] = {{"verify", {{"work", deterministic(kIdpWork)}}}};
  json store = {{"kind", "session_store"},
                {"instances", 4},
                {"workers", 32},
                {"endpoints", {{"get", {{"work", fast}}}, {"put", {{"work", fast}}}}}};
  json backend = {{"instances", 4}, {"workers", 32}, {"endpoints", {{"reply", {{"work", exponential(0.1)}}}}}};
  json api = {{"instances", 2}, {"workers", 32}, {"endpoints", {{"chat", {{"work", exponential(0.1)}}}}}};
  json doc = scenario("isolation", kFlushAt + 2.0 * kWindow, 0.0,
                      {{"gateway", gateway},
                       {"auth", auth},
                       {"idp", idp},
                       {"sessions", store},
                       {"chat", backend},
                       {"api", api}},
                      "gateway.api", 100.0);
  doc["workloads"]["api"] = doc["workloads"]["w"];
  doc["workloads"]["api"]["client"] = {{"timeout_s", 2.0}};
  doc["workloads"].erase("w");
  doc["workloads"]["web"] = {
      {"kind", "sessions"},
      {"users", {{"rate", {{"constant", kUsersPerS}}}}},
      {"script",
       json::array({{{"call", "gateway.login"}},
                    {{"call", "gateway.chat"},
                     {"repeat", {{"dist", "geometric"}, {"mean", kChats}}},
                     {"think_s", exponential(kThink)}}})},
      {"client",
       {{"timeout_s", 3.0},
        {"on_failure", {{"retry_after_s", exponential(5.0)}, {"abandon_after", 3}}}}}};
  doc["faults"] = json::array({{{"kind", "flush"}, {"service", "sessions"}, {"at_s", kFlushAt}}});
  doc["report"] = {{"interval_s", kWindow}};
  return doc;
}

// Index of the report interval starting at t.
std::size_t interval_at(const json& report, double t) {
  const json& starts = report.at("timeseries").at("t_s");
  for (std::size_t i = 0; i < starts.size(); ++i)
    if (std::abs(starts[i].get<double>() - t) < 1e-9) return i;
  FAIL("no interval starts at " << t);
  return 0;
}

// The workload's success ratio among the requests that ended in [from, to), from
// the series: goodput and error ratio give succeeded and failed per interval.
double success_ratio(const json& report, const std::string& workload, double from, double to) {
  const json& series = report.at("timeseries").at("workloads").at(workload);
  double succeeded = 0.0;
  double failed = 0.0;
  for (std::size_t i = interval_at(report, from); i < interval_at(report, to - kWindow) + 1; ++i) {
    const double ok = series.at("goodput_per_s")[i].get<double>() * kWindow;
    const double error_ratio = series.at("error_ratio")[i].get<double>();
    REQUIRE(error_ratio < 1.0);
    succeeded += ok;
    failed += ok * error_ratio / (1.0 - error_ratio);
  }
  return succeeded / (succeeded + failed);
}

double web_error_ratio(const json& report, double from) {
  return report.at("timeseries").at("workloads").at("web").at("error_ratio")[interval_at(report, from)]
      .get<double>();
}

}  // namespace

TEST_CASE("validation::isolation: under a login storm the API keeps >= 99.9% success with "
          "bulkheads, and both collapse without them",
          "[validation]") {
  const double session_mean = kChats * kThink;
  const double active = kUsersPerS * session_mean * (1.0 - std::exp(-kFlushAt / session_mean));
  const double active_low = active - kZ999 * std::sqrt(active);
  const double relogins_low = active_low * (1.0 - std::exp(-kWindow / kThink));
  const double idp_logins_max = kIdpWorkers * (kWindow / kIdpWork + 1.0);
  const double web_successes_max = idp_logins_max * (2.0 + kWindow / kThink);
  const double web_error_low = relogins_low / (relogins_low + web_successes_max);
  const double admitted_max = idp_logins_max + kGatewayWorkers * std::ceil(kWindow / kLoginTimeout) +
                              kGatewayWorkers;
  const double admitted_share = admitted_max / (relogins_low + kUsersPerS * kWindow);
  INFO("users active at the flush ~" << active << " (99.9% low " << active_low
                                     << "), relogins in the window >= " << relogins_low
                                     << ", web error ratio >= " << web_error_low
                                     << ", share of logins admitted <= " << admitted_share);
  REQUIRE(web_error_low > 0.25);
  REQUIRE(admitted_share < 0.8);

  SECTION("with bulkheads the API holds while the web collapses") {
    const json with = run_replication(storm_scenario(true), 0);
    CHECK(web_error_ratio(with, kFlushAt - kWindow) <= 0.001);
    CHECK(web_error_ratio(with, kFlushAt) >= web_error_low);
    CHECK(with.at("services").at("gateway").at("endpoints").at("login").at("failed").at("rejected")
              .get<double>() > 0.0);
    const double api = success_ratio(with, "api", kFlushAt, kFlushAt + 2.0 * kWindow);
    INFO("API success ratio over the storm with bulkheads: " << api);
    CHECK(api >= 0.999);
  }
  SECTION("without bulkheads the API collapses with the web") {
    const json without = run_replication(storm_scenario(false), 0);
    CHECK(web_error_ratio(without, kFlushAt) >= web_error_low);
    CHECK(success_ratio(without, "api", kFlushAt - kWindow, kFlushAt) >= 0.999);
    const double api = success_ratio(without, "api", kFlushAt, kFlushAt + kWindow);
    INFO("API success ratio in the first " << kWindow << " s of the storm without bulkheads: "
                                            << api << " (admitted share <= " << admitted_share << ")");
    CHECK(api < 0.9);
  }
}

}  // namespace surge::validation
