// Points over MPI ranks with dynamic load balancing: rank 0 coordinates (and runs
// points on its own threads, sweep_runner.hpp); every other rank runs `slots`
// points at a time on as many threads and asks rank 0 for the next point each
// time one finishes, so a fast rank takes more points than a slow one.
//
// Messages (MPI_COMM_WORLD): a worker's slot sends kRequest (empty) once, then
// kResult (a finished point, JSON text) each time it finishes one, which also
// asks for the next; rank 0 answers each with kAssign (the point index, or -1:
// nothing left, that slot stops). Rank 0 stops when every slot of every worker
// has been told to stop, so every point a worker took has come back.
//
// Only the thread that initialized MPI calls these (session.hpp); both poll
// with MPI_Iprobe and sleep a millisecond between empty polls, so a waiting
// rank leaves its core to the points.
#pragma once

#include "sim/sweep/sweep_runner.hpp"

namespace surge::sweep::mpi {

// Rank 0: serves the other `ranks - 1` ranks, `slots` slots each, from `queue`;
// for SweepOptions::remote.
void serve_points(const PointQueue& queue, int ranks, unsigned slots);

// Ranks >= 1: runs the points rank 0 assigns, `slots` at a time, until told to stop.
void work_for_rank0(const SweepSpec& spec, unsigned slots);

}  // namespace surge::sweep::mpi
