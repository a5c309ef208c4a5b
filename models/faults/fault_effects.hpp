// FaultEffects: what the slow, error and partition faults active right now do to
// visits and calls. The engine asks it at three points — a visit takes a worker
// (work_factor), a visit's work ends (fails), a call is issued (cut) — and pays
// one test per point while no such fault is active.
//
// Entries are kept in the order they took effect, so a product of overlapping
// slow factors is always taken in the same order (deterministic to the bit).
#pragma once

#include <cstdint>
#include <vector>

namespace surge::faults {

class FaultEffects {
 public:
  // `service` may be kEveryService (fault_spec.hpp); `endpoint` kEveryEndpoint.
  void add_slow(std::uint32_t fault, std::uint32_t service, double factor);
  void add_error(std::uint32_t fault, std::uint32_t service, std::uint32_t endpoint,
                 double probability);
  void add_cut(std::uint32_t fault, std::uint32_t from, std::uint32_t to);
  // Ends everything fault `fault` added.
  void remove(std::uint32_t fault);

  [[nodiscard]] bool slowing() const { return !slows_.empty(); }
  [[nodiscard]] bool erring() const { return !errors_.empty(); }
  [[nodiscard]] bool cutting() const { return !cuts_.empty(); }

  // The product of the active slow factors on `service` (1 without any).
  [[nodiscard]] double work_factor(std::uint32_t service) const;
  // Whether a visit whose work just ended fails: one uniform draw per active error
  // fault on its endpoint, keyed by (visit_key, fault index) — the same visit
  // draws the same numbers in every variant.
  [[nodiscard]] bool fails(std::uint32_t service, std::uint32_t endpoint,
                           std::uint64_t visit_key) const;
  // Whether calls from service `from` to service `to` are cut.
  [[nodiscard]] bool cut(std::uint32_t from, std::uint32_t to) const;

 private:
  struct Slow {
    std::uint32_t fault, service;
    double factor;
  };
  struct Error {
    std::uint32_t fault, service, endpoint;
    double probability;
  };
  struct Cut {
    std::uint32_t fault, from, to;
  };
  std::vector<Slow> slows_;
  std::vector<Error> errors_;
  std::vector<Cut> cuts_;
};

}  // namespace surge::faults
