// SessionTable: the sessions held by one session-store instance — which users are logged
// in — with LRU eviction at a fixed capacity and one time-to-live for every session.
//
// Semantics (docs/session-store.md):
//   - put(user, now) creates the user's session or refreshes it: it becomes the most
//     recently used, and its TTL restarts at `now`.
//   - get(user, now) answers whether the user holds a live session. A hit is a use: the
//     session becomes the most recently used, but its TTL does not restart (a read is not
//     a login; Redis with allkeys-lru treats a read the same way).
//   - A session put last at r expires at r + ttl: at now >= r + ttl it is gone.
//   - Expired sessions are reclaimed eagerly: every call that takes `now` first removes
//     every session expired at `now` (one comparison when none is), counting each as an
//     expiration. So after any call the table holds only live sessions, size() counts
//     only those, and eviction never picks an expired session over a live one. With one
//     TTL, expiry order is put order, so a second intrusive list in put order finds them.
//   - A put of a new user into a full table (after reclaiming) evicts the least recently
//     used session, counted as an eviction.
//   - flush() wipes every session and counts neither evictions nor expirations.
//
// Memory: a 32-byte node per session slot, plus a hash index of 4-byte entries (the slot
// id, and a tag of the user's hash in the bits the id leaves free) at a load factor in
// (3/8, 3/4] once past the minimum size: at most 32 + 4/(3/8) ≈ 43 bytes
// per held session when the table is full. Nodes and index grow by doubling, capped at
// what `capacity` needs, so a large, mostly empty table costs little.
//
// REQUIRES: `now` never decreases from one call to the next (asserted).
// Not thread-safe; one table per store instance, owned by its station.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "sim/kernel/time.hpp"

namespace surge::sessions {

class SessionTable {
 public:
  // REQUIRES: 1 <= capacity < 2^32 - 1; ttl > 0 (kTimeInfinity: sessions never expire).
  SessionTable(std::uint64_t capacity, SimTime ttl);

  // True when `user` holds a live session at `now`; a hit makes it the most recently used.
  [[nodiscard]] bool get(std::uint64_t user, SimTime now);

  // Creates or refreshes `user`'s session at `now`; may evict the least recently used.
  void put(std::uint64_t user, SimTime now);

  // Reclaims every session expired at `now`; returns how many (each also counted in
  // expirations()). get and put do this themselves; call it to bring size() up to date.
  std::uint64_t expire(SimTime now);

  // Wipes every session; returns how many there were. Keeps the allocated memory.
  std::uint64_t flush();

  // Makes room for `sessions` (capped at capacity) without further growth: preloading
  // then costs no reallocation.
  void reserve(std::uint64_t sessions);

  // put(user_of(i), now) for i = 0 .. count-1, after reserving: user_of(count-1) ends up
  // most recently used. More than capacity() users evict (and count) the earliest ones.
  template <class UserOf>
  void preload(std::uint64_t count, SimTime now, UserOf&& user_of) {
    reserve(size_ + count);
    for (std::uint64_t i = 0; i < count; ++i) put(user_of(i), now);
  }

  // Live sessions as of the last call's `now`.
  [[nodiscard]] std::uint64_t size() const { return size_; }
  [[nodiscard]] std::uint64_t capacity() const { return capacity_; }
  [[nodiscard]] SimTime ttl() const { return ttl_; }
  [[nodiscard]] std::uint64_t evictions() const { return evictions_; }
  [[nodiscard]] std::uint64_t expirations() const { return expirations_; }

  // Bytes the table has allocated (vector capacities), for the memory benchmark.
  [[nodiscard]] std::uint64_t memory_bytes() const;

 private:
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

  // One session slot. Two intrusive doubly linked lists run through the slots: by last
  // use (LRU) and by last put (expiry order). A free slot chains through lru_next.
  struct Node {
    std::uint64_t user = 0;
    SimTime refreshed = 0;  // time of the last put
    std::uint32_t lru_prev = kNone, lru_next = kNone;
    std::uint32_t age_prev = kNone, age_next = kNone;
  };
  static_assert(sizeof(Node) == 32);

  // A list's two ends; head = least recent, tail = most recent.
  struct Ends {
    std::uint32_t head = kNone, tail = kNone;
  };

  [[nodiscard]] bool expired(const Node& node, SimTime now) const {
    return ttl_ != kTimeInfinity && now - node.refreshed >= ttl_;
  }
  void advance(SimTime now);
  [[nodiscard]] static std::uint64_t hash(std::uint64_t user);
  // An index entry: `slot` in the low bits, a tag of the user's hash above them.
  [[nodiscard]] std::uint32_t entry(std::uint64_t h, std::uint32_t slot) const;
  // Index position holding `user`'s slot, or the empty position where it would go.
  [[nodiscard]] std::uint64_t find(std::uint64_t user) const;
  void remove(std::uint32_t slot);
  void index_erase(std::uint64_t pos);
  void grow_index(std::uint64_t min_entries);
  [[nodiscard]] std::uint32_t allocate_slot();

  // The list link fields of a node, chosen by member pointer so one unlink/append
  // serves both lists.
  using Link = std::uint32_t Node::*;
  void unlink(Ends& ends, Link prev, Link next, std::uint32_t slot);
  void append(Ends& ends, Link prev, Link next, std::uint32_t slot);

  std::uint64_t capacity_;
  SimTime ttl_;
  SimTime last_now_ = std::numeric_limits<SimTime>::min();
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> index_;  // open addressing, linear probing; kNone = empty
  std::uint64_t mask_ = 0;            // index_.size() - 1
  std::uint32_t slot_mask_ = 0;       // the entry bits that hold the slot id
  std::uint32_t tag_mask_ = 0;        // the bits above them: a tag of the user's hash
  std::uint32_t free_ = kNone;        // head of the free-slot chain
  Ends lru_, age_;
  std::uint64_t size_ = 0;
  std::uint64_t evictions_ = 0;
  std::uint64_t expirations_ = 0;
};

}  // namespace surge::sessions
