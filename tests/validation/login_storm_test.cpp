// Login storm (docs/validation.md, "Sessions"): flushing the session store under
// steady load sends every active user back to the login.
//
// Users arrive at lambda = 2/s; each logs in (web.login -> idp.verify, sessions.put)
// and then chats a geometric number of times (mean m = 30), thinking an exponential
// Z = 20 s before each chat (web.chat -> sessions.get). A user's time in its script
// is then the sum of a geometric number of exponentials, itself exponential with
// mean T = m Z (response times are milliseconds against it), so the users active at
// time t are Poisson with mean lambda T (1 - e^{-t/T}) (M/M/inf started empty).
//
// At t_f the store loses every session. Every active user is thinking before a chat
// (a chat follows each think), so each makes exactly one more chat, finds no session
// (unauthenticated) and logs in again: the extra logins number N_a, the users active
// at t_f. By memorylessness each comes after an Exp(Z) wait, independently, so the
// extra logins within d of t_f are Binomial(N_a, 1 - e^{-d/Z}), on top of the
// baseline Poisson(lambda d) of new users. Once they are done (d >> Z) the login rate
// is back to lambda.
#include <catch2/catch.hpp>
#include <cmath>

#include "tests/validation/queueing_harness.hpp"

namespace surge::validation {
namespace {

constexpr double kUsersPerS = 2.0;
constexpr double kChats = 30.0;
constexpr double kThink = 20.0;
constexpr double kFlushAt = 3000.0;
constexpr double kInterval = 10.0;
constexpr double kZ999 = 3.2905;  // two-sided 99.9% normal quantile

json login_storm_scenario() {
  const json fast = deterministic(0.001);
  json web = {{"workers", "unlimited"},
              {"endpoints",
               {{"login",
                 {{"work", exponential(0.01)},
                  {"calls", json::array({{{"to", "idp.verify"}}, {{"to", "sessions.put"}}})}}},
                {"chat",
                 {{"work", exponential(0.01)}, {"calls", json::array({{{"to", "sessions.get"}}})}}}}}};
  json idp = {{"workers", "unlimited"}, {"endpoints", {{"verify", {{"work", exponential(0.05)}}}}}};
  json store = {{"kind", "session_store"},
                {"instances", 3},
                {"workers", "unlimited"},
                {"endpoints", {{"get", {{"work", fast}}}, {"put", {{"work", fast}}}}}};
  json doc = scenario("login-storm", kFlushAt + 800.0, 0.0,
                      {{"web", web}, {"idp", idp}, {"sessions", store}}, "web.login", 1.0);
  doc["workloads"]["w"] = {
      {"kind", "sessions"},
      {"users", {{"rate", {{"constant", kUsersPerS}}}}},
      {"script",
       json::array({{{"call", "web.login"}},
                    {{"call", "web.chat"},
                     {"repeat", {{"dist", "geometric"}, {"mean", kChats}}},
                     {"think_s", exponential(kThink)}}})}};
  doc["faults"] = json::array({{{"kind", "flush"}, {"service", "sessions"}, {"at_s", kFlushAt}}});
  doc["report"] = {{"interval_s", kInterval}};
  return doc;
}

// Logins (idp visits) in the intervals starting in [from, to).
double logins(const json& report, double from, double to) {
  const json& t = report.at("timeseries").at("t_s");
  const json& rate = report.at("timeseries").at("services").at("idp").at("arrivals_per_s");
  double n = 0.0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const double start = t[i].get<double>();
    if (start >= from && start < to) n += rate[i].get<double>() * kInterval;
  }
  return n;
}

void check_within(const char* what, double observed, double mean, double variance) {
  const double half = kZ999 * std::sqrt(variance);
  INFO(what << ": observed " << observed << ", expected " << mean << " +- " << half);
  CHECK(std::abs(observed - mean) <= half);
}

}  // namespace

TEST_CASE("validation::login storm: a flush sends every active user back to the login, and "
          "the login rate returns to baseline",
          "[validation]") {
  const json report = run_replication(login_storm_scenario(), 0);
  const json& w = report.at("workloads").at("w");
  const double session_mean = kChats * kThink;
  const double active_mean = kUsersPerS * session_mean * (1.0 - std::exp(-kFlushAt / session_mean));
  // N_a: every user active at the flush fails one chat with unauthenticated.
  const double relogins = w.at("failed").at("unauthenticated").get<double>();
  check_within("users sent back to the login (active at the flush)", relogins, active_mean,
               active_mean);
  CHECK(report.at("services").at("sessions").at("sessions").at("wiped").get<double>() > relogins);

  // Before the flush: new users only.
  check_within("logins in the 500 s before the flush", logins(report, kFlushAt - 500.0, kFlushAt),
               kUsersPerS * 500.0, kUsersPerS * 500.0);
  // The first 10 s and 30 s after it: baseline plus Binomial(N_a, 1 - e^{-d/Z}).
  for (const double d : {10.0, 30.0}) {
    const double p = 1.0 - std::exp(-d / kThink);
    check_within("logins right after the flush", logins(report, kFlushAt, kFlushAt + d),
                 kUsersPerS * d + relogins * p, kUsersPerS * d + relogins * p * (1.0 - p));
  }
  const double jump = (kUsersPerS * kInterval + relogins * (1.0 - std::exp(-kInterval / kThink))) /
                      (kUsersPerS * kInterval);
  INFO("the login rate jumps by a factor of about " << jump);
  CHECK(jump > 20.0);
  // Rebuilt: from 10 Z after the flush, the rate is the baseline again.
  check_within("logins once sessions are rebuilt", logins(report, kFlushAt + 200.0, kFlushAt + 800.0),
               kUsersPerS * 600.0 + relogins * std::exp(-10.0), kUsersPerS * 600.0);
  // Users: arrived = completed + abandoned + still in their script.
  const json& users = w.at("users");
  CHECK(users.at("arrived").get<std::uint64_t>() ==
        users.at("completed").get<std::uint64_t>() + users.at("abandoned").get<std::uint64_t>() +
            users.at("in_script").get<std::uint64_t>());
  CHECK(w.at("offered").get<std::uint64_t>() ==
        w.at("succeeded").get<std::uint64_t>() + w.at("in_flight").get<std::uint64_t>() +
            w.at("failed").at("unauthenticated").get<std::uint64_t>());
}

}  // namespace surge::validation
