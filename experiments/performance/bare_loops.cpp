#include "experiments/performance/bare_loops.hpp"

#include <algorithm>
#include <deque>
#include <vector>

#include "sim/kernel/distribution.hpp"
#include "sim/kernel/event_queue.hpp"
#include "sim/kernel/rng.hpp"

namespace surge::bench {
namespace {

// A bare binary heap of kernel events, ordered by (time, seq) like EventQueue.
class BareHeap {
 public:
  void push(SimTime t, std::uint32_t kind, std::uint32_t index) {
    heap_.push_back(Event{t, seq_++, index, 0, kind, 0});
    std::push_heap(heap_.begin(), heap_.end(), later);
  }
  Event pop() {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    const Event e = heap_.back();
    heap_.pop_back();
    return e;
  }
  [[nodiscard]] bool empty() const { return heap_.empty(); }

 private:
  static bool later(const Event& a, const Event& b) {
    return a.time > b.time || (a.time == b.time && a.seq > b.seq);
  }
  std::vector<Event> heap_;
  std::uint64_t seq_ = 0;
};

enum : std::uint32_t { kArrive = 0, kDepart = 1 };

}  // namespace

LoopResult bare_mm1(double lambda, double mu, std::uint64_t requests, std::uint64_t seed) {
  const Distribution interarrival = Distribution::exponential(1.0 / lambda);
  const Distribution work = Distribution::exponential(1.0 / mu);
  Rng arrivals(seed), works(seed + 1);
  BareHeap heap;
  std::deque<SimTime> waiting;  // arrival times, FIFO
  bool busy = false;
  SimTime in_service_since = 0;
  std::uint64_t arrived = 0;
  LoopResult r;
  double response_sum = 0.0;
  heap.push(from_seconds(interarrival.sample(arrivals)), kArrive, 0);
  while (!heap.empty()) {
    const Event e = heap.pop();
    ++r.events;
    if (e.kind == kArrive) {
      if (++arrived < requests)
        heap.push(e.time + from_seconds(interarrival.sample(arrivals)), kArrive, 0);
      if (!busy) {
        busy = true;
        in_service_since = e.time;
        heap.push(e.time + from_seconds(work.sample(works)), kDepart, 0);
      } else {
        waiting.push_back(e.time);
      }
    } else {
      response_sum += to_seconds(e.time - in_service_since);
      ++r.requests;
      if (waiting.empty()) {
        busy = false;
      } else {
        in_service_since = waiting.front();
        waiting.pop_front();
        heap.push(e.time + from_seconds(work.sample(works)), kDepart, 0);
      }
    }
  }
  r.mean_response_s = response_sum / static_cast<double>(r.requests);
  return r;
}

LoopResult bare_tandem(double lambda, double mu, int stations, int servers,
                       std::uint64_t requests, std::uint64_t seed) {
  const Distribution interarrival = Distribution::exponential(1.0 / lambda);
  const Distribution work = Distribution::exponential(1.0 / mu);
  Rng arrivals(seed), works(seed + 1);
  BareHeap heap;
  std::vector<SimTime> entered(requests);  // per request: arrival at the first station
  std::vector<std::deque<std::uint32_t>> waiting(static_cast<std::size_t>(stations));
  std::vector<int> busy(static_cast<std::size_t>(stations), 0);
  std::vector<std::uint32_t> station_of(requests);
  std::uint64_t arrived = 0;
  LoopResult r;
  double response_sum = 0.0;
  const auto enter = [&](std::uint32_t request, int station, SimTime now) {
    station_of[request] = static_cast<std::uint32_t>(station);
    auto s = static_cast<std::size_t>(station);
    if (busy[s] < servers) {
      ++busy[s];
      heap.push(now + from_seconds(work.sample(works)), kDepart, request);
    } else {
      waiting[s].push_back(request);
    }
  };
  heap.push(from_seconds(interarrival.sample(arrivals)), kArrive, 0);
  while (!heap.empty()) {
    const Event e = heap.pop();
    ++r.events;
    if (e.kind == kArrive) {
      const auto request = static_cast<std::uint32_t>(arrived);
      entered[request] = e.time;
      if (++arrived < requests)
        heap.push(e.time + from_seconds(interarrival.sample(arrivals)), kArrive, 0);
      enter(request, 0, e.time);
      continue;
    }
    const std::uint32_t request = e.index;
    const auto s = static_cast<std::size_t>(station_of[request]);
    if (waiting[s].empty()) {
      --busy[s];
    } else {
      const std::uint32_t next = waiting[s].front();
      waiting[s].pop_front();
      heap.push(e.time + from_seconds(work.sample(works)), kDepart, next);
    }
    if (s + 1 < static_cast<std::size_t>(stations)) {
      enter(request, static_cast<int>(s + 1), e.time);
    } else {
      response_sum += to_seconds(e.time - entered[request]);
      ++r.requests;
    }
  }
  r.mean_response_s = response_sum / static_cast<double>(r.requests);
  return r;
}

}  // namespace surge::bench
