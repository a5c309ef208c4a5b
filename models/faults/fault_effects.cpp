#include "models/faults/fault_effects.hpp"

#include <algorithm>

#include "models/faults/fault_spec.hpp"
#include "sim/kernel/hash.hpp"
#include "sim/kernel/rng.hpp"

namespace surge::faults {
namespace {

bool matches(std::uint32_t wanted, std::uint32_t actual) {
  return wanted == kEveryService || wanted == actual;  // kEveryEndpoint is the same value
}

template <typename T>
void erase_fault(std::vector<T>& entries, std::uint32_t fault) {
  entries.erase(std::remove_if(entries.begin(), entries.end(),
                               [&](const T& e) { return e.fault == fault; }),
                entries.end());
}

}  // namespace

void FaultEffects::add_slow(std::uint32_t fault, std::uint32_t service, double factor) {
  slows_.push_back(Slow{fault, service, factor});
}

void FaultEffects::add_error(std::uint32_t fault, std::uint32_t service, std::uint32_t endpoint,
                             double probability) {
  errors_.push_back(Error{fault, service, endpoint, probability});
}

void FaultEffects::add_cut(std::uint32_t fault, std::uint32_t from, std::uint32_t to) {
  cuts_.push_back(Cut{fault, from, to});
}

void FaultEffects::remove(std::uint32_t fault) {
  erase_fault(slows_, fault);
  erase_fault(errors_, fault);
  erase_fault(cuts_, fault);
}

double FaultEffects::work_factor(std::uint32_t service) const {
  double factor = 1.0;
  for (const Slow& s : slows_)
    if (matches(s.service, service)) factor *= s.factor;
  return factor;
}

bool FaultEffects::fails(std::uint32_t service, std::uint32_t endpoint,
                         std::uint64_t visit_key) const {
  for (const Error& e : errors_) {
    if (!matches(e.service, service) || !matches(e.endpoint, endpoint)) continue;
    Rng rng(hash_combine(visit_key, e.fault));
    if (rng.uniform01() < e.probability) return true;
  }
  return false;
}

bool FaultEffects::cut(std::uint32_t from, std::uint32_t to) const {
  return std::any_of(cuts_.begin(), cuts_.end(),
                     [&](const Cut& c) { return c.from == from && c.to == to; });
}

}  // namespace surge::faults
