// Session users and the session store on small cases computed by hand
// (docs/model.md, "Workloads" and "Session store"). One user arrives at t = 10
// (deterministic arrivals at rate 0.1 over a 19 s run); work is deterministic.
//
// The mesh: web.login calls sessions.put; web.chat calls sessions.get. web has no
// work; the store's get and put take 1 ms each, so a login or chat answers 1 ms
// after it starts and the session is put at t + 1 ms.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/validation/queueing_harness.hpp"

namespace surge::validation {
namespace {

json sessions_scenario(const json& store_extra, const json& script_extra, double duration_s) {
  json web = {{"workers", "unlimited"},
              {"endpoints",
               {{"login", {{"calls", json::array({{{"to", "sessions.put"}}})}}},
                {"chat", {{"calls", json::array({{{"to", "sessions.get"}}})}}}}}};
  json store = {{"kind", "session_store"},
                {"workers", "unlimited"},
                {"endpoints",
                 {{"get", {{"work", deterministic(0.001)}}}, {"put", {{"work", deterministic(0.001)}}}}}};
  store.update(store_extra);
  json chat = {{"call", "web.chat"},
               {"repeat", {{"dist", "deterministic"}, {"value", 3}}},
               {"think_s", deterministic(1.0)}};
  chat.update(script_extra);
  json doc = scenario("sessions", duration_s, 0.0, {{"web", web}, {"sessions", store}}, "web.login",
                      1.0);
  doc["workloads"]["w"] = {{"kind", "sessions"},
                           {"users", {{"rate", {{"constant", 0.1}}}, {"arrivals", "deterministic"}}},
                           {"script", json::array({{{"call", "web.login"}}, chat})},
                           {"client", {{"on_failure", {{"retry_after_s", deterministic(1.0)},
                                                       {"abandon_after", 3}}}}}};
  return doc;
}

const json& workload(const json& report) { return report.at("workloads").at("w"); }

}  // namespace

TEST_CASE("models::sessions: a user logs in, chats with think times, and completes its script",
          "[models]") {
  // Login at 10 (session put at 10.001), chats at 11.001, 12.002, 13.003.
  const json report = run_replication(sessions_scenario(json::object(), json::object(), 19.0), 0);
  const json& w = workload(report);
  CHECK(w.at("offered") == 4);
  CHECK(w.at("succeeded") == 4);
  CHECK(w.at("latency_s").at("mean").get<double>() == Approx(0.001));
  CHECK(w.at("users").at("arrived") == 1);
  CHECK(w.at("users").at("completed") == 1);
  CHECK(w.at("users").at("in_script") == 0);
  // Active from 10 to 13.004 of the 19 s.
  CHECK(w.at("users").at("active").at("mean").get<double>() == Approx(3.004 / 19.0));
  const json& store = report.at("services").at("sessions").at("sessions");
  CHECK(store.at("puts") == 1);
  CHECK(store.at("hits") == 3);
  CHECK(store.at("misses") == 0);
  CHECK(store.at("held").at("at_end") == 1);
  CHECK(store.at("held").at("mean").get<double>() == Approx((19.0 - 10.001) / 19.0));
}

TEST_CASE("models::sessions: an expired session sends the user to the login, then the "
          "interrupted call is redone",
          "[models]") {
  // ttl 2.5 s: the session put at 10.001 expires at 12.501. Chats at 11.001 (hit),
  // 12.002 (miss: unauthenticated at 12.003), login again at 12.003 (put at 12.004),
  // the redone chat at 12.004 (hit, at 12.005), the third chat at 13.005 (hit).
  const json report = run_replication(sessions_scenario({{"ttl_s", 2.5}}, json::object(), 19.0), 0);
  const json& w = workload(report);
  CHECK(w.at("offered") == 6);
  CHECK(w.at("succeeded") == 5);
  CHECK(w.at("failed").at("unauthenticated") == 1);
  CHECK(w.at("users").at("completed") == 1);
  const json& store = report.at("services").at("sessions").at("sessions");
  CHECK(store.at("puts") == 2);
  CHECK(store.at("hits") == 3);
  CHECK(store.at("misses") == 1);
  // Both sessions expire within the run (the second, put at 12.004, at 14.504).
  CHECK(store.at("expirations") == 2);
  CHECK(store.at("held").at("at_end") == 0);
}

TEST_CASE("models::sessions: with ttl_s none sessions never expire", "[models]") {
  const json report =
      run_replication(sessions_scenario({{"ttl_s", "none"}}, json::object(), 19.0), 0);
  const json& store = report.at("services").at("sessions").at("sessions");
  CHECK(store.at("expirations") == 0);
  CHECK(store.at("hits") == 3);
  CHECK(workload(report).at("failed").at("unauthenticated") == 0);
}

TEST_CASE("models::sessions: LRU eviction at capacity logs out the least recently used user",
          "[models]") {
  // Capacity 1, think 8 s, users at 10 and 20 in a 27 s run. A: put 10.001, chat hit at
  // 18.002. B: put 20.001 evicts A. A's chat at 26.002 misses (unauthenticated at
  // 26.003); A logs in again (put 26.004 evicts B) and redoes the chat (hit at 26.005).
  // B's first chat (28.001) falls after the end.
  json doc = sessions_scenario({{"capacity_sessions", 1}}, {{"think_s", deterministic(8.0)}}, 27.0);
  const json report = run_replication(doc, 0);
  const json& store = report.at("services").at("sessions").at("sessions");
  CHECK(store.at("evictions") == 2);
  CHECK(store.at("puts") == 3);
  CHECK(store.at("hits") == 2);
  CHECK(store.at("misses") == 1);
  CHECK(store.at("held").at("max") == 1);
  const json& w = workload(report);
  CHECK(w.at("failed").at("unauthenticated") == 1);
  CHECK(w.at("offered") == 6);  // A: login, chat, chat, login, chat (5); B: login (1)
}

TEST_CASE("models::sessions: a user who fails abandon_after times in a row leaves",
          "[models]") {
  // The store is down from 0: every login fails at once with error; the user tries at
  // 10, 11 and 12 (retry_after 1 s) and leaves after the third failure.
  json doc = sessions_scenario(json::object(), json::object(), 19.0);
  doc["faults"] = json::array({{{"kind", "crash"}, {"service", "sessions"}, {"at_s", 0}}});
  const json report = run_replication(doc, 0);
  const json& w = workload(report);
  CHECK(w.at("offered") == 1);
  CHECK(w.at("attempts") == 3);
  CHECK(w.at("failed").at("abandoned") == 1);
  CHECK(w.at("users").at("abandoned") == 1);
  CHECK(w.at("users").at("completed") == 0);
  CHECK(report.at("services").at("sessions").at("arrivals") == 3);
}

TEST_CASE("models::sessions: a get that carries no user hits with probability hit_ratio",
          "[models]") {
  // An open workload (no user) at 100/s for 100 s calls sessions.get directly.
  json doc = sessions_scenario({{"hit_ratio", 0.8}}, json::object(), 100.0);
  doc["workloads"]["w"] = {{"entry", "sessions.get"}, {"rate", {{"constant", 100}}}};
  const json report = run_replication(doc, 0);
  const json& w = workload(report);
  const double n = w.at("offered").get<double>();
  const double misses = w.at("failed").at("unauthenticated").get<double>();
  // Binomial(n, 0.2): 99.9% interval.
  CHECK(std::abs(misses - 0.2 * n) <= 3.2905 * std::sqrt(n * 0.2 * 0.8));
  CHECK(report.at("services").at("sessions").at("sessions").at("hit_ratio").get<double>() ==
        Approx(1.0 - misses / n));
}

TEST_CASE("models::sessions: a flush wipes every session; a crash wipes its instance's",
          "[models]") {
  json doc = sessions_scenario({{"instances", 2}, {"initial_sessions", 1000}}, json::object(), 19.0);
  doc["faults"] = json::array({{{"kind", "crash"}, {"service", "sessions"}, {"at_s", 1},
                                {"instances", 1}, {"duration_s", 1}},
                               {{"kind", "flush"}, {"service", "sessions"}, {"at_s", 5}}});
  const json report = run_replication(doc, 0);
  const json& store = report.at("services").at("sessions").at("sessions");
  // 1,000 preloaded, split by user hash; the crash at 1 wipes instance 0's share, the
  // flush at 5 the rest. The one user arrives at 10, after both.
  CHECK(store.at("wiped") == 1000);
  CHECK(store.at("held").at("at_end") == 1);
  CHECK(store.at("held").at("max") == 1000);
  CHECK(workload(report).at("succeeded") == 4);
}

}  // namespace surge::validation
