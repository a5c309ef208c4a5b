// SlidingWindow: the exact bucket rule of its header (an event counts while the current
// bucket is fewer than 100 buckets after its own), against a brute-force count over
// every event kept, through random times including gaps longer than the window.
#include <catch2/catch.hpp>

#include <cstdint>
#include <utility>
#include <vector>

#include "models/resilience/sliding_window.hpp"
#include "sim/kernel/rng.hpp"

namespace surge::resilience {
namespace {

TEST_CASE("models::resilience::sliding_window: counts what the bucket rule says", "[models]") {
  for (SimTime window : {SimTime{1'000'000'000}, SimTime{1'234'567}, SimTime{50}}) {
    SlidingWindow w(window);
    const SimTime width = w.bucket_width();
    CHECK(width == (window < 100 ? 1 : (window + 99) / 100));
    std::vector<std::pair<SimTime, std::size_t>> events;
    Rng rng(31);
    SimTime now = 0;
    for (int i = 0; i < 20'000; ++i) {
      // Mostly small steps, sometimes a jump past the whole window.
      now += rng.below(50) == 0 ? static_cast<SimTime>(rng.below(3 * 100 * width))
                                : static_cast<SimTime>(rng.below(2 * width));
      const std::size_t kind = rng.below(2);
      w.add(now, kind);
      events.emplace_back(now, kind);
      SlidingWindow::Counts expected{};
      for (const auto& [t, k] : events)
        if (now / width - t / width < SlidingWindow::kBuckets) ++expected[k];
      REQUIRE(w.counts(now) == expected);
      // An event out of the window never comes back (time only grows): drop it.
      std::erase_if(events, [&](const auto& e) {
        return now / width - e.first / width >= SlidingWindow::kBuckets;
      });
    }
    w.clear();
    CHECK(w.counts(now) == SlidingWindow::Counts{});
  }
}

}  // namespace
}  // namespace surge::resilience
