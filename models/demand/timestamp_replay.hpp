// TimestampReplay: arrivals replayed from a recorded trace
// (`{"timestamps": {"path": ...}}`): each time of the list, in order, up to the
// horizon. The list is shared (replications replay the same trace) and was
// validated by the scenario layer: finite, >= 0, non-decreasing. Uses no
// randomness.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "models/demand/arrival_process.hpp"

namespace surge::demand {

class TimestampReplay final : public ArrivalProcess {
 public:
  // Arrivals on [0, horizon). REQUIRES: times not null, sorted, finite, >= 0.
  TimestampReplay(std::shared_ptr<const std::vector<double>> times_s, SimTime horizon);

  [[nodiscard]] SimTime next() override;

 private:
  std::shared_ptr<const std::vector<double>> times_s_;
  SimTime horizon_;
  std::size_t next_index_ = 0;
};

}  // namespace surge::demand
