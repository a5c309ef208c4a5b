// GpuBatchStation: a GPU inference tier with continuous batching (docs/model.md,
// "GPU batch tier"). Each instance is a replica that runs iterations back to back
// while it has work. At an iteration's start the replica
//   1. sheds (StationHost::shed) every waiting sequence that waited more than
//      max_wait_s;
//   2. admits waiting sequences in arrival order while fewer than max_batch run and
//      the head's prompt + output tokens fit the KV budget beside those reserved by
//      the running ones (a reservation for the whole sequence at admission, so a
//      running set never outgrows the cache and nothing is preempted; the head
//      blocks those behind it);
//   3. lasts base_s + per_prefill_token_s x (prompt tokens admitted now)
//      + per_decode_seq_s x (running sequences, the admitted included).
// At its end every running sequence has one more token (the admitted ones their
// first); those with all their output tokens finish (StationHost::work_done).
//
// Engine mapping: every sequence is admitted kQueued into the replica's own waiting
// queue (so the collector's queue length and waits are the sequences'), and moves
// to work through StationHost::start_waiting when a batch admits it; a running
// sequence holds a "worker" (the loader sets workers = max_batch, so utilization is
// the batch occupancy). release() never hands a worker on: admission happens only
// at iteration starts.
//
// Cost: an iteration costs the same whatever the batch size. Running sequences sit
// in a heap by the iteration that ends them (each replica counts its iterations),
// so an iteration's end touches only the sequences that finish or produce their
// first token in it; the KV tokens held are kept as a running sum.
//
// Events: one station timer per iteration per replica, whatever the batch size,
// plus one when an idle replica gets work: its first iteration starts at that same
// instant, after the events already scheduled for it (a second arrival at the same
// instant, scheduled by the first, comes later and waits for the next iteration).
//
// Refusals at arrival (outcome rejected): prompt + output > kv_cache_tokens (it could
// never run), or max_queue sequences already waiting at the replica. A crash loses
// the replica's waiting and running sequences (the engine fails them with error).
#pragma once

#include <deque>
#include <vector>

#include "models/inference/gpu_figures.hpp"
#include "models/mesh/station.hpp"

namespace surge::inference {

class GpuBatchStation final : public mesh::Station {
 public:
  GpuBatchStation(const mesh::ServiceSpec& spec, mesh::StationHost& host, std::uint32_t service);

  mesh::AdmitResult admit(Handle visit, const mesh::Visit& v, std::uint32_t instance) override;
  SimTime begin_work(Handle /*visit*/, const mesh::Visit& /*v*/) override { return kTimeInfinity; }
  std::optional<Handle> release(std::uint32_t /*instance*/, std::uint32_t /*workload*/) override {
    return std::nullopt;
  }
  std::vector<Handle> crash(std::uint32_t instance) override;
  void on_timer(std::uint32_t instance, std::uint32_t generation) override;
  [[nodiscard]] std::size_t outstanding(std::uint32_t instance) const override {
    const Replica& r = replicas_[instance];
    return r.waiting.size() + r.running.size() + r.admitted.size();
  }
  void add_instance(std::uint32_t instance) override;
  void remove_instance(std::uint32_t instance) override;
  void finish(mesh::ServiceResult& result, SimTime end) override;

 private:
  struct Sequence {
    Handle visit;
    SimTime arrived = 0;
    SimTime first_token = 0;
    std::uint64_t prompt = 0, output = 1;
    std::uint64_t last_iteration = 0;  // the replica's iteration that ends it
    std::uint64_t order = 0;           // admission order: ties end in it
    bool counted = false;
  };
  // Orders the running heap: the sequence that ends first (then the earliest
  // admitted) on top.
  struct EndsLater {
    bool operator()(const Sequence& a, const Sequence& b) const {
      return a.last_iteration != b.last_iteration ? a.last_iteration > b.last_iteration
                                                  : a.order > b.order;
    }
  };
  struct Replica {
    std::deque<Sequence> waiting;    // arrival order
    std::vector<Sequence> running;   // a heap (EndsLater)
    std::vector<Sequence> admitted;  // admitted at this iteration's start (prefilling)
    std::uint64_t iteration = 0;     // iterations begun
    std::uint64_t admissions = 0;
    std::uint64_t kv_reserved = 0;  // prompt + output of the running sequences
    std::uint64_t kv_held = 0;      // prompt + generated tokens of the running sequences
    std::uint32_t generation = 0;   // bumped by a crash: its pending timer is stale
    bool timer_pending = false;     // an iteration's end (or an idle replica's start)
    bool iterating = false;         // the pending timer ends an iteration
  };
  void end_iteration(Replica& r, std::uint32_t instance, SimTime now);
  void begin_iteration(Replica& r, std::uint32_t instance, SimTime now);
  void report_levels(const Replica& r, std::uint32_t instance, SimTime now);

  mesh::StationHost& host_;
  std::uint32_t service_;
  mesh::GpuBatchSpec spec_;
  SimTime max_wait_;  // kTimeInfinity: none
  std::vector<mesh::EndpointSpec> endpoints_;
  std::vector<Replica> replicas_;
  GpuFigures figures_;
  std::vector<Sequence> finished_;  // scratch for end_iteration
};

}  // namespace surge::inference
