// Balancer: picks the instance a visit goes to, among the instances it believes up
// (DESIGN "Service": round_robin, random, least_outstanding, power_of_two_choices).
// It never re-routes. Its view of which instances are up is set by the engine, which
// applies the service's health-check lag.
//
// Round robin, random and power of two choices pick by position among the routable
// instances in ascending id order; a Fenwick tree over "routable" flags finds the
// k-th in O(log n), and the common case (every instance routable) is the identity.
// least_outstanding keeps an indexed min-heap of (outstanding, id) over the routable
// instances, updated on each change. So a choice or a change costs at most O(log n),
// never a scan of every instance. Instances that are not routable (down, provisioning,
// draining, gone) are skipped by every kind.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "models/mesh/model_graph.hpp"

namespace surge::mesh {

// choose()'s answer when no instance is believed up.
inline constexpr std::uint32_t kNoInstance = std::numeric_limits<std::uint32_t>::max();

class Balancer {
 public:
  Balancer(BalancerKind kind, std::uint32_t instances);

  // REQUIRES: for least_outstanding and power_of_two_choices, `load` holds every
  // instance's outstanding visits (kept current through set_load).
  [[nodiscard]] std::uint32_t choose(std::uint64_t visit_key) {
    // Round robin over every instance, the common case, inline: no call per visit.
    if (kind_ == BalancerKind::kRoundRobin && count_ == instances_ && count_ != 0) {
      const std::uint32_t i = round_robin_ < count_ ? round_robin_ : 0;
      round_robin_ = i + 1 == count_ ? 0 : i + 1;
      return i;
    }
    return choose_slow(visit_key);
  }

  // Whether the engine must report load changes (only the load-aware kinds read them).
  [[nodiscard]] bool wants_load() const { return wants_load_; }
  // An instance's outstanding visits changed. REQUIRES: wants_load().
  void set_load(std::uint32_t instance, std::uint32_t load);
  // The balancer now believes the instance up (or down).
  void set_routable(std::uint32_t instance, bool up);
  // A new instance (the next id, instances so far) exists, not routable yet. Rare (an
  // autoscaling action): rebuilds the Fenwick tree, O(n).
  void add_instance();

 private:
  [[nodiscard]] bool lighter(std::uint32_t a, std::uint32_t b) const {
    return load_[a] != load_[b] ? load_[a] < load_[b] : a < b;
  }
  [[nodiscard]] std::uint32_t choose_slow(std::uint64_t visit_key);
  void sift_up(std::size_t i);
  void sift_down(std::size_t i);
  void heap_insert(std::uint32_t instance);
  void heap_erase(std::uint32_t instance);
  // The id of the k-th routable instance (0-based, ascending ids). REQUIRES: k < count_.
  [[nodiscard]] std::uint32_t routable_at(std::uint32_t k) const {
    return count_ == instances_ ? k : select(k);
  }
  [[nodiscard]] std::uint32_t select(std::uint32_t k) const;
  void fenwick_add(std::uint32_t instance, int delta);

  BalancerKind kind_;
  bool wants_load_;
  std::uint32_t instances_;
  std::uint32_t count_;                  // routable instances
  std::vector<std::uint8_t> routable_;   // per instance
  std::vector<std::uint32_t> fenwick_;   // 1-based Fenwick tree of routable_
  std::uint32_t round_robin_ = 0;        // position among the routable
  std::vector<std::uint32_t> load_;      // per instance
  // least_outstanding only: a heap of routable ids and each id's place in it.
  static constexpr std::uint32_t kAbsent = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> heap_;
  std::vector<std::uint32_t> place_;
};

}  // namespace surge::mesh
