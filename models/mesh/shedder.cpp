#include "models/mesh/shedder.hpp"

namespace surge::mesh {

Shedder::Shedder(const ServiceSpec& spec, StationHost& host) : host_(host) {
  if (spec.shed) {
    spec_ = *spec.shed;
    codels_.assign(spec.instances, resilience::Codel(*spec.shed));
  }
}

bool Shedder::sheds(std::uint32_t instance, Handle visit) {
  const SimTime now = host_.now();
  if (!codels_[instance].should_shed(now, now - host_.visit(visit).arrived)) return false;
  host_.shed(visit);
  return true;
}

}  // namespace surge::mesh
