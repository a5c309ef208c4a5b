// SessionTable against a reference model built from standard containers (a std::list in
// use order, a std::map by user, a std::set in refresh order), over random operations
// with small capacities so evictions and expirations are frequent; plus hand cases for
// LRU order, the TTL boundary, expired-before-live reclaiming, flush, capacity 1 and an
// infinite TTL, and the memory bound.
#include <catch2/catch.hpp>

#include <cstdint>
#include <list>
#include <map>
#include <set>
#include <utility>

#include "models/sessions/session_table.hpp"
#include "models/sessions/user_routing.hpp"
#include "sim/kernel/hash.hpp"
#include "sim/kernel/rng.hpp"

namespace surge::sessions {
namespace {

// The semantics of docs/session-store.md, written the plain way.
class ReferenceSessions {
 public:
  ReferenceSessions(std::uint64_t capacity, SimTime ttl) : capacity_(capacity), ttl_(ttl) {}

  bool get(std::uint64_t user, SimTime now) {
    expire(now);
    auto it = sessions_.find(user);
    if (it == sessions_.end()) return false;
    use_order_.splice(use_order_.end(), use_order_, it->second.use);
    return true;
  }

  void put(std::uint64_t user, SimTime now) {
    expire(now);
    auto it = sessions_.find(user);
    if (it != sessions_.end()) {
      use_order_.splice(use_order_.end(), use_order_, it->second.use);
      by_refresh_.erase({it->second.refreshed, user});
      it->second.refreshed = now;
      by_refresh_.insert({now, user});
      return;
    }
    if (sessions_.size() == capacity_) {
      erase(use_order_.front());
      ++evictions;
    }
    use_order_.push_back(user);
    sessions_[user] = Session{std::prev(use_order_.end()), now};
    by_refresh_.insert({now, user});
  }

  std::uint64_t expire(SimTime now) {
    std::uint64_t n = 0;
    while (!by_refresh_.empty() && ttl_ != kTimeInfinity &&
           now - by_refresh_.begin()->first >= ttl_) {
      erase(by_refresh_.begin()->second);
      ++n;
    }
    expirations += n;
    return n;
  }

  std::uint64_t flush() {
    const std::uint64_t n = sessions_.size();
    sessions_.clear();
    use_order_.clear();
    by_refresh_.clear();
    return n;
  }

  std::uint64_t size() const { return sessions_.size(); }

  std::uint64_t evictions = 0;
  std::uint64_t expirations = 0;

 private:
  struct Session {
    std::list<std::uint64_t>::iterator use;
    SimTime refreshed;
  };

  void erase(std::uint64_t user) {
    auto it = sessions_.find(user);
    use_order_.erase(it->second.use);
    by_refresh_.erase({it->second.refreshed, user});
    sessions_.erase(it);
  }

  std::uint64_t capacity_;
  SimTime ttl_;
  std::list<std::uint64_t> use_order_;  // front = least recently used
  std::map<std::uint64_t, Session> sessions_;
  std::set<std::pair<SimTime, std::uint64_t>> by_refresh_;
};

// Random gets, puts, expiries and rare flushes, time advancing in small steps with
// occasional jumps across the TTL; every answer, size and counter must match.
// Rates per million steps of the rare actions: a flush, a jump of time by the TTL.
struct Rare {
  std::uint64_t flush = 2'000;
  std::uint64_t jump = 5'000;
};

void check_against_reference(std::uint64_t capacity, SimTime ttl, std::uint64_t users,
                             int steps, std::uint64_t seed, Rare rare = {}) {
  SessionTable table(capacity, ttl);
  ReferenceSessions reference(capacity, ttl);
  Rng rng(seed);
  SimTime now = 0;
  // User ids as the engine makes them: hashes, so neighbours share no bits.
  const auto user_id = [&](std::uint64_t i) { return hash_combine(seed, i); };
  for (int step = 0; step < steps; ++step) {
    const std::uint64_t jump = rng.below(1'000'000);
    if (jump < rare.jump) now += ttl == kTimeInfinity ? 1'000'000 : ttl;  // across the TTL
    else if (jump < 400'000) now += static_cast<SimTime>(rng.below(4));
    const std::uint64_t action = rng.below(1'000'000);
    const std::uint64_t user = user_id(rng.below(users));
    if (action < rare.flush) {
      REQUIRE(table.flush() == reference.flush());
    } else if (action < 20'000) {
      REQUIRE(table.expire(now) == reference.expire(now));
    } else if (action < 500'000) {
      REQUIRE(table.get(user, now) == reference.get(user, now));
    } else {
      table.put(user, now);
      reference.put(user, now);
    }
    REQUIRE(table.size() == reference.size());
    REQUIRE(table.evictions() == reference.evictions);
    REQUIRE(table.expirations() == reference.expirations);
  }
  // The run exercised what it claims to (a test that cannot fail is a defect).
  CHECK(reference.evictions > 0);
  if (ttl != kTimeInfinity) CHECK(reference.expirations > 0);
}

TEST_CASE("models::session_table: matches a reference model over random operations",
          "[models]") {
  const SimTime ttls[] = {kTimeInfinity, 40, 700};
  const std::uint64_t capacities[] = {1, 2, 7, 64};
  std::uint64_t seed = 1;
  for (SimTime ttl : ttls) {
    for (std::uint64_t capacity : capacities) {
      INFO("capacity " << capacity << ", ttl " << ttl);
      check_against_reference(capacity, ttl, 3 * capacity + 2, 200'000, seed++);
    }
  }
}

TEST_CASE("models::session_table: matches the reference through index growth and churn",
          "[models]") {
  // Thousands of sessions: the index doubles several times and backward-shift deletion
  // runs on long probe runs.
  // Time drifts 0.6 per step: a TTL of 40 000 lets about 5 000 sessions live at once.
  const Rare rare{.flush = 10, .jump = 10};
  check_against_reference(5'000, 40'000, 12'000, 300'000, 99, rare);
  check_against_reference(5'000, kTimeInfinity, 12'000, 300'000, 100, rare);
}

TEST_CASE("models::session_table: users routed to one instance index as well as any",
          "[models]") {
  // Only users that instance 0 of 4 receives: their mix64 agrees in the low two bits,
  // which the table's salted index hash must not depend on.
  SessionTable table(2'000, kTimeInfinity);
  ReferenceSessions reference(2'000, kTimeInfinity);
  Rng rng(5);
  std::uint64_t kept = 0;
  for (std::uint64_t i = 0; kept < 50'000; ++i) {
    const std::uint64_t user = hash_combine(77, rng.below(6'000));
    if (instance_of_user(user, 4) != 0) continue;
    ++kept;
    if (i % 2 == 0) {
      REQUIRE(table.get(user, 0) == reference.get(user, 0));
    } else {
      table.put(user, 0);
      reference.put(user, 0);
    }
  }
  CHECK(table.size() == reference.size());
  CHECK(table.evictions() == reference.evictions);
}

TEST_CASE("models::session_table: the largest capacities work, with no room for hash tags",
          "[models]") {
  // Slot ids of a capacity >= 2^31 fill all 32 bits of an index entry. The table
  // allocates only for what it holds, so a few thousand sessions cost little.
  for (std::uint64_t capacity : {0xffff'fffeULL, 0x8000'0000ULL, 0x7fff'ffffULL}) {
    INFO("capacity " << capacity);
    SessionTable table(capacity, 50);
    ReferenceSessions reference(capacity, 50);
    Rng rng(capacity);
    for (int step = 0; step < 20'000; ++step) {
      const std::uint64_t user = hash_combine(1, rng.below(3'000));
      const SimTime now = step / 100;
      if (rng.below(2) == 0) {
        REQUIRE(table.get(user, now) == reference.get(user, now));
      } else {
        table.put(user, now);
        reference.put(user, now);
      }
      REQUIRE(table.size() == reference.size());
    }
    CHECK(table.expirations() == reference.expirations);
    CHECK(reference.expirations > 0);
  }
}

TEST_CASE("models::session_table: a get is a use, so eviction takes the least recently used",
          "[models]") {
  SessionTable table(3, kTimeInfinity);
  table.put(1, 0);
  table.put(2, 1);
  table.put(3, 2);
  CHECK(table.get(1, 3));  // use order now 2, 3, 1
  table.put(4, 4);         // evicts 2
  CHECK(table.evictions() == 1);
  CHECK_FALSE(table.get(2, 5));
  CHECK(table.get(3, 6));  // use order 1, 4, 3
  table.put(5, 7);         // evicts 1
  CHECK_FALSE(table.get(1, 8));
  CHECK(table.get(4, 9));
  CHECK(table.get(3, 9));
  CHECK(table.get(5, 9));
  CHECK(table.size() == 3);
  CHECK(table.evictions() == 2);
  CHECK(table.expirations() == 0);
}

TEST_CASE("models::session_table: a session expires exactly at refresh plus ttl", "[models]") {
  SessionTable table(10, 100);
  table.put(1, 0);
  CHECK(table.get(1, 99));
  CHECK_FALSE(table.get(1, 100));
  CHECK(table.expirations() == 1);
  CHECK(table.size() == 0);
  CHECK(table.evictions() == 0);
}

TEST_CASE("models::session_table: put restarts the ttl and get does not", "[models]") {
  SessionTable table(10, 100);
  table.put(1, 0);
  CHECK(table.get(1, 50));
  CHECK_FALSE(table.get(1, 100));  // the get at 50 did not extend it
  table.put(2, 100);
  table.put(2, 160);  // refresh: now expires at 260
  CHECK(table.get(2, 259));
  CHECK_FALSE(table.get(2, 260));
  CHECK(table.expirations() == 2);
}

TEST_CASE("models::session_table: an expired session is reclaimed before a live one is evicted",
          "[models]") {
  SessionTable table(2, 100);
  table.put(1, 0);
  table.put(2, 50);
  CHECK(table.get(1, 60));  // 1 is now the most recently used, yet expires first
  table.put(3, 100);        // 1 expired at 100: reclaimed; 2, the LRU, stays
  CHECK(table.expirations() == 1);
  CHECK(table.evictions() == 0);
  CHECK(table.get(2, 100));
  CHECK(table.get(3, 100));
  CHECK(table.size() == 2);
  // expire() reclaims without a get or put, and reports how many.
  CHECK(table.expire(150) == 1);  // 2, put at 50
  CHECK(table.size() == 1);
  CHECK(table.expire(150) == 0);
}

TEST_CASE("models::session_table: flush wipes every session and counts nothing", "[models]") {
  SessionTable table(4, 1'000);
  for (std::uint64_t user = 1; user <= 6; ++user) table.put(user, 0);
  CHECK(table.evictions() == 2);
  CHECK(table.flush() == 4);
  CHECK(table.size() == 0);
  CHECK(table.evictions() == 2);
  CHECK(table.expirations() == 0);
  for (std::uint64_t user = 1; user <= 6; ++user) CHECK_FALSE(table.get(user, 1));
  table.put(5, 2);
  CHECK(table.get(5, 3));
  CHECK(table.size() == 1);
  CHECK(table.flush() == 1);
  CHECK(table.flush() == 0);
}

TEST_CASE("models::session_table: capacity 1 holds the last user put", "[models]") {
  SessionTable table(1, kTimeInfinity);
  table.put(7, 0);
  table.put(7, 1);  // a refresh, not an eviction
  CHECK(table.evictions() == 0);
  table.put(8, 2);
  CHECK(table.evictions() == 1);
  CHECK_FALSE(table.get(7, 3));
  CHECK(table.get(8, 3));
  CHECK(table.size() == 1);
}

TEST_CASE("models::session_table: with an infinite ttl nothing ever expires", "[models]") {
  SessionTable table(3, kTimeInfinity);
  table.put(1, 0);
  CHECK(table.get(1, kTimeInfinity - 1));
  CHECK(table.expire(kTimeInfinity) == 0);
  CHECK(table.expirations() == 0);
  CHECK(table.size() == 1);
}

TEST_CASE("models::session_table: preload puts users in order, the last most recent",
          "[models]") {
  SessionTable table(3, kTimeInfinity);
  table.preload(5, 0, [](std::uint64_t i) { return 10 * i; });
  CHECK(table.size() == 3);
  CHECK(table.evictions() == 2);
  CHECK_FALSE(table.get(0, 1));
  CHECK_FALSE(table.get(10, 1));
  table.put(99, 2);  // evicts 20, the least recently used of 20, 30, 40
  CHECK_FALSE(table.get(20, 3));
  CHECK(table.get(30, 3));
  CHECK(table.get(40, 3));
}

TEST_CASE("models::session_table: a full table costs at most 64 bytes per session",
          "[models]") {
  // Capacities just above and below a power of two bracket the index's load factor.
  for (std::uint64_t capacity : {49'153ULL, 98'304ULL, 100'000ULL}) {
    SessionTable table(capacity, kTimeInfinity);
    for (std::uint64_t i = 0; i < capacity; ++i) table.put(mix64(i), 0);
    INFO("capacity " << capacity);
    CHECK(table.size() == capacity);
    CHECK(table.memory_bytes() <= 64 * capacity);
  }
  // A large capacity that holds little allocates for what it holds, not for capacity.
  SessionTable sparse(2'000'000, kTimeInfinity);
  for (std::uint64_t i = 0; i < 1'000; ++i) sparse.put(mix64(i), 0);
  CHECK(sparse.memory_bytes() <= 64 * 1'024 * 2);
}

TEST_CASE("models::session_routing: users spread evenly over instances", "[models]") {
  // 10^5 hashed user ids over 4 instances: each count is Binomial(10^5, 1/4), mean
  // 25 000, sd 136.9; 99.9% two-sided interval +-3.29 sd = +-451.
  std::uint64_t count[4] = {};
  for (std::uint64_t i = 0; i < 100'000; ++i) ++count[instance_of_user(hash_combine(3, i), 4)];
  for (std::uint64_t c : count) CHECK((c > 25'000 - 451 && c < 25'000 + 451));
}

}  // namespace
}  // namespace surge::sessions
