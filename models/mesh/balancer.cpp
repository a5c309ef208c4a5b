#include "models/mesh/balancer.hpp"

#include <algorithm>
#include <numeric>

#include "models/mesh/random_keys.hpp"
#include "sim/kernel/assert.hpp"

namespace surge::mesh {

Balancer::Balancer(BalancerKind kind, std::uint32_t instances)
    : kind_(kind),
      wants_load_(kind == BalancerKind::kLeastOutstanding ||
                  kind == BalancerKind::kPowerOfTwoChoices),
      routable_(instances),
      load_(instances, 0) {
  std::iota(routable_.begin(), routable_.end(), 0U);
  if (kind_ == BalancerKind::kLeastOutstanding) {
    place_.assign(instances, kAbsent);
    for (std::uint32_t i = 0; i < instances; ++i) heap_insert(i);
  }
}

std::uint32_t Balancer::choose(std::uint64_t visit_key) {
  const auto n = static_cast<std::uint32_t>(routable_.size());
  if (n == 0) return kNoInstance;
  switch (kind_) {
    case BalancerKind::kRoundRobin: {
      // Wrap by comparison: a modulo is a division on every visit. The position may
      // lie past the end after the routable set shrank.
      const std::uint32_t i = round_robin_ < n ? round_robin_ : 0;
      round_robin_ = i + 1 == n ? 0 : i + 1;
      return routable_[i];
    }
    case BalancerKind::kRandom: {
      Rng rng = purpose_rng(visit_key, DrawPurpose::kRoute);
      return routable_[rng.below(n)];
    }
    case BalancerKind::kLeastOutstanding:
      return heap_.front();  // fewest outstanding, ties to the lowest id
    case BalancerKind::kPowerOfTwoChoices: {
      if (n == 1) return routable_[0];
      Rng rng = purpose_rng(visit_key, DrawPurpose::kRoute);
      const auto pa = static_cast<std::uint32_t>(rng.below(n));
      auto pb = static_cast<std::uint32_t>(rng.below(n - 1));
      if (pb >= pa) ++pb;  // two distinct instances
      const std::uint32_t a = routable_[pa], b = routable_[pb];
      if (load_[a] != load_[b]) return load_[a] < load_[b] ? a : b;
      return std::min(a, b);
    }
  }
  return routable_[0];
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
  const auto it = std::lower_bound(routable_.begin(), routable_.end(), instance);
  const bool present = it != routable_.end() && *it == instance;
  if (up == present) return;
  if (up) {
    routable_.insert(it, instance);
    if (kind_ == BalancerKind::kLeastOutstanding) heap_insert(instance);
  } else {
    routable_.erase(it);
    if (kind_ == BalancerKind::kLeastOutstanding) heap_erase(instance);
  }
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
