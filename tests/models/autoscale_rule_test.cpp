// The autoscaler's decision and the cold-start multiplier (models/scaling), on
// hand-computed cases of the rule in autoscale_spec.hpp.
#include <catch2/catch.hpp>

#include "models/scaling/scaling_rule.hpp"

namespace surge::scaling {
namespace {

AutoscaleSpec policy(double target, std::uint32_t min, std::uint32_t max) {
  AutoscaleSpec s;
  s.target = target;
  s.min = min;
  s.max = max;
  s.step_up = 0;
  s.step_down = 100;
  return s;
}

Measurement measured(double load, std::uint32_t members) {
  return Measurement{load, true, members};
}

TEST_CASE("scaling::rule: desired is ceil(load / target) within [min, max]", "[models]") {
  const AutoscaleSpec s = policy(0.5, 2, 10);
  CHECK(desired_instances(s, 0.0) == 2);    // below min
  CHECK(desired_instances(s, 1.2) == 3);    // 2.4 -> 3
  CHECK(desired_instances(s, 1.5) == 3);    // exactly 3 at target: no extra instance
  CHECK(desired_instances(s, 1.5000001) == 4);
  CHECK(desired_instances(s, 4.9) == 10);   // 9.8 -> 10
  CHECK(desired_instances(s, 1e300) == 10); // never beyond max, no overflow
}

TEST_CASE("scaling::rule: the change is bounded by step_up and step_down", "[models]") {
  AutoscaleSpec s = policy(1.0, 1, 20);
  CHECK(scaling_change(s, measured(7.5, 3)) == 5);   // 8 wanted, no step bound
  s.step_up = 2;
  CHECK(scaling_change(s, measured(7.5, 3)) == 2);
  s.step_down = 1;
  CHECK(scaling_change(s, measured(1.0, 6)) == -1);  // 1 wanted, one at a time
  s.step_down = 3;
  CHECK(scaling_change(s, measured(1.0, 6)) == -3);
  CHECK(scaling_change(s, measured(5.0, 5)) == 0);
}

TEST_CASE("scaling::rule: members include provisioning instances, so no double add",
          "[models]") {
  // Load of 6 at target 1 wants 6; with 4 serving and 2 provisioning nothing is added.
  const AutoscaleSpec s = policy(1.0, 1, 20);
  CHECK(scaling_change(s, measured(6.0, 6)) == 0);
  CHECK(scaling_change(s, measured(6.0, 4)) == 2);
}

TEST_CASE("scaling::rule: a period with no serving instance changes nothing", "[models]") {
  const AutoscaleSpec s = policy(1.0, 1, 20);
  CHECK(scaling_change(s, Measurement{0.0, false, 5}) == 0);
  CHECK(scaling_change(s, Measurement{0.0, true, 5}) == -5 + 1);  // served: down to min
}

TEST_CASE("scaling::cold_start: the multiplier decays linearly from factor to 1 over warm_s",
          "[models]") {
  const ColdStartSpec cold{3.0, 10.0};
  CHECK(cold_multiplier(cold, 0.0) == Approx(3.0));
  CHECK(cold_multiplier(cold, 5.0) == Approx(2.0));
  CHECK(cold_multiplier(cold, 7.5) == Approx(1.5));
  CHECK(cold_multiplier(cold, 10.0) == 1.0);
  CHECK(cold_multiplier(cold, 1e6) == 1.0);
  CHECK(cold_multiplier(ColdStartSpec{1.0, 10.0}, 0.0) == 1.0);
  CHECK(cold_multiplier(ColdStartSpec{4.0, 0.0}, 0.0) == 1.0);  // no warm-up period
}

}  // namespace
}  // namespace surge::scaling
