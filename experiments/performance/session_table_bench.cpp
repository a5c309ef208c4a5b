// Session table benchmark: memory per session and time per operation of surge's
// SessionTable (models/sessions) against the textbook LRU cache, a std::list in use
// order indexed by a std::unordered_map, in one run (README.md, "Session table").
//
//   surge_session_table_bench [--sessions N] [--ops M] [--repeat K]
//
// Each structure runs in a forked child: it is filled with N sessions (default 2·10^6)
// by put, then serves M operations (default 10^7), half gets and half puts of users
// drawn uniformly from 2N ids, so about half the gets miss and half the puts evict.
// Bytes per session are measured two ways: the table's own accounting (its vectors'
// capacities) and the growth of the child's resident set (/proc/self/statm) over the
// fill (growth by doubling leaves the allocator holding freed smaller vectors, so a
// third run preloads, which reserves first). Times keep the fastest of K alternating runs (default 3): on a shared machine
// other tenants only ever add time. The TTL is infinite so both structures do the
// same work and must count the same hits.
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <iterator>
#include <list>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "experiments/performance/in_child.hpp"
#include "experiments/performance/machine_description.hpp"
#include "models/sessions/session_table.hpp"
#include "sim/kernel/hash.hpp"
#include "sim/kernel/rng.hpp"

namespace {

using surge::SimTime;
using surge::kTimeInfinity;

// The textbook LRU cache with the same get/put semantics (expiry checked on access).
class TextbookLru {
 public:
  TextbookLru(std::uint64_t capacity, SimTime ttl) : capacity_(capacity), ttl_(ttl) {}

  bool get(std::uint64_t user, SimTime now) {
    auto it = index_.find(user);
    if (it == index_.end()) return false;
    if (ttl_ != kTimeInfinity && now - it->second->refreshed >= ttl_) {
      order_.erase(it->second);
      index_.erase(it);
      return false;
    }
    order_.splice(order_.end(), order_, it->second);
    return true;
  }

  void put(std::uint64_t user, SimTime now) {
    auto it = index_.find(user);
    if (it != index_.end()) {
      it->second->refreshed = now;
      order_.splice(order_.end(), order_, it->second);
      return;
    }
    if (index_.size() == capacity_) {
      index_.erase(order_.front().user);
      order_.pop_front();
    }
    order_.push_back({user, now});
    index_.emplace(user, std::prev(order_.end()));
  }

 private:
  struct Entry {
    std::uint64_t user;
    SimTime refreshed;
  };
  std::uint64_t capacity_;
  SimTime ttl_;
  std::list<Entry> order_;
  std::unordered_map<std::uint64_t, std::list<Entry>::iterator> index_;
};

struct Measurement {
  double fill_ns = 0.0;      // per put while filling
  double mix_ns = 0.0;       // per operation of the mix
  double preload_ns = 0.0;   // per session of SessionTable::preload
  double rss_bytes = 0.0;    // resident-set growth over the fill, per session
  double own_bytes = 0.0;    // SessionTable::memory_bytes() per session
  std::uint64_t hits = 0;
};

long resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  long size = 0, resident = 0;
  statm >> size >> resident;
  return resident * ::sysconf(_SC_PAGESIZE);
}

double ns_since(std::chrono::steady_clock::time_point start, std::uint64_t count) {
  const auto d = std::chrono::steady_clock::now() - start;
  return std::chrono::duration<double, std::nano>(d).count() / static_cast<double>(count);
}

// One operation of the mix: a user id, its low bit chooses get (0) or put (1).
std::vector<std::uint64_t> make_mix(std::uint64_t sessions, std::uint64_t ops) {
  surge::Rng rng(2026);
  std::vector<std::uint64_t> mix(ops);
  for (auto& op : mix) op = (rng.below(2 * sessions) << 1) | rng.below(2);
  return mix;
}

std::uint64_t user_id(std::uint64_t i) { return surge::hash_combine(7, i); }

template <class Table>
Measurement run(std::uint64_t sessions, const std::vector<std::uint64_t>& mix) {
  Measurement m;
  const long before = resident_bytes();
  Table table(sessions, kTimeInfinity);
  auto start = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < sessions; ++i) table.put(user_id(i), static_cast<SimTime>(i));
  m.fill_ns = ns_since(start, sessions);
  m.rss_bytes = static_cast<double>(resident_bytes() - before) / static_cast<double>(sessions);
  if constexpr (std::is_same_v<Table, surge::sessions::SessionTable>) {
    m.own_bytes = static_cast<double>(table.memory_bytes()) / static_cast<double>(sessions);
  }
  start = std::chrono::steady_clock::now();
  SimTime now = static_cast<SimTime>(sessions);
  for (std::uint64_t op : mix) {
    const std::uint64_t user = user_id(op >> 1);
    if (op & 1) table.put(user, ++now);
    else m.hits += table.get(user, ++now) ? 1 : 0;
  }
  m.mix_ns = ns_since(start, mix.size());
  return m;
}

// SessionTable::preload reserves its final size first: no growth, so no memory the
// allocator keeps from earlier, smaller vectors.
Measurement run_preload(std::uint64_t sessions) {
  Measurement m;
  const long before = resident_bytes();
  surge::sessions::SessionTable table(sessions, kTimeInfinity);
  const auto start = std::chrono::steady_clock::now();
  table.preload(sessions, 0, user_id);
  m.preload_ns = ns_since(start, sessions);
  m.rss_bytes = static_cast<double>(resident_bytes() - before) / static_cast<double>(sessions);
  m.own_bytes = static_cast<double>(table.memory_bytes()) / static_cast<double>(sessions);
  return m;
}

// Runs `work` in a forked child, so its resident set is its own.
Measurement measure(const std::function<Measurement()>& work) {
  return surge::bench::in_child<Measurement>(work);
}

std::string machine() { return surge::bench::machine_description(); }

std::string today() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&t));
  return buf;
}

void keep_fastest(Measurement& best, const Measurement& m, bool first) {
  if (first) {
    best = m;
    return;
  }
  best.fill_ns = std::min(best.fill_ns, m.fill_ns);
  best.mix_ns = std::min(best.mix_ns, m.mix_ns);
  best.preload_ns = std::min(best.preload_ns, m.preload_ns);
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t sessions = 2'000'000;
  std::uint64_t ops = 10'000'000;
  int repeat = 3;
  for (int i = 1; i < argc; i += 2) {
    if (i + 1 >= argc) {
      std::fprintf(stderr, "%s needs a value\n", argv[i]);
      return 2;
    }
    if (std::strcmp(argv[i], "--sessions") == 0) sessions = std::strtoull(argv[i + 1], nullptr, 10);
    else if (std::strcmp(argv[i], "--ops") == 0) ops = std::strtoull(argv[i + 1], nullptr, 10);
    else if (std::strcmp(argv[i], "--repeat") == 0) repeat = std::atoi(argv[i + 1]);
    else {
      std::fprintf(stderr, "usage: %s [--sessions N] [--ops M] [--repeat K]\n", argv[0]);
      return 2;
    }
  }
  if (sessions < 1 || sessions >= 0xffff'ffffULL || ops < 1 || repeat < 1) {
    std::fprintf(stderr, "need 1 <= sessions < 2^32 - 1, ops >= 1, repeat >= 1\n");
    return 2;
  }

  std::string command;
  for (int i = 0; i < argc; ++i) command += (i ? " " : "") + std::string(argv[i]);
  fmt::print("command: {}\nmachine: {}\ndate:    {}\n", command, machine(), today());
  fmt::print("{} sessions, {} operations (half get, half put, users from {} ids), ttl infinite,"
             " fastest of {} runs\n\n",
             sessions, ops, 2 * sessions, repeat);

  const std::vector<std::uint64_t> mix = make_mix(sessions, ops);
  Measurement surge_m, preload_m, textbook_m;
  for (int r = 0; r < repeat; ++r) {
    keep_fastest(surge_m, measure([&] { return run<surge::sessions::SessionTable>(sessions, mix); }),
                 r == 0);
    keep_fastest(preload_m, measure([&] { return run_preload(sessions); }), r == 0);
    keep_fastest(textbook_m, measure([&] { return run<TextbookLru>(sessions, mix); }), r == 0);
  }

  const char* row = "{:<36} {:>12} {:>12} {:>10} {:>10} {:>10}\n";
  fmt::print(fmt::runtime(row), "structure", "B/session", "B/session", "ns/put", "ns/op", "hits");
  fmt::print(fmt::runtime(row), "", "(own count)", "(RSS)", "(fill)", "(mix)", "");
  const auto number = [](double x) { return fmt::format("{:.1f}", x); };
  fmt::print(fmt::runtime(row), "surge SessionTable, filled by put", number(surge_m.own_bytes),
             number(surge_m.rss_bytes), number(surge_m.fill_ns), number(surge_m.mix_ns),
             surge_m.hits);
  fmt::print(fmt::runtime(row), "surge SessionTable, preload", number(preload_m.own_bytes),
             number(preload_m.rss_bytes), number(preload_m.preload_ns), "-", "-");
  fmt::print(fmt::runtime(row), "unordered_map + list (textbook)", "-",
             number(textbook_m.rss_bytes), number(textbook_m.fill_ns), number(textbook_m.mix_ns),
             textbook_m.hits);
  fmt::print("\nratios (textbook / surge): memory {:.2f}x, fill {:.2f}x, mix {:.2f}x\n",
             textbook_m.rss_bytes / surge_m.rss_bytes, textbook_m.fill_ns / surge_m.fill_ns,
             textbook_m.mix_ns / surge_m.mix_ns);
  if (surge_m.hits != textbook_m.hits) {
    fmt::print("ERROR: the two structures disagree on hits\n");
    return 1;
  }
  return 0;
}
