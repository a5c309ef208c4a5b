// An MPI session for `surge sweep`: MPI is initialized only when the process was
// started by an MPI launcher (mpirun sets OMPI_COMM_WORLD_SIZE, PMI_SIZE or
// PMIX_RANK), so a plain `surge sweep` in an MPI build runs exactly as in one
// without MPI: one rank, no MPI call at all.
//
// Threads: MPI_THREAD_FUNNELED. Only the thread that made the Session calls MPI;
// the points themselves run on other threads (point_exchange.hpp).
#pragma once

#include <string>

namespace surge::sweep::mpi {

class Session {
 public:
  Session();
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] int size() const { return size_; }

  // Collective (every rank calls it): rank 0 passes the sha256 of the sweep it
  // validated, or "" when its input was bad; the others pass the sha256 of the
  // sweep they loaded ("" when they could not). True on every rank when every
  // rank holds rank 0's sweep; so bad input stops every rank before any point.
  [[nodiscard]] bool agree(const std::string& sha256) const;

 private:
  bool active_ = false;
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace surge::sweep::mpi
