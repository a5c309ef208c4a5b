// The default station of each service kind.
#include "models/inference/gpu_batch_station.hpp"
#include "models/mesh/bulkhead_station.hpp"
#include "models/mesh/processor_sharing_station.hpp"
#include "models/mesh/session_store_station.hpp"
#include "models/mesh/station.hpp"
#include "models/mesh/worker_pool_station.hpp"

namespace surge::mesh {

std::unique_ptr<Station> make_station(const ServiceSpec& spec, StationHost& host,
                                      std::uint32_t service) {
  if (spec.kind == ServiceKind::kGpuBatch)
    return std::make_unique<inference::GpuBatchStation>(spec, host, service);
  if (spec.kind == ServiceKind::kSessionStore) return std::make_unique<SessionStoreStation>(spec, host);
  if (spec.discipline == Discipline::kPs)
    return std::make_unique<ProcessorSharingStation>(spec, host, service);
  if (!spec.bulkheads.empty()) return std::make_unique<BulkheadStation>(spec, host);
  return std::make_unique<WorkerPoolStation>(spec, host);
}

}  // namespace surge::mesh
