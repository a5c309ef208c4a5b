#include "models/mesh/balancer.hpp"

#include <algorithm>

#include "models/mesh/random_keys.hpp"
#include "sim/kernel/assert.hpp"

namespace surge::mesh {

Balancer::Balancer(BalancerKind kind, std::uint32_t instances)
    : kind_(kind),
      wants_load_(kind == BalancerKind::kLeastOutstanding ||
                  kind == BalancerKind::kPowerOfTwoChoices),
      instances_(instances),
      count_(instances),
      routable_(instances, 1),
      fenwick_(instances + 1, 0),
      load_(instances, 0) {
  // Every flag 1: node i covers (i - lowbit(i), i], so it holds lowbit(i).
  for (std::uint32_t i = 1; i <= instances; ++i) fenwick_[i] = i & (~i + 1);
  if (kind_ == BalancerKind::kLeastOutstanding) {
    place_.assign(instances, kAbsent);
    for (std::uint32_t i = 0; i < instances; ++i) heap_insert(i);
  }
}

std::uint32_t Balancer::choose_slow(std::uint64_t visit_key) {
  const std::uint32_t n = count_;
  if (n == 0) return kNoInstance;
  switch (kind_) {
    case BalancerKind::kRoundRobin: {
      // Wrap by comparison: a modulo is a division on every visit. The position may
      // lie past the end after the routable set shrank.
      const std::uint32_t i = round_robin_ < n ? round_robin_ : 0;
      round_robin_ = i + 1 == n ? 0 : i + 1;
      return routable_at(i);
    }
    case BalancerKind::kRandom: {
      Rng rng = purpose_rng(visit_key, DrawPurpose::kRoute);
      return routable_at(static_cast<std::uint32_t>(rng.below(n)));
    }
    case BalancerKind::kLeastOutstanding:
      return heap_.front();  // fewest outstanding, ties to the lowest id
    case BalancerKind::kPowerOfTwoChoices: {
      if (n == 1) return routable_at(0);
      Rng rng = purpose_rng(visit_key, DrawPurpose::kRoute);
      const auto pa = static_cast<std::uint32_t>(rng.below(n));
      auto pb = static_cast<std::uint32_t>(rng.below(n - 1));
      if (pb >= pa) ++pb;  // two distinct instances
      const std::uint32_t a = routable_at(pa), b = routable_at(pb);
      if (load_[a] != load_[b]) return load_[a] < load_[b] ? a : b;
      return std::min(a, b);
    }
  }
  return routable_at(0);
}

void Balancer::set_load(std::uint32_t instance, std::uint32_t load) {
  const std::uint32_t old = load_[instance];
  load_[instance] = load;
  if (kind_ != BalancerKind::kLeastOutstanding || place_[instance] == kAbsent) return;
  if (load < old) {
    sift_up(place_[instance]);
  } else {
    sift_down(place_[instance]);
  }
}

void Balancer::set_routable(std::uint32_t instance, bool up) {
  if ((routable_[instance] != 0) == up) return;
  routable_[instance] = up ? 1 : 0;
  fenwick_add(instance, up ? 1 : -1);
  count_ = up ? count_ + 1 : count_ - 1;
  if (kind_ != BalancerKind::kLeastOutstanding) return;
  if (up) {
    heap_insert(instance);
  } else {
    heap_erase(instance);
  }
}

void Balancer::add_instance() {
  ++instances_;
  routable_.push_back(0);
  load_.push_back(0);
  if (kind_ == BalancerKind::kLeastOutstanding) place_.push_back(kAbsent);
  // Node i covers (i - lowbit(i), i]: rebuild from the flags.
  fenwick_.assign(instances_ + 1, 0);
  for (std::uint32_t i = 1; i <= instances_; ++i) {
    fenwick_[i] += routable_[i - 1];
    const std::uint32_t up = i + (i & (~i + 1));
    if (up <= instances_) fenwick_[up] += fenwick_[i];
  }
}

void Balancer::fenwick_add(std::uint32_t instance, int delta) {
  for (std::uint32_t i = instance + 1; i <= instances_; i += i & (~i + 1))
    fenwick_[i] = static_cast<std::uint32_t>(static_cast<int>(fenwick_[i]) + delta);
}

// Binary lifting: the largest prefix holding at most k routable instances ends just
// before the k-th (0-based) one.
std::uint32_t Balancer::select(std::uint32_t k) const {
  std::uint32_t pos = 0;
  std::uint32_t step = 1;
  while (step * 2 <= instances_) step *= 2;
  for (; step > 0; step /= 2) {
    if (pos + step <= instances_ && fenwick_[pos + step] <= k) {
      pos += step;
      k -= fenwick_[pos];
    }
  }
  return pos;  // 1-based position pos + 1, i.e. id pos
}

void Balancer::sift_up(std::size_t i) {
  const std::uint32_t id = heap_[i];
  while (i > 0) {
    const std::size_t parent = (i - 1) / 2;
    if (!lighter(id, heap_[parent])) break;
    heap_[i] = heap_[parent];
    place_[heap_[i]] = static_cast<std::uint32_t>(i);
    i = parent;
  }
  heap_[i] = id;
  place_[id] = static_cast<std::uint32_t>(i);
}

void Balancer::sift_down(std::size_t i) {
  const std::uint32_t id = heap_[i];
  const std::size_t n = heap_.size();
  for (;;) {
    std::size_t child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && lighter(heap_[child + 1], heap_[child])) ++child;
    if (!lighter(heap_[child], id)) break;
    heap_[i] = heap_[child];
    place_[heap_[i]] = static_cast<std::uint32_t>(i);
    i = child;
  }
  heap_[i] = id;
  place_[id] = static_cast<std::uint32_t>(i);
}

void Balancer::heap_insert(std::uint32_t instance) {
  heap_.push_back(instance);
  sift_up(heap_.size() - 1);
}

void Balancer::heap_erase(std::uint32_t instance) {
  const std::uint32_t i = place_[instance];
  SURGE_ASSERT(i != kAbsent);
  place_[instance] = kAbsent;
  const std::uint32_t last = heap_.back();
  heap_.pop_back();
  if (last == instance) return;
  heap_[i] = last;
  place_[last] = i;
  sift_up(i);
  sift_down(place_[last]);
}

}  // namespace surge::mesh
