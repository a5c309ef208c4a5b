// RandomCrash: every instance of a service (those it starts with) independently
// alternates up for Exp(mtbf_s), down for Exp(mttr_s), from t = 0 (up). Each
// duration is drawn from its own key (seed, replication, service name, instance,
// cycle, up or down), so adding a service, a fault or an instance elsewhere never
// moves this service's failure times. A down period goes through the crash
// machinery (visits fail with `error`, the balancer learns health_check_s late);
// an instance already down for another reason is left alone, and brought back
// only by what took it down.
#pragma once

#include <cstdint>
#include <vector>

#include "models/faults/fault.hpp"

namespace surge::faults {

// Cycle `cycle` of `instance`: its up period (down false) or the down period
// that follows (down true), in seconds.
[[nodiscard]] double random_crash_period_s(const FaultSpec& spec, std::uint64_t run_key,
                                           std::uint32_t instance, std::uint32_t cycle,
                                           bool down);

class RandomCrash final : public Fault {
 public:
  // REQUIRES: spec.mtbf_s > 0, spec.mttr_s > 0
  RandomCrash(const FaultSpec& spec, std::uint32_t index, std::uint64_t run_key);
  void start(FaultHost& host) override;
  // a: instance; b: 2 × cycle (its up period ends) or 2 × cycle + 1 (down ends).
  void on_event(FaultHost& host, std::uint32_t a, std::uint32_t b) override;

 private:
  void schedule(FaultHost& host, std::uint32_t instance, std::uint32_t cycle, bool down);

  const FaultSpec& spec_;
  std::uint32_t index_;
  std::uint64_t run_key_;
  std::vector<bool> downed_;  // per instance: this fault took it down
};

}  // namespace surge::faults
