// Invalid scenarios: each a one-key edit of a valid scenario, expected to be
// rejected with exactly one problem (unless stated) at an exact JSON pointer.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "scenario_test_support.hpp"

namespace surge::scenario {
namespace {

using nlohmann::json;
using testing::has_problem;
using testing::render;

struct Edit {
  std::string pointer;
  json value;  // discarded() removes the key instead
};

struct Case {
  std::string name;
  std::vector<Edit> edits;
  std::string where;
  std::string reason;  // a part of the expected reason
  std::size_t count = 1;
};

json removed() { return json(json::value_t::discarded); }

void check_cases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.name) {
      json doc = testing::shop_document();
      for (const Edit& e : c.edits) {
        const json::json_pointer p(e.pointer);
        if (e.value.is_discarded()) {
          doc.at(p.parent_pointer()).erase(p.back());
        } else {
          doc[p] = e.value;
        }
      }
      const LoadResult result = testing::load_document(doc);
      INFO(render(result.problems));
      CHECK_FALSE(result.scenario.has_value());
      CHECK(has_problem(result.problems, c.where, c.reason));
      CHECK(result.problems.size() == c.count);
    }
  }
}

TEST_CASE("scenario::loader: numbers out of range are reported at their pointer", "[scenario]") {
  check_cases({
      {"zero instances",
       {{"/services/db/instances", 0}},
       "/services/db/instances",
       "expected an integer >= 1"},
      {"negative instances", {{"/services/db/instances", -3}}, "/services/db/instances", "got -3"},
      {"fractional instances",
       {{"/services/db/instances", 2.5}},
       "/services/db/instances",
       "got 2.5"},
      {"zero workers",
       {{"/services/gateway/workers", 0}},
       "/services/gateway/workers",
       "or \"unlimited\""},
      {"negative queue",
       {{"/services/db/queue_capacity", -1}},
       "/services/db/queue_capacity",
       "expected an integer >= 0"},
      {"zero duration", {{"/duration_s", 0}}, "/duration_s", "expected a number > 0"},
      {"negative seed", {{"/seed", -1}}, "/seed", "expected an integer >= 0"},
      {"warmup not before the end",
       {{"/warmup_s", 600}},
       "/warmup_s",
       "must be less than duration_s (600)"},
      {"negative health check",
       {{"/services/db/health_check_s", -1}},
       "/services/db/health_check_s",
       "expected a number >= 0"},
      {"probability above 1",
       {{"/services/gateway/endpoints/home/calls/1/probability", 1.5}},
       "/services/gateway/endpoints/home/calls/1/probability",
       "<= 1"},
      {"zero count",
       {{"/services/gateway/endpoints/home/calls/1/count", 0}},
       "/services/gateway/endpoints/home/calls/1/count",
       "expected an integer >= 1"},
      {"zero call timeout",
       {{"/services/gateway/endpoints/home/calls/0/timeout_s", 0}},
       "/services/gateway/endpoints/home/calls/0/timeout_s",
       "expected a number > 0"},
      {"negative priority",
       {{"/workloads/browse/priority", -1}},
       "/workloads/browse/priority",
       "expected an integer >= 0"},
      {"negative client timeout",
       {{"/workloads/browse/client/timeout_s", -5}},
       "/workloads/browse/client/timeout_s",
       "expected a number > 0"},
      {"percentile 100", {{"/report/percentiles/1", 100}}, "/report/percentiles/1", "< 100"},
      {"percentile twice",
       {{"/report/percentiles/1", 50}},
       "/report/percentiles/1",
       "listed twice"},
      {"zero interval", {{"/report/interval_s", 0}}, "/report/interval_s", "> 0"},
      {"too many time-series values",
       {{"/report/interval_s", 1e-4}},
       "/report/interval_s",
       "the time series would hold"},
      {"zero max_in_flight",
       {{"/limits/max_in_flight", 0}},
       "/limits/max_in_flight",
       "expected an integer >= 1"},
      {"success ratio above 1", {{"/slo/0/success_ratio", 1.5}}, "/slo/0/success_ratio", "<= 1"},
      {"zero latency target", {{"/slo/0/p99_s", 0}}, "/slo/0/p99_s", "> 0"},
  });
}

TEST_CASE("scenario::loader: values of the wrong type are reported at their pointer",
          "[scenario]") {
  check_cases({
      {"deterministic arrivals of a hawkes process",
       {{"/workloads/admin/rate", json::parse(R"({"hawkes": {"background": {"constant": 1},
           "branching_ratio": 0.5, "kernel": {"exponential": {"tau_s": 10}}}})")}},
       "/workloads/admin/arrivals",
       "does not apply to hawkes"},
      {"instances as a string",
       {{"/services/db/instances", "4"}},
       "/services/db/instances",
       "got \"4\""},
      {"workers as a word",
       {{"/services/gateway/workers", "lots"}},
       "/services/gateway/workers",
       "got \"lots\""},
      {"parallel as a string",
       {{"/services/gateway/endpoints/home/calls/1/parallel", "yes"}},
       "/services/gateway/endpoints/home/calls/1/parallel",
       "expected true or false"},
      {"calls as an object",
       {{"/services/auth/endpoints/login/calls", json::object()}},
       "/services/auth/endpoints/login/calls",
       "expected a list of calls"},
      {"a service that is a number",
       {{"/services/db", 3}},
       "/services/db",
       "expected an object"},  // references into db are not reported again
      {"empty name", {{"/name", ""}}, "/name", "non-empty string"},
      {"slo not a list", {{"/slo", json::object()}}, "/slo", "expected a list"},
      {"entry without a dot",
       {{"/workloads/browse/entry", "gateway"}},
       "/workloads/browse/entry",
       "expected \"service.endpoint\""},
      {"unknown discipline",
       {{"/services/db/discipline", "lifoo"}},
       "/services/db/discipline",
       "did you mean \"lifo\"?"},
      {"unknown balancer",
       {{"/services/db/balancer", "fastest"}},
       "/services/db/balancer",
       "expected one of round_robin"},
      {"unknown arrivals",
       {{"/workloads/admin/arrivals", "burst"}},
       "/workloads/admin/arrivals",
       "expected one of poisson, deterministic"},
  });
}

TEST_CASE("scenario::loader: missing and empty required parts are reported", "[scenario]") {
  check_cases({
      {"no duration", {{"/duration_s", removed()}}, "/duration_s", "missing required key"},
      {"no services",
       {{"/services", json::object()}, {"/workloads", removed()}, {"/slo", removed()}},
       "/services",
       "at least one",
       2},  // and /workloads missing
      {"no workloads",
       {{"/workloads", json::object()}, {"/slo", json::array()}},
       "/workloads",
       "at least one"},
      {"no entry",
       {{"/workloads/browse/entry", removed()}},
       "/workloads/browse/entry",
       "missing required key"},
      {"no rate",
       {{"/workloads/browse/rate", removed()}},
       "/workloads/browse/rate",
       "missing required key"},
      {"no endpoints",
       {{"/services/gateway/endpoints", json::object()}, {"/workloads/browse/entry", "db.read"}},
       "/services/gateway/endpoints",
       "at least one"},
      {"a call without to",
       {{"/services/auth/endpoints/login/calls/0/to", removed()}},
       "/services/auth/endpoints/login/calls/0/to",
       "missing required key"},
      {"an SLO without a criterion",
       {{"/slo/0/p99_s", removed()}, {"/slo/0/success_ratio", removed()}},
       "/slo/0",
       "at least one of mean_s"},
  });
}

TEST_CASE("scenario::loader: unknown keys suggest the closest", "[scenario]") {
  check_cases({
      {"top level", {{"/sead", 3}}, "/sead", "unknown key (did you mean \"seed\"?)"},
      {"service",
       {{"/services/db/instnces", 3}},
       "/services/db/instnces",
       "did you mean \"instances\"?"},
      {"call",
       {{"/services/auth/endpoints/login/calls/0/timout_s", 1}},
       "/services/auth/endpoints/login/calls/0/timout_s",
       "did you mean \"timeout_s\"?"},
      {"workload",
       {{"/workloads/browse/prioirty", 1}},
       "/workloads/browse/prioirty",
       "did you mean \"priority\"?"},
      {"report",
       {{"/report/percentile", json::array()}},
       "/report/percentile",
       "did you mean \"percentiles\"?"},
      {"two letters swapped",
       {{"/services/db/balnacer", "random"}},
       "/services/db/balnacer",
       "did you mean \"balancer\"?"},
      {"a unit suffix left off",
       {{"/services/auth/endpoints/login/calls/0/timeout", 1}},
       "/services/auth/endpoints/login/calls/0/timeout",
       "did you mean \"timeout_s\"?"},
      {"far from any key", {{"/services/db/colour", "blue"}}, "/services/db/colour", "unknown key"},
      {"a count key for a duration",
       {{"/services/gateway/endpoints/home/work/mean", 0.001},
        {"/services/gateway/endpoints/home/work/mean_s", removed()}},
       "/services/gateway/endpoints/home/work/mean",
       "did you mean \"mean_s\"?",
       2},
  });
}

TEST_CASE(
    "scenario::loader: misspelt endpoint, service and workload references and bad names are "
    "reported",
    "[scenario]") {
  check_cases({
      {"missing endpoint",
       {{"/services/gateway/endpoints/home/calls/1/to", "db.rad"}},
       "/services/gateway/endpoints/home/calls/1/to",
       "service \"db\" has no endpoint \"rad\" (did you mean \"db.read\"?)"},
      {"missing service",
       {{"/workloads/browse/entry", "gatewy.home"}},
       "/workloads/browse/entry",
       "no service \"gatewy\" (did you mean \"gateway\"?)"},
      {"SLO of a missing workload",
       {{"/slo/0/workload", "brwose"}},
       "/slo/0/workload",
       "no workload \"brwose\" (did you mean \"browse\"?)"},
      {"bad service name",
       {{"/services/my.db", json::parse(R"({"endpoints": {"q": {}}})")}},
       "/services/my.db",
       "invalid service name"},
      {"bad endpoint name",
       {{"/services/db/endpoints/read all", json::object()}},
       "/services/db/endpoints/read all",
       "invalid endpoint name"},
      {"bad workload name",
       {{"/workloads/a~0b", json::parse(R"({"entry": "db.read", "rate": {"constant": 1}})")}},
       "/workloads/a~0b",
       "invalid workload name"},
      {"cores without ps",
       {{"/services/db/cores", 2}},
       "/services/db/cores",
       "applies only to discipline \"ps\""},
  });
}

TEST_CASE("scenario::loader: a call cycle is reported with its path", "[scenario]") {
  check_cases({
      {"two services",
       {{"/services/db/endpoints/read/calls", json::parse(R"([{"to": "gateway.home"}])")}},
       "/services/gateway/endpoints/home/calls/1/to",
       "call cycle: db.read -> gateway.home -> db.read"},
      {"self call",
       {{"/services/auth/endpoints/check/calls", json::parse(R"([{"to": "auth.check"}])")}},
       "/services/auth/endpoints/check/calls/0/to",
       "call cycle: auth.check -> auth.check"},
  });
}

TEST_CASE("scenario::loader: distribution parameters are range-checked", "[scenario]") {
  const std::string work = "/services/auth/endpoints/check/work";
  const std::string read = "/services/db/endpoints/read/work";
  const std::string write = "/services/db/endpoints/write/work";
  check_cases({
      {"zero mean", {{work + "/mean_s", 0}}, work + "/mean_s", "expected a number > 0"},
      {"zero cv", {{work + "/cv", 0}}, work + "/cv", "expected a number >= 0.001"},
      // A gamma's shape 1/cv^2 would overflow: rejected, not a crash.
      {"vanishing gamma cv",
       {{work + "/dist", "gamma"}, {work + "/cv", 1e-300}},
       work + "/cv",
       "expected a number >= 0.001"},
      {"hyperexponential cv 1",
       {{work + "/dist", "hyperexponential"}, {work + "/cv", 1}},
       work + "/cv",
       "expected a number > 1"},
      {"uniform min above max", {{read + "/min_s", 0.01}}, read + "/max_s", "must be >= min_s"},
      {"negative uniform min", {{read + "/min_s", -1}}, read + "/min_s", ">= 0"},
      {"empirical starts above 0",
       {{write + "/quantiles_s/0/0", 0.1}},
       write + "/quantiles_s/0/0",
       "the first p must be exactly 0"},
      {"empirical ends below 1",
       {{write + "/quantiles_s/2/0", 0.9}},
       write + "/quantiles_s/2/0",
       "the last p must be exactly 1"},
      {"empirical p not increasing",
       {{write + "/quantiles_s/1/0", 0}},
       write + "/quantiles_s/1/0",
       "p must increase strictly"},
      {"empirical values decreasing",
       {{write + "/quantiles_s/2/1", 0.0015}},
       write + "/quantiles_s/2/1",
       "values must not decrease"},
      {"empirical negative value",
       {{write + "/quantiles_s/0/1", -0.001}},
       write + "/quantiles_s/0/1",
       ">= 0"},
      {"empirical one point",
       {{write + "/quantiles_s", json::parse("[[0, 1]]")}},
       write + "/quantiles_s",
       "at least two"},
      {"geometric for a duration",
       {{work, json::parse(R"({"dist": "geometric", "mean": 3})")}},
       work + "/dist",
       "draws whole counts"},
      {"misspelt dist",
       {{work + "/dist", "lognromal"}},
       work + "/dist",
       "did you mean \"lognormal\"?"},
      {"no dist", {{work + "/dist", removed()}}, work + "/dist", "missing required key"},
  });
}

// A valid network for the shop: gateway in "front", auth and db in "back", one link.
json shop_network() {
  return json::parse(R"({"zones": {"front": {"services": ["gateway"], "latency_s": 0.001},
                                   "back": {"services": ["auth", "db"],
                                            "bandwidth_bps": 1.25e9}},
                         "links": [{"between": ["front", "back"], "latency_s": 0.01}]})");
}

TEST_CASE("scenario::loader: network mistakes are reported at their pointers", "[scenario]") {
  const Edit add{"/network", shop_network()};
  const std::string call = "/services/gateway/endpoints/home/calls/0";
  check_cases({
      {"unknown zone in a link", {add, {"/network/links/0/between/1", "bakc"}},
       "/network/links/0/between/1", "unknown zone \"bakc\" (did you mean \"back\"?)"},
      {"unknown service in a zone", {add, {"/network/zones/front/services/0", "gatewya"}},
       "/network/zones/front/services/0", "(did you mean \"gateway\"?)"},
      {"a service in two zones", {add, {"/network/zones/front/services/1", "auth"}},
       "/network/zones/front/services/1", "already in zone \"back\""},
      {"a service twice in one zone", {add, {"/network/zones/back/services/2", "db"}},
       "/network/zones/back/services/2", "listed twice"},
      {"negative zone latency", {add, {"/network/zones/front/latency_s", -0.001}},
       "/network/zones/front/latency_s", ">= 0"},
      {"negative link latency", {add, {"/network/links/0/latency_s", -1}},
       "/network/links/0/latency_s", ">= 0"},
      {"zero bandwidth", {add, {"/network/zones/back/bandwidth_bps", 0}},
       "/network/zones/back/bandwidth_bps", "> 0"},
      {"negative link bandwidth", {add, {"/network/links/0/bandwidth_bps", -5}},
       "/network/links/0/bandwidth_bps", "> 0"},
      {"a link to itself", {add, {"/network/links/0/between", json::array({"back", "back"})}},
       "/network/links/0/between", "two different zones"},
      {"a second link between the same zones",
       {add, {"/network/links/1", json::parse(R"({"between": ["back", "front"]})")}},
       "/network/links/1/between", "already joined by /network/links/0"},
      {"a link with one zone", {add, {"/network/links/0/between", json::array({"back"})}},
       "/network/links/0/between", "the two zones the link joins"},
      {"no zones", {add, {"/network/zones", json::object()}}, "/network/zones",
       "at least one"},
      {"zones missing", {add, {"/network/zones", removed()}}, "/network/zones",
       "missing required key"},
      {"unknown key in network", {add, {"/network/link", json::array()}}, "/network/link",
       "did you mean \"links\"?"},
      {"unknown key in a zone", {add, {"/network/zones/front/latency", 0.001}},
       "/network/zones/front/latency", "did you mean \"latency_s\"?"},
      {"unknown key in a link", {add, {"/network/links/0/bandwith_bps", 1e9}},
       "/network/links/0/bandwith_bps", "did you mean \"bandwidth_bps\"?"},
      {"bad zone name", {add, {"/network/zones/front zone", json::parse(R"({"services": []})")}},
       "/network/zones/front zone", "zone"},
      {"no route between two zones", {add, {"/network/links", json::array()}}, call,
       "no route from zone \"front\" (gateway) to zone \"back\" (auth)", 2},  // and db
      {"negative request bytes", {{call + "/request_bytes", -1}}, call + "/request_bytes",
       ">= 0"},
      {"response bytes as a string", {{call + "/response_bytes", "2k"}},
       call + "/response_bytes", "expected a number of bytes"},
      {"response bytes with a duration key",
       {{call + "/response_bytes", json::parse(R"({"dist": "exponential", "mean_s": 100})")}},
       call + "/response_bytes/mean_s", "counts take keys without _s", 2},  // and no mean
      {"bytes over a finite bandwidth on the native engine",
       {add, {call + "/request_bytes", 2048}}, call + "/request_bytes", "--engine simgrid"},
  });
}

TEST_CASE("scenario::loader: a valid network and message sizes load into the graph",
          "[scenario]") {
  json doc = testing::shop_document();
  doc["network"] = shop_network();
  const std::string call = "/services/gateway/endpoints/home/calls/";
  doc[json::json_pointer(call + "0/request_bytes")] = 2048;
  doc[json::json_pointer(call + "1/response_bytes")] =
      json::parse(R"({"dist": "lognormal", "mean": 4096, "cv": 1})");
  // Bytes over the finite bandwidth of "back": only the SimGrid engine runs them.
  CHECK_FALSE(testing::load_document(doc).scenario.has_value());
  LoadOptions simgrid;
  simgrid.native_engine = false;
  const LoadResult result = testing::load_document(doc, simgrid);
  INFO(render(result.problems));
  REQUIRE(result.scenario.has_value());
  const mesh::ModelGraph& g = result.scenario->graph;
  const mesh::NetworkSpec& n = g.network;
  REQUIRE(n.zones.size() == 2);  // sorted: back(0) front(1)
  CHECK(n.zones[0].name == "back");
  CHECK(n.zones[0].services == std::vector<std::uint32_t>{0, 1});  // auth, db
  CHECK(n.zones[0].latency_s == 0.0);
  CHECK(n.zones[0].bandwidth_bps == 1.25e9);
  CHECK(n.zones[1].latency_s == 0.001);
  CHECK(n.zones[1].bandwidth_bps == mesh::kUnlimitedBandwidth);
  REQUIRE(n.links.size() == 1);
  CHECK(n.links[0].zone_a == 1);
  CHECK(n.links[0].zone_b == 0);
  CHECK(n.links[0].latency_s == 0.01);
  CHECK(n.zone_of_service == std::vector<std::uint32_t>{0, 0, 1});
  const mesh::CallSpec& c0 = g.services[2].endpoints[0].calls[0];
  const mesh::CallSpec& c1 = g.services[2].endpoints[0].calls[1];
  CHECK(c0.request_bytes.mean() == 2048.0);
  CHECK(c0.response_bytes.mean() == 0.0);
  CHECK(c1.response_bytes.kind() == DistKind::kLognormal);
  CHECK(c1.response_bytes.mean() == Approx(4096.0));
  // Without the bandwidth the native engine runs it (bytes ignored).
  doc["network"]["zones"]["back"].erase("bandwidth_bps");
  CHECK(testing::load_document(doc).scenario.has_value());
}

TEST_CASE("scenario::loader: autoscale values are checked at their pointers", "[scenario]") {
  // db starts with 3 instances of one worker.
  const std::string as = "/services/db/autoscale";
  const auto policy = [](const char* extra) {
    json p = json::parse(R"({"metric": "utilization", "target": 0.6, "min": 1, "max": 6})");
    p.update(json::parse(extra));
    return p;
  };
  check_cases({
      {"min above max", {{as, policy(R"({"min": 5, "max": 4})")}}, as + "/min",
       "min (5) is above max (4)"},
      {"instances below min", {{as, policy(R"({"min": 4})")}}, "/services/db/instances",
       "outside its autoscale range [4, 6]"},
      {"unknown metric", {{as, policy(R"({"metric": "utilisation"})")}}, as + "/metric",
       "did you mean \"utilization\"?"},
      {"negative provision delay", {{as, policy(R"({"provision_delay_s": -30})")}},
       as + "/provision_delay_s", "got -30"},
      {"negative cooldown", {{as, policy(R"({"cooldown_s": -1})")}}, as + "/cooldown_s",
       "got -1"},
      {"utilization target above 1", {{as, policy(R"({"target": 1.5})")}}, as + "/target",
       "got 1.5"},
      {"zero period", {{as, policy(R"({"period_s": 0})")}}, as + "/period_s", "got 0"},
      {"no max", {{as, json::parse(R"({"target": 0.5})")}}, as + "/max", "missing required key"},
      {"no target", {{as, json::parse(R"({"max": 5})")}}, as + "/target", "missing required key"},
      {"zero step_down", {{as, policy(R"({"step_down": 0})")}}, as + "/step_down", ">= 1"},
      {"cold factor below 1", {{as, policy(R"({"cold_start": {"factor": 0.5}})")}},
       as + "/cold_start/factor", "got 0.5"},
      {"unknown key", {{as, policy(R"({"cooldown": 60})")}}, as + "/cooldown",
       "did you mean \"cooldown_s\"?"},
      {"utilization with unlimited workers",
       {{"/services/auth/autoscale", policy(R"({"min": 1, "max": 3})")}},
       "/services/auth/autoscale/metric", "use \"in_flight\""},
      {"crash beyond max",
       {{as, policy("{}")},
        {"/faults", json::parse(R"([{"kind": "crash", "at_s": 10, "service": "db", "instances": 7}])")}},
       "/faults/0/instances", "expected at most 6"},
  });
}

// A valid GPU tier "llm" added to the shop; each case below breaks one key of it.
json gpu_tier() {
  return json::parse(R"({"kind": "gpu_batch", "instances": 2, "max_batch": 8,
    "kv_cache_tokens": 10000,
    "iteration": {"base_s": 0.008, "per_prefill_token_s": 0.00002, "per_decode_seq_s": 0.0002},
    "endpoints": {"generate": {"prompt_tokens": {"dist": "lognormal", "mean": 800, "cv": 1},
                               "output_tokens": {"dist": "geometric", "mean": 300}}}})");
}

TEST_CASE("scenario::loader: a gpu_batch tier's keys are checked at their pointers",
          "[scenario]") {
  const std::string llm = "/services/llm";
  const std::string gen = llm + "/endpoints/generate";
  const Edit add{llm, gpu_tier()};
  check_cases({
      {"workers", {add, {llm + "/workers", 4}}, llm + "/workers", "use max_batch"},
      {"queue_capacity", {add, {llm + "/queue_capacity", 4}}, llm + "/queue_capacity",
       "max_queue"},
      {"discipline", {add, {llm + "/discipline", "ps"}}, llm + "/discipline", "arrival order"},
      {"shed", {add, {llm + "/shed", json::object()}}, llm + "/shed", "max_wait_s"},
      {"no max_batch", {add, {llm + "/max_batch", removed()}}, llm + "/max_batch",
       "missing required key"},
      {"max_batch 0", {add, {llm + "/max_batch", 0}}, llm + "/max_batch", ">= 1"},
      {"kv_cache_tokens fractional", {add, {llm + "/kv_cache_tokens", 10.5}},
       llm + "/kv_cache_tokens", "integer"},
      {"no iteration", {add, {llm + "/iteration", removed()}}, llm + "/iteration",
       "missing required key"},
      {"base_s 0", {add, {llm + "/iteration/base_s", 0}}, llm + "/iteration/base_s", "> 0"},
      {"negative per_decode_seq_s", {add, {llm + "/iteration/per_decode_seq_s", -1}},
       llm + "/iteration/per_decode_seq_s", ">= 0"},
      {"misspelt iteration key", {add, {llm + "/iteration/per_prefill_tokens_s", 1}},
       llm + "/iteration/per_prefill_tokens_s", "per_prefill_token_s"},
      {"max_queue 0", {add, {llm + "/max_queue", 0}}, llm + "/max_queue", ">= 1"},
      {"max_wait_s negative", {add, {llm + "/max_wait_s", -2}}, llm + "/max_wait_s", "> 0"},
      {"work on an endpoint", {add, {gen + "/work", json::parse(R"({"dist": "exponential",
        "mean_s": 1})")}}, gen + "/work", "prompt_tokens and output_tokens"},
      {"calls on an endpoint", {add, {gen + "/calls", json::array({{{"to", "db.read"}}})}},
       gen + "/calls", "calls nothing"},
      {"no output_tokens", {add, {gen + "/output_tokens", removed()}}, gen + "/output_tokens",
       "missing required key"},
      {"duration keys for tokens",
       {add, {gen + "/prompt_tokens", json::parse(R"({"dist": "exponential", "mean_s": 5})")}},
       gen + "/prompt_tokens/mean_s", "counts take keys without _s", 2},
      {"autoscale without its required keys",
       {add, {llm + "/autoscale", json::parse(R"({"metric": "in_flight", "target": 4})")}},
       llm + "/autoscale/max",
       "missing required key"},
  });
}

TEST_CASE("scenario::loader: a valid gpu_batch tier loads with its figures", "[scenario]") {
  json doc = testing::shop_document();
  doc["services"]["llm"] = gpu_tier();
  doc["services"]["llm"]["max_queue"] = 40;
  doc["services"]["llm"]["max_wait_s"] = 2.5;
  const LoadResult result = testing::load_document(doc);
  INFO(render(result.problems));
  REQUIRE(result.scenario.has_value());
  const mesh::ServiceSpec& llm = result.scenario->graph.services.at(3);
  REQUIRE(llm.name == "llm");
  CHECK(llm.kind == mesh::ServiceKind::kGpuBatch);
  CHECK(llm.instances == 2);
  CHECK(llm.gpu.max_batch == 8);
  CHECK(llm.workers == 8);
  CHECK(llm.gpu.kv_cache_tokens == 10000);
  CHECK(llm.gpu.base_s == 0.008);
  CHECK(llm.gpu.per_prefill_token_s == 0.00002);
  CHECK(llm.gpu.per_decode_seq_s == 0.0002);
  CHECK(llm.gpu.max_queue == 40);
  CHECK(llm.queue_capacity == 40);
  CHECK(llm.gpu.max_wait_s == 2.5);
  REQUIRE(llm.endpoints.size() == 1);
  CHECK(llm.endpoints[0].output_tokens.kind() == DistKind::kGeometric);
  CHECK(llm.endpoints[0].prompt_tokens.mean() == Approx(800));
}

TEST_CASE("scenario::loader: retry, circuit breaker, rate limit and closed-workload values "
          "are checked at their pointers",
          "[scenario]") {
  const std::string call = "/services/auth/endpoints/login/calls/0";
  check_cases({
      {"max_attempts 0", {{call + "/retry", {{"max_attempts", 0}}}}, call + "/retry/max_attempts",
       ">= 1"},
      {"max_attempts above 100", {{call + "/retry", {{"max_attempts", 101}}}},
       call + "/retry/max_attempts", "<= 100"},
      {"unknown backoff", {{call + "/retry", {{"max_attempts", 2}, {"backoff", "linear"}}}},
       call + "/retry/backoff", "exponential"},
      {"cap below base",
       {{call + "/retry", {{"max_attempts", 2}, {"base_s", 2}, {"cap_s", 1}}}},
       call + "/retry/cap_s", "cap_s >= base_s"},
      {"unknown jitter", {{call + "/retry", {{"max_attempts", 2}, {"jitter", "ful"}}}},
       call + "/retry/jitter", "full"},
      {"retry_on ok", {{call + "/retry", {{"max_attempts", 2}, {"retry_on", {"ok"}}}}},
       call + "/retry/retry_on/0", "timeout"},
      {"retry_on empty", {{call + "/retry", {{"max_attempts", 2}, {"retry_on", json::array()}}}},
       call + "/retry/retry_on", "non-empty"},
      {"budget window without a ratio",
       {{call + "/retry", {{"max_attempts", 2}, {"budget_window_s", 5}}}},
       call + "/retry/budget_window_s", "budget_ratio"},
      {"unknown retry key", {{call + "/retry", {{"max_attempts", 2}, {"attempts", 3}}}},
       call + "/retry/attempts", "unknown key"},
      {"client retry negative base",
       {{"/workloads/browse/client/retry", {{"max_attempts", 2}, {"base_s", -1}}}},
       "/workloads/browse/client/retry/base_s", ">= 0"},
      {"breaker ratio 0", {{call + "/circuit_breaker", {{"failure_ratio", 0}}}},
       call + "/circuit_breaker/failure_ratio", "> 0"},
      {"breaker window 0", {{call + "/circuit_breaker", {{"window_s", 0}}}},
       call + "/circuit_breaker/window_s", "> 0"},
      {"breaker probes 0", {{call + "/circuit_breaker", {{"half_open_probes", 0}}}},
       call + "/circuit_breaker/half_open_probes", ">= 1"},
      {"breaker unknown key", {{call + "/circuit_breaker", {{"open_for_s", 3}}}},
       call + "/circuit_breaker/open_for_s", "unknown key"},
      {"rate limit without a rate", {{"/services/db/rate_limit", {{"burst", 10}}}},
       "/services/db/rate_limit/rate_per_s", "missing"},
      {"rate limit burst below 1",
       {{"/services/db/rate_limit", {{"rate_per_s", 10}, {"burst", 0.5}}}},
       "/services/db/rate_limit/burst", ">= 1"},
      {"rate limit above 1e9", {{"/services/db/rate_limit", {{"rate_per_s", 2e9}}}},
       "/services/db/rate_limit/rate_per_s", "<= 1000000000"},
      {"closed without population",
       {{"/workloads/admin", {{"kind", "closed"}, {"entry", "gateway.home"},
                              {"think_s", {{"dist", "exponential"}, {"mean_s", 1}}}}}},
       "/workloads/admin/population", "missing"},
      {"closed without think time",
       {{"/workloads/admin", {{"kind", "closed"}, {"entry", "gateway.home"}, {"population", 5}}}},
       "/workloads/admin/think_s", "missing"},
      {"closed that never thinks",
       {{"/workloads/admin", {{"kind", "closed"}, {"entry", "gateway.home"}, {"population", 5},
                              {"think_s", {{"dist", "deterministic"}, {"value_s", 0}}}}}},
       "/workloads/admin/think_s", "positive mean"},
      {"closed with a rate",
       {{"/workloads/admin", {{"kind", "closed"}, {"entry", "gateway.home"}, {"population", 5},
                              {"think_s", {{"dist", "exponential"}, {"mean_s", 1}}},
                              {"rate", {{"constant", 3}}}}}},
       "/workloads/admin/rate", "unknown"},
      {"population 0",
       {{"/workloads/admin", {{"kind", "closed"}, {"entry", "gateway.home"}, {"population", 0},
                              {"think_s", {{"dist", "exponential"}, {"mean_s", 1}}}}}},
       "/workloads/admin/population", ">= 1"},
  });
}

TEST_CASE("scenario::loader: shed and bulkheads values are checked at their pointers",
          "[scenario]") {
  const std::string gw = "/services/gateway";
  check_cases({
      {"negative target", {{gw + "/shed", {{"target_s", -0.005}}}}, gw + "/shed/target_s",
       "got -0.005"},
      {"zero interval", {{gw + "/shed", {{"interval_s", 0}}}}, gw + "/shed/interval_s", "got 0"},
      {"adaptive lifo not a boolean", {{gw + "/shed", {{"adaptive_lifo", "yes"}}}},
       gw + "/shed/adaptive_lifo", "expected true or false"},
      {"unknown shed key", {{gw + "/shed", {{"target", 0.01}}}}, gw + "/shed/target",
       "target_s"},
      {"shed on unlimited workers", {{"/services/auth/shed", json::object()}},
       "/services/auth/shed", "unlimited"},
      {"bulkheads not an object", {{gw + "/bulkheads", 4}}, gw + "/bulkheads",
       "reserved workers per workload"},
      {"bulkheads exceeding workers", {{gw + "/bulkheads", {{"browse", 6}, {"admin", 3}}}},
       gw + "/bulkheads", "reserves 9 workers per instance, but the service has workers = 8"},
      {"bulkhead of 0 workers", {{gw + "/bulkheads", {{"browse", 0}}}}, gw + "/bulkheads/browse",
       ">= 1"},
      {"bulkhead of an unknown workload", {{gw + "/bulkheads", {{"browsr", 2}}}},
       gw + "/bulkheads/browsr", "no workload \"browsr\" (did you mean \"browse\"?)"},
      {"every worker reserved, a workload left out", {{gw + "/bulkheads", {{"browse", 8}}}},
       gw + "/bulkheads", "workload \"admin\" could never be served"},
      {"bulkheads with ps",
       {{"/services/auth/workers", 4}, {"/services/auth/bulkheads", {{"browse", 1}}}},
       "/services/auth/bulkheads", "discipline \"ps\""},
      {"bulkheads on unlimited workers",
       {{"/services/auth/discipline", "fifo"}, {"/services/auth/cores", removed()},
        {"/services/auth/bulkheads", {{"browse", 1}}}},
       "/services/auth/bulkheads", "unlimited"},
  });
}

TEST_CASE("scenario::loader: an empty faults list is accepted", "[scenario]") {
  json doc = testing::shop_document();
  doc["faults"] = json::array();
  const LoadResult result = testing::load_document(doc);
  INFO(render(result.problems));
  REQUIRE(result.scenario.has_value());
  CHECK(result.scenario->graph.faults.empty());
}

// One fault entry as the whole `faults` list.
Edit fault(const char* entry) { return Edit{"/faults", json::array({json::parse(entry)})}; }

TEST_CASE(
    "scenario::loader: a faults value that is no list, an entry that is no object, or a bad kind",
    "[scenario]") {
  const std::string kinds = "expected one of crash, slow, error, flush, partition";
  check_cases({
      {"faults not a list",
       {{"/faults", json::parse(R"({"kind": "crash", "at_s": 10, "service": "db"})")}},
       "/faults",
       "expected a list of faults, got an object"},
      {"fault not an object",
       {{"/faults", json::array({"crash"})}},
       "/faults/0",
       "expected an object, got \"crash\""},
      {"fault without kind",
       {fault(R"({"at_s": 10, "service": "db"})")},
       "/faults/0/kind",
       "missing required key"},
      {"fault kind not a string",
       {fault(R"({"kind": 3, "at_s": 10, "service": "db"})")},
       "/faults/0/kind",
       kinds + ", got 3"},
      {"misspelt fault kind",
       {fault(R"({"kind": "crsh", "at_s": 10, "service": "db"})")},
       "/faults/0/kind",
       kinds + ", got \"crsh\" (did you mean \"crash\"?)"},
      {"unknown fault kind",
       {fault(R"({"kind": "meteor", "at_s": 10, "service": "db"})")},
       "/faults/0/kind",
       kinds + ", got \"meteor\""},
  });
}

TEST_CASE("scenario::loader: slow, error and partition faults are checked at their pointer",
          "[scenario]") {
  check_cases({
      {"slow without factor",
       {fault(R"({"kind": "slow", "at_s": 10, "service": "db"})")},
       "/faults/0/factor",
       "missing required key"},
      {"slow factor 0",
       {fault(R"({"kind": "slow", "at_s": 10, "service": "db", "factor": 0})")},
       "/faults/0/factor",
       "expected a number > 0"},
      {"slow factor negative",
       {fault(R"({"kind": "slow", "at_s": 10, "factor": -2})")},
       "/faults/0/factor",
       "got -2"},
      {"slow on an unknown service",
       {fault(R"({"kind": "slow", "at_s": 10, "service": "dbb", "factor": 2})")},
       "/faults/0/service",
       "(did you mean \"db\"?)"},
      {"slow on an endpoint",
       {fault(R"({"kind": "slow", "at_s": 10, "service": "db.read", "factor": 2})")},
       "/faults/0/service",
       "expected a service name, got the endpoint \"db.read\""},
      {"slow with a misspelt key",
       {fault(R"({"kind": "slow", "at_s": 10, "factr": 2, "factor": 2})")},
       "/faults/0/factr",
       "unknown key (did you mean \"factor\"?)"},
      {"error without probability",
       {fault(R"({"kind": "error", "at_s": 10, "service": "db"})")},
       "/faults/0/probability",
       "missing required key"},
      {"error probability above 1",
       {fault(R"({"kind": "error", "at_s": 10, "service": "db", "probability": 1.5})")},
       "/faults/0/probability",
       "got 1.5"},
      {"error probability negative",
       {fault(R"({"kind": "error", "at_s": 10, "probability": -0.1})")},
       "/faults/0/probability",
       "got -0.1"},
      {"error on an unknown endpoint",
       {fault(R"({"kind": "error", "at_s": 10, "service": "db", "endpoint": "raed",
                  "probability": 0.1})")},
       "/faults/0/endpoint",
       "service db has no endpoint \"raed\" (did you mean \"read\"?)"},
      {"error endpoint without service",
       {fault(R"({"kind": "error", "at_s": 10, "endpoint": "read", "probability": 0.1})")},
       "/faults/0/endpoint",
       "needs the fault's \"service\""},
      {"partition without to",
       {fault(R"({"kind": "partition", "at_s": 10, "from": "gateway"})")},
       "/faults/0/to",
       "missing required key"},
      {"partition from itself",
       {fault(R"({"kind": "partition", "at_s": 10, "from": "db", "to": "db"})")},
       "/faults/0/to",
       "from and to are both db"},
      {"partition to an unknown service",
       {fault(R"({"kind": "partition", "at_s": 10, "from": "gateway", "to": "auht"})")},
       "/faults/0/to",
       "(did you mean \"auth\"?)"},
      {"partition with service instead of from",
       {fault(R"({"kind": "partition", "at_s": 10, "service": "gateway", "to": "db"})")},
       "/faults/0/from",
       "missing required key",
       2},
      {"partition bidirectional not a boolean",
       {fault(R"({"kind": "partition", "at_s": 10, "from": "gateway", "to": "db",
                  "bidirectional": "yes"})")},
       "/faults/0/bidirectional",
       "expected true or false"},
  });
}

TEST_CASE("scenario::loader: random crashes are checked at their pointer", "[scenario]") {
  check_cases({
      {"mtbf_s without mttr_s",
       {fault(R"({"kind": "crash", "service": "db", "mtbf_s": 3600})")},
       "/faults/0/mttr_s",
       "missing required key"},
      {"mttr_s 0",
       {fault(R"({"kind": "crash", "service": "db", "mtbf_s": 3600, "mttr_s": 0})")},
       "/faults/0/mttr_s",
       "got 0"},
      {"random crash with at_s",
       {fault(R"({"kind": "crash", "at_s": 10, "service": "db", "mtbf_s": 3600, "mttr_s": 60})")},
       "/faults/0/at_s",
       "strike every instance of the service for the whole run; remove at_s"},
      {"random crash with instances",
       {fault(R"({"kind": "crash", "service": "db", "instances": 2, "mtbf_s": 3600,
                  "mttr_s": 60})")},
       "/faults/0/instances",
       "remove instances"},
      {"mtbf_s on a slow fault",
       {fault(R"({"kind": "slow", "at_s": 10, "factor": 2, "mtbf_s": 3600, "mttr_s": 60})")},
       "/faults/0/kind",
       "mtbf_s and mttr_s describe random crashes: expected \"kind\": \"crash\", got \"slow\""},
      {"random crashes of an unknown service",
       {fault(R"({"kind": "crash", "service": "bd", "mtbf_s": 3600, "mttr_s": 60})")},
       "/faults/0/service",
       "(did you mean \"db\"?)"},
      {"two random crash entries for one service",
       {{"/faults", json::parse(R"([{"kind": "crash", "service": "db", "mtbf_s": 3600, "mttr_s": 60},
                                    {"kind": "crash", "service": "db", "mtbf_s": 60, "mttr_s": 6}])")}},
       "/faults/1/service",
       "service db already has random crashes"},
  });
}

TEST_CASE("scenario::loader: crash faults are checked at their pointer", "[scenario]") {
  check_cases({
      {"no at_s", {fault(R"({"kind": "crash", "service": "db"})")}, "/faults/0/at_s",
       "missing required key"},
      {"negative at_s",
       {fault(R"({"kind": "crash", "at_s": -1, "service": "db"})")},
       "/faults/0/at_s",
       "expected a number >= 0"},
      {"at_s not a number",
       {fault(R"({"kind": "crash", "at_s": "10", "service": "db"})")},
       "/faults/0/at_s",
       "expected a number >= 0"},
      {"at_s at the end of the run",
       {fault(R"({"kind": "crash", "at_s": 600, "service": "db"})")},
       "/faults/0/at_s",
       "must be less than duration_s (600): the fault would never happen"},
      {"at_s after the end of the run",
       {fault(R"({"kind": "crash", "at_s": 1e6, "service": "db"})")},
       "/faults/0/at_s",
       "must be less than duration_s (600)"},
      // Only duration_s is wrong: at_s is not compared with a value that failed.
      {"at_s beyond a bad duration_s",
       {{"/duration_s", -5}, fault(R"({"kind": "crash", "at_s": 700, "service": "db"})")},
       "/duration_s",
       "expected a number > 0"},
      {"zero duration_s",
       {fault(R"({"kind": "crash", "at_s": 10, "duration_s": 0, "service": "db"})")},
       "/faults/0/duration_s",
       "expected a number > 0"},
      {"duration_s above the limit",
       {fault(R"({"kind": "crash", "at_s": 10, "duration_s": 2e9, "service": "db"})")},
       "/faults/0/duration_s",
       "expected a number > 0 and <= "},
      {"duration_s not a number",
       {fault(R"({"kind": "crash", "at_s": 10, "duration_s": "forever", "service": "db"})")},
       "/faults/0/duration_s",
       "got \"forever\""},
      {"no service", {fault(R"({"kind": "crash", "at_s": 10})")}, "/faults/0/service",
       "missing required key"},
      {"service not a string",
       {fault(R"({"kind": "crash", "at_s": 10, "service": ["db"]})")},
       "/faults/0/service",
       "expected a string, got an array"},
      {"unknown service",
       {fault(R"({"kind": "crash", "at_s": 10, "service": "dbb"})")},
       "/faults/0/service",
       "no service \"dbb\" (did you mean \"db\"?)"},
      {"service named as an endpoint",
       {fault(R"({"kind": "crash", "at_s": 10, "service": "db.read"})")},
       "/faults/0/service",
       "expected a service name, got the endpoint \"db.read\" (did you mean \"db\"?)"},
      {"unknown service with a dot",
       {fault(R"({"kind": "crash", "at_s": 10, "service": "cache.get"})")},
       "/faults/0/service",
       "no service \"cache.get\""},
      {"zero instances",
       {fault(R"({"kind": "crash", "at_s": 10, "service": "db", "instances": 0})")},
       "/faults/0/instances",
       "expected an integer >= 1, got 0"},
      {"fractional instances",
       {fault(R"({"kind": "crash", "at_s": 10, "service": "db", "instances": 1.5})")},
       "/faults/0/instances",
       "got 1.5"},
      {"more instances than the service has",
       {fault(R"({"kind": "crash", "at_s": 10, "service": "db", "instances": 4})")},
       "/faults/0/instances",
       "expected at most 3 (the instances of service db), got 4"},
      {"more instances than a one-instance service has",
       {fault(R"({"kind": "crash", "at_s": 10, "service": "auth", "instances": 2})")},
       "/faults/0/instances",
       "expected at most 1 (the instances of service auth), got 2"},
      {"a huge instance count",
       {fault(R"({"kind": "crash", "at_s": 10, "service": "gateway", "instances": 1e12})")},
       "/faults/0/instances",
       "expected at most 2 (the instances of service gateway), got 1000000000000"},
      // The service's own count is wrong: it is reported once, not compared.
      {"instances of a service whose instances are wrong",
       {{"/services/db/instances", 0},
        fault(R"({"kind": "crash", "at_s": 10, "service": "db", "instances": 2})")},
       "/services/db/instances",
       "expected an integer >= 1"},
      {"misspelt key",
       {fault(R"({"kind": "crash", "at_s": 10, "service": "db", "instance": 2})")},
       "/faults/0/instance",
       "unknown key (did you mean \"instances\"?)"},
      {"key without its unit",
       {fault(R"({"kind": "crash", "at_s": 10, "service": "db", "duration": 30})")},
       "/faults/0/duration",
       "unknown key (did you mean \"duration_s\"?)"},
      {"a key of another kind",
       {fault(R"({"kind": "crash", "at_s": 10, "service": "db", "factor": 3})")},
       "/faults/0/factor",
       "unknown key"},
  });
}

TEST_CASE("scenario::loader: every problem of every fault is reported", "[scenario]") {
  json doc = testing::shop_document();
  doc["faults"] = json::parse(R"([
    {"kind": "crash", "at_s": 900, "service": "dbb", "instances": 0, "colour": "red"},
    {"kind": "slow", "at_s": 10, "service": "db"},
    {"kind": "crash", "at_s": 10, "service": "db"},
    {"kind": "crash", "service": "db", "mtbf_s": 100},
    {"kind": "crash", "at_s": 20, "service": "gateway", "instances": 3}
  ])");
  const LoadResult result = testing::load_document(doc);
  INFO(render(result.problems));
  CHECK_FALSE(result.scenario.has_value());
  CHECK(result.problems.size() == 7);
  CHECK(has_problem(result.problems, "/faults/0/at_s", "must be less than duration_s (600)"));
  CHECK(has_problem(result.problems, "/faults/0/service", "did you mean \"db\""));
  CHECK(has_problem(result.problems, "/faults/0/instances", "expected an integer >= 1"));
  CHECK(has_problem(result.problems, "/faults/0/colour", "unknown key"));
  CHECK(has_problem(result.problems, "/faults/1/factor", "missing required key"));
  CHECK(has_problem(result.problems, "/faults/3/mttr_s", "missing required key"));
  CHECK(has_problem(result.problems, "/faults/4/instances", "expected at most 2"));
}

TEST_CASE("scenario::loader: several problems in one file are all reported", "[scenario]") {
  json doc = testing::shop_document();
  doc["services"]["db"]["instances"] = 0;
  doc["services"]["gateway"]["workers"] = -2;
  doc["workloads"]["browse"]["entry"] = "gateway.hom";
  doc["warmup_s"] = 1000;
  doc["report"]["percentiles"] = json::array({50, 120});
  doc["colour"] = "red";
  const LoadResult result = testing::load_document(doc);
  INFO(render(result.problems));
  CHECK_FALSE(result.scenario.has_value());
  CHECK(result.problems.size() == 6);
  CHECK(has_problem(result.problems, "/services/db/instances"));
  CHECK(has_problem(result.problems, "/services/gateway/workers"));
  CHECK(has_problem(result.problems, "/workloads/browse/entry", "did you mean \"gateway.home\""));
  CHECK(has_problem(result.problems, "/warmup_s"));
  CHECK(has_problem(result.problems, "/report/percentiles/1"));
  CHECK(has_problem(result.problems, "/colour", "unknown key"));
}

TEST_CASE("scenario::loader: a document that is not an object is rejected", "[scenario]") {
  for (const char* text : {"[1, 2, 3]", "42", "\"scenario\"", "null"}) {
    INFO(text);
    const LoadResult result = testing::load_text(text);
    INFO(render(result.problems));
    CHECK_FALSE(result.scenario.has_value());
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems.list()[0].where.empty());  // the root's JSON pointer
    CHECK(result.problems.list()[0].reason.find("expected an object") != std::string::npos);
  }
}

}  // namespace
TEST_CASE("scenario::loader: session stores, session workloads and flush faults are checked "
          "at their pointers",
          "[scenario]") {
  const json store = json::parse(R"({"kind": "session_store", "endpoints": {
      "get": {"work": {"dist": "deterministic", "value_s": 0.001}},
      "put": {"work": {"dist": "deterministic", "value_s": 0.001}}}})");
  const json script = json::parse(R"([{"call": "gateway.home"},
      {"call": "auth.check", "repeat": {"dist": "geometric", "mean": 3},
       "think_s": {"dist": "exponential", "mean_s": 5}}])");
  json store_extra = store;
  store_extra["endpoints"]["delete"] = store["endpoints"]["get"];
  json store_calls = store;
  store_calls["endpoints"]["get"]["calls"] = json::array({{{"to", "db.read"}}});
  check_cases({
      {"flush of a standard service",
       {fault(R"({"kind": "flush", "at_s": 10, "service": "db"})")},
       "/faults/0/service",
       "not one"},
      {"flush with a duration",
       {{"/services/sessions", store},
        fault(R"({"kind": "flush", "at_s": 10, "service": "sessions", "duration_s": 5})")},
       "/faults/0/duration_s",
       "unknown key"},
      {"store endpoint other than get and put", {{"/services/sessions", store_extra}},
       "/services/sessions/endpoints/delete", "\"get\""},
      {"store endpoint with calls", {{"/services/sessions", store_calls}},
       "/services/sessions/endpoints/get/calls", "calls nothing"},
      {"capacity 0", {{"/services/sessions", store}, {"/services/sessions/capacity_sessions", 0}},
       "/services/sessions/capacity_sessions", ">= 1"},
      {"initial above capacity",
       {{"/services/sessions", store},
        {"/services/sessions/capacity_sessions", 10},
        {"/services/sessions/initial_sessions", 11}},
       "/services/sessions/initial_sessions", "<= 10"},
      {"hit ratio above 1", {{"/services/sessions", store}, {"/services/sessions/hit_ratio", 1.5}},
       "/services/sessions/hit_ratio", "<= 1"},
      {"ttl 0", {{"/services/sessions", store}, {"/services/sessions/ttl_s", 0}},
       "/services/sessions/ttl_s", "> 0"},
      {"sessions without users",
       {{"/workloads/browse", {{"kind", "sessions"}, {"script", script}}}},
       "/workloads/browse/users", "missing"},
      {"sessions without a script",
       {{"/workloads/browse", {{"kind", "sessions"}, {"users", {{"rate", {{"constant", 1}}}}}}}},
       "/workloads/browse/script", "missing"},
      {"empty script",
       {{"/workloads/browse",
         {{"kind", "sessions"}, {"users", {{"rate", {{"constant", 1}}}}}, {"script", json::array()}}}},
       "/workloads/browse/script", "expected a list of 1 to 1000 steps"},
      {"step calling nowhere",
       {{"/workloads/browse",
         {{"kind", "sessions"},
          {"users", {{"rate", {{"constant", 1}}}}},
          {"script", json::array({{{"call", "gateway.nowhere"}}})}}}},
       "/workloads/browse/script/0/call", "gateway"},
      {"repeat with seconds",
       {{"/workloads/browse",
         {{"kind", "sessions"},
          {"users", {{"rate", {{"constant", 1}}}}},
          {"script", json::array({{{"call", "gateway.home"},
                                   {"repeat", {{"dist", "geometric"}, {"mean_s", 3}}}}})}}}},
       "/workloads/browse/script/0/repeat/mean_s", "counts take keys without _s", 2},
      {"sessions client with retry",
       {{"/workloads/browse",
         {{"kind", "sessions"},
          {"users", {{"rate", {{"constant", 1}}}}},
          {"script", script},
          {"client", {{"retry", {{"max_attempts", 2}}}}}}}},
       "/workloads/browse/client/retry", "on_failure"},
      {"abandon_after 0",
       {{"/workloads/browse",
         {{"kind", "sessions"},
          {"users", {{"rate", {{"constant", 1}}}}},
          {"script", script},
          {"client", {{"on_failure", {{"abandon_after", 0}}}}}}}},
       "/workloads/browse/client/on_failure/abandon_after", ">= 1"},
      {"sessions with an entry",
       {{"/workloads/browse",
         {{"kind", "sessions"},
          {"users", {{"rate", {{"constant", 1}}}}},
          {"script", script},
          {"entry", "gateway.home"}}}},
       "/workloads/browse/entry", "unknown key"},
  });
}

}  // namespace surge::scenario
