// The faults that hold over one window [at_s, at_s + duration_s): crash, flush,
// slow, error and partition. Each says what happens when the window opens and
// when it closes; TimedFault schedules both.
#include <vector>

#include "models/faults/fault.hpp"
#include "models/faults/random_crash.hpp"

namespace surge::faults {
namespace {

constexpr std::uint32_t kOpens = 0;
constexpr std::uint32_t kCloses = 1;

class TimedFault : public Fault {
 public:
  TimedFault(const FaultSpec& spec, std::uint32_t index) : spec_(spec), index_(index) {}

  void start(FaultHost& host) final {
    host.schedule_fault(index_, from_seconds(spec_.at_s), kOpens, 0);
  }

  void on_event(FaultHost& host, std::uint32_t a, std::uint32_t /*b*/) final {
    if (a == kCloses) {
      close(host);
      return;
    }
    open(host);
    if (spec_.duration_s != kForever)
      host.schedule_fault(index_, host.now() + from_seconds(spec_.duration_s), kCloses, 0);
  }

 protected:
  virtual void open(FaultHost& host) = 0;
  virtual void close(FaultHost& host) { host.effects().remove(index_); }

  const FaultSpec& spec_;
  std::uint32_t index_;
};

// Overlapping crashes of one service take different instances (the lowest ids
// still up), and each brings back only its own.
class Crash final : public TimedFault {
 public:
  using TimedFault::TimedFault;

 private:
  void open(FaultHost& host) override {
    downed_ = host.crash_up_instances(spec_.service, spec_.instances);
  }
  void close(FaultHost& host) override {
    for (std::uint32_t i : downed_) host.bring_back(spec_.service, i);
    downed_.clear();
  }
  std::vector<std::uint32_t> downed_;
};

class Flush final : public TimedFault {
 public:
  using TimedFault::TimedFault;

 private:
  void open(FaultHost& host) override { host.wipe_state(spec_.service); }
};

class Slow final : public TimedFault {
 public:
  using TimedFault::TimedFault;

 private:
  void open(FaultHost& host) override {
    host.effects().add_slow(index_, spec_.service, spec_.factor);
  }
};

class Error final : public TimedFault {
 public:
  using TimedFault::TimedFault;

 private:
  void open(FaultHost& host) override {
    host.effects().add_error(index_, spec_.service, spec_.endpoint, spec_.probability);
  }
};

class Partition final : public TimedFault {
 public:
  using TimedFault::TimedFault;

 private:
  void open(FaultHost& host) override {
    host.effects().add_cut(index_, spec_.service, spec_.to);
    if (spec_.bidirectional) host.effects().add_cut(index_, spec_.to, spec_.service);
  }
};

}  // namespace

std::unique_ptr<Fault> make_fault(const FaultSpec& spec, std::uint32_t index,
                                  std::uint64_t run_key) {
  switch (spec.kind) {
    case FaultKind::kCrash: return std::make_unique<Crash>(spec, index);
    case FaultKind::kFlush: return std::make_unique<Flush>(spec, index);
    case FaultKind::kSlow: return std::make_unique<Slow>(spec, index);
    case FaultKind::kError: return std::make_unique<Error>(spec, index);
    case FaultKind::kPartition: return std::make_unique<Partition>(spec, index);
    case FaultKind::kRandomCrash: return std::make_unique<RandomCrash>(spec, index, run_key);
  }
  return nullptr;
}

}  // namespace surge::faults
