#include "sim/sweep/mpi/point_exchange.hpp"

#include <mpi.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

namespace surge::sweep::mpi {
namespace {

using nlohmann::json;

constexpr int kRequest = 1;
constexpr int kResult = 2;
constexpr int kAssign = 3;
constexpr long long kStop = -1;
// Between empty polls: short beside a point (milliseconds to minutes), long
// enough that a waiting rank costs next to no CPU.
constexpr auto kPollPause = std::chrono::milliseconds(1);

// The record goes as the exact text the runner parses, never re-serialized.
std::string encode(const PointResult& point) {
  json message = json::object();
  message["index"] = point.index;
  if (point.error.empty()) {
    message["record"] = point.record_text;
  } else {
    message["error"] = point.error;
    message["where"] = point.where;
  }
  return message.dump();
}

PointResult decode(const std::string& text) {
  const json message = json::parse(text);
  PointResult point;
  point.index = message.at("index").get<std::size_t>();
  if (message.contains("record")) {
    point.record_text = message["record"].get<std::string>();
  } else {
    point.error = message.at("error").get<std::string>();
    point.where = message.at("where").get<std::string>();
  }
  return point;
}

void send_text(const std::string& text, int to, int tag) {
  MPI_Send(text.data(), static_cast<int>(text.size()), MPI_CHAR, to, tag, MPI_COMM_WORLD);
}

// Any message waiting from `from` with `tag` (wildcards allowed), received whole.
bool receive_text(int from, int tag, std::string& text, MPI_Status& status) {
  int flag = 0;
  MPI_Iprobe(from, tag, MPI_COMM_WORLD, &flag, &status);
  if (flag == 0) return false;
  int count = 0;
  MPI_Get_count(&status, MPI_CHAR, &count);
  text.assign(static_cast<std::size_t>(count), '\0');
  MPI_Recv(text.data(), count, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
           MPI_STATUS_IGNORE);
  return true;
}

}  // namespace

void serve_points(const PointQueue& queue, int ranks, unsigned slots) {
  std::size_t open = static_cast<std::size_t>(ranks - 1) * slots;
  std::string text;
  MPI_Status status{};
  while (open > 0) {
    if (!receive_text(MPI_ANY_SOURCE, MPI_ANY_TAG, text, status)) {
      std::this_thread::sleep_for(kPollPause);
      continue;
    }
    if (status.MPI_TAG == kResult) queue.deliver(decode(text));
    const std::optional<std::size_t> next = queue.take();
    const long long assign = next ? static_cast<long long>(*next) : kStop;
    MPI_Send(&assign, 1, MPI_LONG_LONG, status.MPI_SOURCE, kAssign, MPI_COMM_WORLD);
    if (!next) --open;
  }
}

void work_for_rank0(const SweepSpec& spec, unsigned slots) {
  std::mutex mutex;  // guards todo, finished, closing
  std::condition_variable wake;
  std::deque<std::size_t> todo;
  std::deque<PointResult> finished;
  bool closing = false;
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < slots; ++t) {
    pool.emplace_back([&] {
      for (;;) {
        std::unique_lock<std::mutex> lock(mutex);
        wake.wait(lock, [&] { return closing || !todo.empty(); });
        if (todo.empty()) return;
        const std::size_t index = todo.front();
        todo.pop_front();
        lock.unlock();
        PointResult point = run_point(spec, index);
        lock.lock();
        finished.push_back(std::move(point));
      }
    });
  }
  for (unsigned t = 0; t < slots; ++t) send_text("", 0, kRequest);
  std::size_t open = slots;
  std::string text;
  MPI_Status status{};
  while (open > 0) {
    bool busy = false;
    std::deque<PointResult> outbox;
    {
      const std::lock_guard<std::mutex> lock(mutex);
      outbox.swap(finished);
    }
    for (const PointResult& point : outbox) send_text(encode(point), 0, kResult);
    busy = !outbox.empty();
    int flag = 0;
    MPI_Iprobe(0, kAssign, MPI_COMM_WORLD, &flag, &status);
    if (flag != 0) {
      long long assign = kStop;
      MPI_Recv(&assign, 1, MPI_LONG_LONG, 0, kAssign, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (assign == kStop) {
        --open;
      } else {
        const std::lock_guard<std::mutex> lock(mutex);
        todo.push_back(static_cast<std::size_t>(assign));
        wake.notify_one();
      }
      busy = true;
    }
    if (!busy) std::this_thread::sleep_for(kPollPause);
  }
  {
    const std::lock_guard<std::mutex> lock(mutex);
    closing = true;
  }
  wake.notify_all();
  for (std::thread& t : pool) t.join();
}

}  // namespace surge::sweep::mpi
