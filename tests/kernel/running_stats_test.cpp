#include "sim/kernel/running_stats.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "sim/kernel/rng.hpp"

namespace surge {

TEST_CASE("kernel::running_stats: hand-computed small case", "[kernel]") {
  RunningStats s;
  CHECK(s.count() == 0);
  CHECK(s.mean() == 0.0);
  CHECK(s.variance() == 0.0);
  CHECK(s.min() == 0.0);
  CHECK(s.max() == 0.0);
  s.add(4.0);
  CHECK(s.variance() == 0.0);  // n < 2
  for (double x : {7.0, 13.0, 16.0}) s.add(x);
  // mean 10, squared deviations 36 + 9 + 9 + 36 = 90, sample variance 90 / 3.
  CHECK(s.count() == 4);
  CHECK(s.mean() == 10.0);
  CHECK(s.variance() == Approx(30.0).epsilon(1e-15));
  CHECK(s.stddev() == Approx(std::sqrt(30.0)).epsilon(1e-15));
  CHECK(s.min() == 4.0);
  CHECK(s.max() == 16.0);
  CHECK(s.sum() == 40.0);
}

TEST_CASE("kernel::running_stats: stable far from zero", "[kernel]") {
  // The textbook E[X^2] - E[X]^2 loses every digit here; Welford keeps them.
  RunningStats s;
  for (double x : {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16}) s.add(x);
  CHECK(s.variance() == Approx(30.0).epsilon(1e-9));
}

TEST_CASE("kernel::running_stats: merge equals adding everything", "[kernel]") {
  Rng rng(hash_name("kernel/running_stats/merge"));
  RunningStats all;
  RunningStats a;
  RunningStats b;
  for (int i = 0; i < 1000; ++i) {
    const double x = 5.0 + rng.uniform01();
    all.add(x);
    (i < 300 ? a : b).add(x);
  }
  RunningStats merged = a;
  merged.merge(b);
  CHECK(merged.count() == all.count());
  CHECK(merged.mean() == Approx(all.mean()).epsilon(1e-13));
  CHECK(merged.variance() == Approx(all.variance()).epsilon(1e-11));
  CHECK(merged.min() == all.min());
  CHECK(merged.max() == all.max());

  RunningStats empty;
  RunningStats copy = a;
  copy.merge(empty);
  CHECK(copy.count() == a.count());
  CHECK(copy.mean() == a.mean());
  empty.merge(a);
  CHECK(empty.count() == a.count());
  CHECK(empty.min() == a.min());
  CHECK(empty.variance() == a.variance());
}

}  // namespace surge
