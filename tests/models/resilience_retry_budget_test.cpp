// RetryBudget: a hand-computed sequence with exact times (including the bucket at which
// old events leave), the decimal-ratio tolerance, and a long run of failing requests
// whose retries stay within ratio x successes, so amplification <= 1 + ratio.
#include <catch2/catch.hpp>

#include <cstdint>

#include "models/resilience/retry_budget.hpp"
#include "sim/kernel/rng.hpp"

namespace surge::resilience {
namespace {

constexpr SimTime kMs = 1'000'000;

TEST_CASE("models::resilience::retry_budget: a hand-computed sequence", "[models]") {
  // Window 1 s: 100 buckets of 10 ms; an event in bucket b leaves when now reaches
  // bucket b + 100.
  RetryBudget budget(0.5, 1000 * kMs);
  CHECK_FALSE(budget.try_spend_retry(0));  // no success yet: no retry
  budget.on_success(100 * kMs);            // bucket 10
  budget.on_success(200 * kMs);            // bucket 20
  CHECK(budget.try_spend_retry(250 * kMs));        // 1 <= 0.5 x 2
  CHECK_FALSE(budget.try_spend_retry(260 * kMs));  // 2 > 1
  budget.on_success(300 * kMs);
  budget.on_success(400 * kMs);
  CHECK(budget.try_spend_retry(450 * kMs));        // 2 <= 0.5 x 4
  CHECK_FALSE(budget.try_spend_retry(460 * kMs));  // 3 > 2
  CHECK(budget.denied() == 3);
  CHECK(budget.retries_in_window(460 * kMs) == 2);  // denied retries are not counted

  // The success at 100 ms (bucket 10) stays through bucket 109 and leaves at 1.1 s.
  CHECK(budget.successes_in_window(1100 * kMs - 1) == 4);
  CHECK(budget.successes_in_window(1100 * kMs) == 3);
  CHECK_FALSE(budget.try_spend_retry(1100 * kMs));  // 3 > 0.5 x 3
  // At 1.46 s (bucket 146) the window holds buckets 47..146: every event above is gone.
  budget.on_success(1300 * kMs);
  CHECK(budget.successes_in_window(1460 * kMs) == 1);
  CHECK(budget.retries_in_window(1460 * kMs) == 0);
  CHECK_FALSE(budget.try_spend_retry(1460 * kMs));  // 1 > 0.5 x 1
  budget.on_success(1460 * kMs);
  CHECK(budget.try_spend_retry(1460 * kMs));  // 1 <= 0.5 x 2
  // After a silence longer than the window, nothing is left.
  CHECK(budget.successes_in_window(10'000 * kMs) == 0);
  CHECK(budget.retries_in_window(10'000 * kMs) == 0);
}

TEST_CASE("models::resilience::retry_budget: a decimal ratio admits what it says",
          "[models]") {
  RetryBudget budget(0.29, 10'000 * kMs);  // 0.29 x 100 = 28.999999999999996 in doubles
  for (int i = 0; i < 100; ++i) budget.on_success(i * kMs);
  int admitted = 0;
  while (budget.try_spend_retry(100 * kMs)) ++admitted;
  CHECK(admitted == 29);

  RetryBudget none(0.0, 10'000 * kMs);
  for (int i = 0; i < 100; ++i) none.on_success(i * kMs);
  CHECK_FALSE(none.try_spend_retry(100 * kMs));
}

TEST_CASE("models::resilience::retry_budget: retries stay within ratio x successes",
          "[models]") {
  // A request every millisecond for 1000 s; each attempt fails with probability 0.7 and
  // a failed attempt is retried at once, up to 4 attempts, when the budget allows.
  // Unbudgeted, that is 0.7 + 0.49 + 0.343 = 1.53 retries per request.
  for (double ratio : {0.1, 0.2, 0.5}) {
    RetryBudget budget(ratio, 10'000 * kMs);
    Rng rng(11);
    std::uint64_t requests = 0, retries = 0, successes = 0;
    for (SimTime t = 0; t < 1'000'000 * kMs; t += kMs) {
      ++requests;
      for (int attempt = 1; attempt <= 4; ++attempt) {
        if (rng.uniform01() >= 0.7) {
          budget.on_success(t);
          ++successes;
          break;
        }
        if (attempt == 4 || !budget.try_spend_retry(t)) break;
        ++retries;
      }
    }
    INFO("ratio " << ratio << ": " << retries << " retries, " << successes << " successes");
    // Each retry was admitted within a window whose retries were <= ratio x its successes;
    // the windows ending at the last admission, then at the last admission before that
    // window, and so on, are disjoint and cover every retry: no slack.
    CHECK(static_cast<double>(retries) <= ratio * static_cast<double>(successes) * (1 + 1e-12));
    const double amplification =
        static_cast<double>(requests + retries) / static_cast<double>(requests);
    CHECK(amplification <= 1 + ratio);
    // And the budget is not stingier than it must be: demand exceeds it, and a window
    // spans at least 99% of 10 s, so nearly all of ratio x successes is used.
    CHECK(static_cast<double>(retries) >= 0.98 * ratio * static_cast<double>(successes));
  }
}

}  // namespace
}  // namespace surge::resilience
