// Reference loops for the engine benchmark: the same queueing systems written as
// bare event loops — a binary heap of the same 32-byte events, the same
// exponential sampler, FIFO queues of plain structs, no model graph, no visit
// records, no statistics beyond the mean response. They bound from below what the
// full engine can cost on the same work.
#pragma once

#include <cstdint>

namespace surge::bench {

struct LoopResult {
  std::uint64_t events = 0;
  std::uint64_t requests = 0;  // completed
  double mean_response_s = 0.0;
};

// M/M/1: arrivals at rate lambda, one server at rate mu, until `requests` arrived.
LoopResult bare_mm1(double lambda, double mu, std::uint64_t requests, std::uint64_t seed);

// `stations` M/M/c stations in series (each c servers at rate mu), Poisson(lambda)
// arrivals, until `requests` arrived.
LoopResult bare_tandem(double lambda, double mu, int stations, int servers,
                       std::uint64_t requests, std::uint64_t seed);

}  // namespace surge::bench
