#include "models/mesh/session_store_station.hpp"

#include "models/mesh/random_keys.hpp"
#include "models/sessions/user_routing.hpp"

namespace surge::mesh {
namespace {

// Keys of the preloaded sessions: a range no workload's users come from.
constexpr std::uint64_t kPreloadedUsers = 0x5E551095ULL;

}  // namespace

SessionStoreStation::SessionStoreStation(const ServiceSpec& spec, StationHost& host)
    : WorkerPoolStation(spec, host), hit_ratio_(spec.session_store.hit_ratio) {
  for (const EndpointSpec& e : spec.endpoints)
    operations_.push_back(e.name == "put" ? Operation::kPut : Operation::kGet);
  const SessionStoreSpec& store = spec.session_store;
  const SimTime ttl =
      store.ttl_s == kNoTimeout ? kTimeInfinity : from_seconds(store.ttl_s);
  const std::uint64_t n = spec.instances;
  tables_.reserve(n);
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::uint64_t capacity = store.capacity_sessions / n + (i < store.capacity_sessions % n);
    tables_.emplace_back(std::max<std::uint64_t>(capacity, 1), ttl);
  }
  // Preloaded users land where routing would send them.
  std::vector<std::vector<std::uint64_t>> users(n);
  for (std::uint64_t k = 0; k < store.initial_sessions; ++k) {
    const std::uint64_t user = hash_combine(kPreloadedUsers, k);
    users[sessions::instance_of_user(user, static_cast<std::uint32_t>(n))].push_back(user);
  }
  for (std::uint64_t i = 0; i < n; ++i) {
    tables_[i].preload(users[i].size(), 0, [&](std::uint64_t k) { return users[i][k]; });
    held_ += tables_[i].size();
  }
}

std::uint32_t SessionStoreStation::user_instance(std::uint64_t user) const {
  return sessions::instance_of_user(user, static_cast<std::uint32_t>(tables_.size()));
}

Outcome SessionStoreStation::answer(const Visit& v, std::optional<std::uint64_t> user,
                                    SimTime now) {
  const Operation op = operations_[v.endpoint];
  if (!user) {
    if (op == Operation::kPut) return Outcome::kOk;
    Rng rng = purpose_rng(v.key, DrawPurpose::kSessionHit);
    const bool hit = hit_ratio_ >= 1.0 || rng.uniform01() < hit_ratio_;
    if (v.counted) ++(hit ? figures_.hits : figures_.misses);
    return hit ? Outcome::kOk : Outcome::kUnauthenticated;
  }
  sessions::SessionTable& table = tables_[v.instance];
  const std::uint64_t before = table.size();
  Outcome outcome = Outcome::kOk;
  if (op == Operation::kPut) {
    table.put(*user, now);
    if (v.counted) ++figures_.puts;
  } else if (table.get(*user, now)) {
    if (v.counted) ++figures_.hits;
  } else {
    if (v.counted) ++figures_.misses;
    outcome = Outcome::kUnauthenticated;
  }
  held_ = held_ - before + table.size();
  return outcome;
}

std::vector<Handle> SessionStoreStation::crash(std::uint32_t instance) {
  held_ -= tables_[instance].size();
  figures_.wiped += tables_[instance].flush();
  return WorkerPoolStation::crash(instance);
}

void SessionStoreStation::flush() {
  for (sessions::SessionTable& table : tables_) figures_.wiped += table.flush();
  held_ = 0;
}

void SessionStoreStation::finish(ServiceResult& result, SimTime end) {
  SessionStoreResult out = figures_;
  for (sessions::SessionTable& table : tables_) {
    table.expire(end);
    out.evictions += table.evictions();
    out.expirations += table.expirations();
    out.held_at_end += table.size();
  }
  if (result.sessions) {
    out.held = result.sessions->held;  // the collector's time average and maximum
  }
  result.sessions = out;
}

}  // namespace surge::mesh
