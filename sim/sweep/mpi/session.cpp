#include "sim/sweep/mpi/session.hpp"

#include <mpi.h>

#include <cstdlib>
#include <vector>

namespace surge::sweep::mpi {
namespace {

bool launched_by_mpirun() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

}  // namespace

Session::Session() {
  if (!launched_by_mpirun()) return;
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  active_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

Session::~Session() {
  if (active_) MPI_Finalize();
}

bool Session::agree(const std::string& sha256) const {
  if (!active_) return !sha256.empty();
  int length = static_cast<int>(sha256.size());
  MPI_Bcast(&length, 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::vector<char> root(static_cast<std::size_t>(length) + 1, '\0');
  if (rank_ == 0) sha256.copy(root.data(), sha256.size());
  MPI_Bcast(root.data(), length, MPI_CHAR, 0, MPI_COMM_WORLD);
  const int mine =
      (length > 0 && sha256 == std::string(root.data(), static_cast<std::size_t>(length))) ? 1 : 0;
  int all = 0;
  MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  return all == 1;
}

}  // namespace surge::sweep::mpi
