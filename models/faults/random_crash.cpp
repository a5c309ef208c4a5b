#include "models/faults/random_crash.hpp"

#include <string>

#include "sim/kernel/distribution.hpp"
#include "sim/kernel/hash.hpp"
#include "sim/kernel/rng.hpp"

namespace surge::faults {

double random_crash_period_s(const FaultSpec& spec, std::uint64_t run_key,
                             std::uint32_t instance, std::uint32_t cycle, bool down) {
  const std::uint64_t service = hash_combine(run_key, "faults/random_crash/" + spec.service_name);
  Rng rng(hash_combine(hash_combine(hash_combine(service, instance), cycle), down ? 1 : 0));
  return Distribution::exponential(down ? spec.mttr_s : spec.mtbf_s).sample(rng);
}

RandomCrash::RandomCrash(const FaultSpec& spec, std::uint32_t index, std::uint64_t run_key)
    : spec_(spec), index_(index), run_key_(run_key), downed_(spec.instances, false) {}

void RandomCrash::start(FaultHost& host) {
  for (std::uint32_t i = 0; i < spec_.instances; ++i) schedule(host, i, 0, /*down=*/false);
}

void RandomCrash::schedule(FaultHost& host, std::uint32_t instance, std::uint32_t cycle,
                           bool down) {
  const double period = random_crash_period_s(spec_, run_key_, instance, cycle, down);
  host.schedule_fault(index_, host.now() + from_seconds(period), instance,
                      2 * cycle + (down ? 1 : 0));
}

void RandomCrash::on_event(FaultHost& host, std::uint32_t a, std::uint32_t b) {
  const std::uint32_t cycle = b / 2;
  if (b % 2 == 0) {  // the up period ended
    downed_[a] = host.crash_if_up(spec_.service, a);
    schedule(host, a, cycle, /*down=*/true);
    return;
  }
  if (downed_[a]) host.bring_back(spec_.service, a);
  downed_[a] = false;
  schedule(host, a, cycle + 1, /*down=*/false);
}

}  // namespace surge::faults
