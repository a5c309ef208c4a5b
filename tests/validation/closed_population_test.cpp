// Closed workloads against exact results (docs/validation.md, "Closed populations").
//
// 1. The machine-repairman model (Kleinrock, Queueing Systems vol. 1, sec. 3.8): N
//    users, exponential think time of mean Z, one exponential server of rate mu. With
//    r = 1 / (mu Z), p0 = [sum_{n=0}^{N} N!/(N-n)! r^n]^(-1), the throughput is
//    X = mu (1 - p0) and, by Little's law over the whole loop, the response time is
//    R = N / X - Z.
// 2. A closed population over a layered chain: the users call a front service whose
//    workers stay held while they call a back service. No product form holds (the
//    front's worker is held across the call), so the test builds the exact CTMC over
//    (waiting at the front n, front workers in their own work a, front workers blocked
//    on the back b; thinking = N - n - a - b) and solves pi Q = 0 with Eigen.
#include <Eigen/Dense>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <tuple>
#include <vector>

#include "tests/validation/queueing_harness.hpp"

namespace surge::validation {
namespace {

struct ClosedFigures {
  double throughput = 0.0;  // user requests completed per second
  double response = 0.0;    // mean time from a request's start to its end
};

ClosedFigures machine_repairman(int users, double think_s, double mu) {
  const double r = 1.0 / (mu * think_s);
  double sum = 0.0, term = 1.0;  // term = N!/(N-n)! r^n
  for (int n = 0; n <= users; ++n) {
    sum += term;
    term *= static_cast<double>(users - n) * r;
  }
  const double x = mu * (1.0 - 1.0 / sum);
  return {x, static_cast<double>(users) / x - think_s};
}

struct LayeredClosed {
  int users = 6;
  double think_s = 2.0;
  int front_workers = 2;
  double front_rate = 2.0;  // 1 / mean own work of the front
  int back_workers = 1;
  double back_rate = 1.5;
};

ClosedFigures solve_layered_closed(const LayeredClosed& m) {
  std::map<std::tuple<int, int, int>, Eigen::Index> index;
  std::vector<std::tuple<int, int, int>> states;
  for (int b = 0; b <= std::min(m.users, m.front_workers); ++b) {
    for (int a = 0; a + b <= m.front_workers && a + b <= m.users; ++a) {
      const int n_max = a + b == m.front_workers ? m.users - a - b : 0;
      for (int n = 0; n <= n_max; ++n) {
        index[{n, a, b}] = static_cast<Eigen::Index>(states.size());
        states.emplace_back(n, a, b);
      }
    }
  }
  const auto size = static_cast<Eigen::Index>(states.size());
  Eigen::MatrixXd q = Eigen::MatrixXd::Zero(size, size);
  const auto add = [&](Eigen::Index from, int n, int a, int b, double rate) {
    const Eigen::Index to = index.at({n, a, b});
    q(from, to) += rate;
    q(from, from) -= rate;
  };
  for (Eigen::Index i = 0; i < size; ++i) {
    const auto [n, a, b] = states[static_cast<std::size_t>(i)];
    const int thinking = m.users - n - a - b;
    if (thinking > 0) {
      const double rate = thinking / m.think_s;
      if (a + b < m.front_workers) {
        add(i, n, a + 1, b, rate);
      } else {
        add(i, n + 1, a, b, rate);
      }
    }
    if (a > 0) add(i, n, a - 1, b + 1, a * m.front_rate);  // the call goes out
    if (b > 0) {
      // The back answers; the freed front worker takes the oldest waiting visit.
      const double rate = std::min(b, m.back_workers) * m.back_rate;
      if (n > 0) {
        add(i, n - 1, a + 1, b - 1, rate);
      } else {
        add(i, n, a, b - 1, rate);
      }
    }
  }
  Eigen::MatrixXd system = q.transpose();
  system.row(size - 1).setOnes();
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(size);
  rhs(size - 1) = 1.0;
  const Eigen::VectorXd pi = system.fullPivLu().solve(rhs);
  REQUIRE((pi.transpose() * q).cwiseAbs().maxCoeff() < 1e-10);
  double x = 0.0;
  for (Eigen::Index i = 0; i < size; ++i) {
    const int b = std::get<2>(states[static_cast<std::size_t>(i)]);
    x += pi(i) * std::min(b, m.back_workers) * m.back_rate;
  }
  return {x, static_cast<double>(m.users) / x - m.think_s};
}

json closed_scenario(const std::string& name, json services, const std::string& entry,
                     int users, double think_s, double duration_s, double warmup_s) {
  json doc = scenario(name, duration_s, warmup_s, std::move(services), entry, 1.0);
  doc["workloads"]["w"] = {{"kind", "closed"},
                           {"entry", entry},
                           {"population", users},
                           {"think_s", exponential(think_s)}};
  return doc;
}

void check_closed(const json& doc, const ClosedFigures& exact, int replications) {
  const double span = measured_span_s(doc);
  const auto reports = run_replications(doc, replications);
  check_theory("throughput (requests/s)", per_replication(reports, [&](const json& r) {
                 return r.at("workloads").at("w").at("succeeded").get<double>() / span;
               }),
               exact.throughput);
  check_theory("response time (s)", per_replication(reports, [](const json& r) {
                 return r.at("workloads").at("w").at("latency_s").at("mean").get<double>();
               }),
               exact.response);
  for (const json& r : reports) {
    const json& w = r.at("workloads").at("w");
    CHECK(w.at("offered").get<std::uint64_t>() ==
          w.at("succeeded").get<std::uint64_t>() + w.at("in_flight").get<std::uint64_t>());
  }
}

}  // namespace

TEST_CASE("validation::closed: N users at one exponential server match the "
          "machine-repairman formulas",
          "[validation]") {
  for (const int users : {1, 5, 20}) {
    SECTION(std::to_string(users) + " users") {
      const double think_s = 4.0, mu = 1.0;
      const json doc = closed_scenario("repairman", {{"s", station(1, exponential(1.0 / mu))}},
                                       "s.e", users, think_s, 10'400.0, 400.0);
      check_closed(doc, machine_repairman(users, think_s, mu), 10);
    }
  }
}

TEST_CASE("validation::closed: a population over a layered chain matches the exact CTMC",
          "[validation]") {
  const LayeredClosed m;
  json front = station(m.front_workers, exponential(1.0 / m.front_rate));
  front["endpoints"]["e"]["calls"] = json::array({{{"to", "back.e"}}});
  const json doc = closed_scenario(
      "layered-closed",
      {{"front", front}, {"back", station(m.back_workers, exponential(1.0 / m.back_rate))}},
      "front.e", m.users, m.think_s, 10'400.0, 400.0);
  check_closed(doc, solve_layered_closed(m), 10);
}

}  // namespace surge::validation
