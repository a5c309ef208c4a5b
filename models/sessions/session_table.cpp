#include "models/sessions/session_table.hpp"

#include <algorithm>
#include <bit>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/hash.hpp"

namespace surge::sessions {
namespace {

// The smallest index, in entries. A power of two, as every index size.
constexpr std::uint64_t kMinIndex = 16;

// The index hashes users with its own salt: the store routes users to instances by
// mix64(user) mod instances, so within one instance the low bits of mix64(user) agree,
// and an index keyed by them would use only 1/instances of its positions.
constexpr std::uint64_t kIndexSalt = 0x5e55'10f7'ab1e'0001ULL;

// Entries an index of `entries` positions may hold: load factor at most 3/4, which
// keeps linear probing's expected probes per miss at 8.5 (Knuth) while one doubling
// leaves it at least 3/8.
constexpr std::uint64_t max_load(std::uint64_t entries) { return entries / 4 * 3; }

}  // namespace

SessionTable::SessionTable(std::uint64_t capacity, SimTime ttl)
    : capacity_(capacity), ttl_(ttl) {
  SURGE_ASSERT_MSG(capacity >= 1 && capacity < kNone, "session capacity out of range");
  SURGE_ASSERT_MSG(ttl > 0, "session ttl must be positive");
  // Slot ids take bit_width(capacity) bits, so the slot field of an entry is never all
  // ones and no entry equals kNone; the bits above carry the tag.
  const auto slot_bits = static_cast<unsigned>(std::bit_width(capacity));
  slot_mask_ = slot_bits >= 32 ? kNone : (std::uint32_t{1} << slot_bits) - 1;
  tag_mask_ = ~slot_mask_;
  index_.assign(kMinIndex, kNone);
  mask_ = kMinIndex - 1;
}

std::uint64_t SessionTable::hash(std::uint64_t user) { return mix64(user ^ kIndexSalt); }

std::uint32_t SessionTable::entry(std::uint64_t h, std::uint32_t slot) const {
  // The tag comes from the hash's high half; the position uses the low bits.
  return (static_cast<std::uint32_t>(h >> 32) & tag_mask_) | slot;
}

std::uint64_t SessionTable::find(std::uint64_t user) const {
  const std::uint64_t h = hash(user);
  const std::uint32_t tag = entry(h, 0);
  std::uint64_t pos = h & mask_;
  for (std::uint32_t e; (e = index_[pos]) != kNone; pos = (pos + 1) & mask_) {
    // The tag rules out most other users without reading their node.
    if ((e & tag_mask_) == tag && nodes_[e & slot_mask_].user == user) break;
  }
  return pos;
}

void SessionTable::unlink(Ends& ends, Link prev, Link next, std::uint32_t slot) {
  Node& node = nodes_[slot];
  if (node.*prev != kNone) nodes_[node.*prev].*next = node.*next;
  else ends.head = node.*next;
  if (node.*next != kNone) nodes_[node.*next].*prev = node.*prev;
  else ends.tail = node.*prev;
}

void SessionTable::append(Ends& ends, Link prev, Link next, std::uint32_t slot) {
  Node& node = nodes_[slot];
  node.*prev = ends.tail;
  node.*next = kNone;
  if (ends.tail != kNone) nodes_[ends.tail].*next = slot;
  else ends.head = slot;
  ends.tail = slot;
}

// Backward-shift deletion (Knuth 6.4, Algorithm R): entries after the hole move back
// into it when the hole lies on their probe path, so no tombstones accumulate and
// probe lengths stay those of a table that never saw a deletion.
void SessionTable::index_erase(std::uint64_t hole) {
  std::uint64_t pos = hole;
  for (;;) {
    pos = (pos + 1) & mask_;
    const std::uint32_t e = index_[pos];
    if (e == kNone) break;
    const std::uint64_t want = hash(nodes_[e & slot_mask_].user) & mask_;
    // The entry may fill the hole unless its home lies cyclically in (hole, pos].
    const bool stays = hole <= pos ? (hole < want && want <= pos) : (hole < want || want <= pos);
    if (stays) continue;
    index_[hole] = e;
    hole = pos;
  }
  index_[hole] = kNone;
}

void SessionTable::remove(std::uint32_t slot) {
  index_erase(find(nodes_[slot].user));
  unlink(lru_, &Node::lru_prev, &Node::lru_next, slot);
  unlink(age_, &Node::age_prev, &Node::age_next, slot);
  nodes_[slot].lru_next = free_;
  free_ = slot;
  --size_;
}

void SessionTable::advance(SimTime now) {
  SURGE_ASSERT_MSG(now >= last_now_, "session table time went backwards");
  last_now_ = now;
  // The put-order list's head was refreshed longest ago: nothing expires before it.
  while (age_.head != kNone && expired(nodes_[age_.head], now)) {
    remove(age_.head);
    ++expirations_;
  }
}

std::uint64_t SessionTable::expire(SimTime now) {
  const std::uint64_t before = expirations_;
  advance(now);
  return expirations_ - before;
}

bool SessionTable::get(std::uint64_t user, SimTime now) {
  advance(now);
  const std::uint32_t e = index_[find(user)];
  if (e == kNone) return false;
  const std::uint32_t slot = e & slot_mask_;
  unlink(lru_, &Node::lru_prev, &Node::lru_next, slot);
  append(lru_, &Node::lru_prev, &Node::lru_next, slot);
  return true;
}

void SessionTable::grow_index(std::uint64_t min_entries) {
  std::uint64_t entries = index_.size();
  while (max_load(entries) < min_entries) entries *= 2;
  if (entries == index_.size()) return;
  index_.assign(entries, kNone);
  mask_ = entries - 1;
  // Rebuild from the live sessions: the LRU list reaches every one of them.
  for (std::uint32_t slot = lru_.head; slot != kNone; slot = nodes_[slot].lru_next) {
    const std::uint64_t h = hash(nodes_[slot].user);
    std::uint64_t pos = h & mask_;
    while (index_[pos] != kNone) pos = (pos + 1) & mask_;
    index_[pos] = entry(h, slot);
  }
}

std::uint32_t SessionTable::allocate_slot() {
  if (free_ != kNone) {
    const std::uint32_t slot = free_;
    free_ = nodes_[slot].lru_next;
    return slot;
  }
  if (nodes_.size() == nodes_.capacity()) {
    // Doubling, capped at capacity: a full table holds exactly `capacity` nodes.
    nodes_.reserve(std::min<std::uint64_t>(std::max<std::uint64_t>(2 * nodes_.size(), 16),
                                           capacity_));
  }
  nodes_.emplace_back();
  return static_cast<std::uint32_t>(nodes_.size() - 1);
}

void SessionTable::put(std::uint64_t user, SimTime now) {
  advance(now);
  std::uint64_t pos = find(user);
  std::uint32_t slot = index_[pos] & slot_mask_;
  if (index_[pos] != kNone) {
    unlink(lru_, &Node::lru_prev, &Node::lru_next, slot);
    unlink(age_, &Node::age_prev, &Node::age_next, slot);
  } else {
    bool moved = false;  // a removal or a rebuild moves index entries
    if (size_ == capacity_) {
      // Every held session is live here (advance reclaimed the expired ones).
      remove(lru_.head);
      ++evictions_;
      moved = true;
    }
    if (max_load(index_.size()) < size_ + 1) {
      grow_index(size_ + 1);
      moved = true;
    }
    if (moved) pos = find(user);
    slot = allocate_slot();
    index_[pos] = entry(hash(user), slot);
    nodes_[slot].user = user;
    ++size_;
  }
  nodes_[slot].refreshed = now;
  append(lru_, &Node::lru_prev, &Node::lru_next, slot);
  append(age_, &Node::age_prev, &Node::age_next, slot);
}

std::uint64_t SessionTable::flush() {
  const std::uint64_t wiped = size_;
  nodes_.clear();
  std::fill(index_.begin(), index_.end(), kNone);
  free_ = kNone;
  lru_ = Ends{};
  age_ = Ends{};
  size_ = 0;
  return wiped;
}

void SessionTable::reserve(std::uint64_t sessions) {
  sessions = std::min(sessions, capacity_);
  if (sessions > nodes_.capacity()) nodes_.reserve(sessions);
  grow_index(sessions);
}

std::uint64_t SessionTable::memory_bytes() const {
  return nodes_.capacity() * sizeof(Node) + index_.capacity() * sizeof(std::uint32_t);
}

}  // namespace surge::sessions
