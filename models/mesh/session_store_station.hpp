// SessionStoreStation: the session store (docs/model.md, "Session store"). A worker
// pool like any service, plus a SessionTable per instance holding real sessions:
//   - a visit that carries a user goes to the instance hash(user) mod instances (no
//     balancer; a down instance fails it with error, as a dead shard does);
//   - when its work ends, `get` answers ok if the user holds a live session there and
//     unauthenticated otherwise; `put` creates or refreshes the session;
//   - a visit without a user (open and closed workloads) `get`s a hit with probability
//     hit_ratio (a draw keyed by the visit) and its `put` stores nothing;
//   - capacity_sessions is split evenly (the first C mod n instances hold one more);
//     initial_sessions are preloaded at t = 0, spread the same way, for users of no
//     workload;
//   - a flush fault wipes every instance; a crash wipes the crashed instance (an
//     in-memory store keeps nothing across a restart).
#pragma once

#include <optional>
#include <vector>

#include "models/mesh/worker_pool_station.hpp"
#include "models/sessions/session_table.hpp"

namespace surge::mesh {

class SessionStoreStation final : public WorkerPoolStation {
 public:
  SessionStoreStation(const ServiceSpec& spec, StationHost& host);

  std::vector<Handle> crash(std::uint32_t instance) override;
  [[nodiscard]] bool decides_outcome() const override { return true; }
  [[nodiscard]] bool routes_by_user() const override { return true; }
  [[nodiscard]] std::uint32_t user_instance(std::uint64_t user) const override;
  Outcome answer(const Visit& v, std::optional<std::uint64_t> user, SimTime now) override;
  void flush() override;
  [[nodiscard]] std::uint64_t held() const override { return held_; }
  void finish(ServiceResult& result, SimTime end) override;

 private:
  enum class Operation : std::uint8_t { kGet, kPut };
  std::vector<Operation> operations_;  // per endpoint
  std::vector<sessions::SessionTable> tables_;
  double hit_ratio_;
  std::uint64_t held_ = 0;  // sessions held over all instances, as of the last operation
  SessionStoreResult figures_;
};

}  // namespace surge::mesh
