#include "models/inference/gpu_figures.hpp"

#include <algorithm>

namespace surge::inference {

GpuFigures::GpuFigures(SimTime warmup, SimTime interval, std::uint32_t replicas,
                       std::uint32_t max_batch, std::uint64_t kv_cache_tokens)
    : warmup_(warmup),
      interval_(std::max<SimTime>(1, interval)),
      warm_(warmup <= 0),
      max_batch_(static_cast<double>(max_batch)),
      kv_tokens_(static_cast<double>(kv_cache_tokens)),
      replicas_now_(replicas) {
  replicas_.add(0, replicas);
}

void GpuFigures::add_replica(SimTime now) {
  roll(now);
  replicas_now_.emplace_back();
  replicas_.add(now, 1);
}

void GpuFigures::remove_replica(SimTime now) {
  roll(now);
  replicas_.add(now, -1);
}

void GpuFigures::roll(SimTime now) {
  for (;;) {
    const SimTime interval_end = interval_start_ + interval_;
    if (!warm_ && warmup_ <= now && warmup_ <= interval_end) {
      warmup_ended();
      continue;
    }
    if (interval_end > now) return;
    close_interval(interval_end);
  }
}

void GpuFigures::warmup_ended() {
  warm_ = true;
  running_.warmup_ended(warmup_);
  kv_held_.warmup_ended(warmup_);
  kv_reserved_.warmup_ended(warmup_);
  replicas_.warmup_ended(warmup_);
  max_ = Level{};
  for (const Level& r : replicas_now_) {
    max_.running = std::max(max_.running, r.running);
    max_.kv_held = std::max(max_.kv_held, r.kv_held);
    max_.kv_reserved = std::max(max_.kv_reserved, r.kv_reserved);
  }
}

void GpuFigures::set_replica(SimTime now, std::uint32_t replica, std::uint64_t running,
                             std::uint64_t kv_held, std::uint64_t kv_reserved) {
  Level& r = replicas_now_[replica];
  const auto delta = [](std::uint64_t to, std::uint64_t from) {
    return static_cast<std::int64_t>(to) - static_cast<std::int64_t>(from);
  };
  if (running != r.running) running_.add(now, delta(running, r.running));
  if (kv_held != r.kv_held) kv_held_.add(now, delta(kv_held, r.kv_held));
  if (kv_reserved != r.kv_reserved) kv_reserved_.add(now, delta(kv_reserved, r.kv_reserved));
  r = Level{running, kv_held, kv_reserved};
  if (!warm_) return;
  max_.running = std::max(max_.running, running);
  max_.kv_held = std::max(max_.kv_held, kv_held);
  max_.kv_reserved = std::max(max_.kv_reserved, kv_reserved);
}

void GpuFigures::iteration_ended(SimTime now, std::uint64_t tokens) {
  interval_tokens_ += tokens;
  if (now < warmup_) return;
  ++result_.iterations;
  result_.tokens += tokens;
}

void GpuFigures::first_token(SimTime ttft, bool counted) {
  const double seconds = to_seconds(ttft);
  interval_ttft_.add(seconds);
  if (counted) result_.ttft_s.add(seconds);
}

void GpuFigures::completed(SimTime arrived, SimTime first, SimTime now, std::uint64_t output,
                           bool counted) {
  const double e2e = to_seconds(now - arrived);
  interval_e2e_.add(e2e);
  if (counted) result_.e2e_s.add(e2e);
  if (output < 2) return;
  const double tpot = to_seconds(now - first) / static_cast<double>(output - 1);
  interval_tpot_.add(tpot);
  if (counted) result_.tpot_s.add(tpot);
}

void GpuFigures::close_interval(SimTime end) {
  if (end <= interval_start_) return;
  const LevelNanos length_ns = end - interval_start_;
  const double per_replica = replicas_.close_interval(end, length_ns);
  series_.batch_occupancy.push_back(running_.close_interval(end, length_ns) /
                                    (per_replica * max_batch_));
  series_.kv_cache_use.push_back(kv_held_.close_interval(end, length_ns) /
                                 (per_replica * kv_tokens_));
  (void)kv_reserved_.close_interval(end, length_ns);
  series_.tokens_per_s.push_back(static_cast<double>(interval_tokens_) /
                                 to_seconds(end - interval_start_));
  const auto p99 = [](const mesh::LatencyRecord& r) {
    return r.count() == 0 ? std::nullopt : std::optional<double>(r.quantile(0.99));
  };
  series_.ttft_p99_s.push_back(p99(interval_ttft_));
  series_.tpot_p99_s.push_back(p99(interval_tpot_));
  series_.e2e_p99_s.push_back(p99(interval_e2e_));
  interval_tokens_ = 0;
  interval_ttft_ = mesh::LatencyRecord{};
  interval_tpot_ = mesh::LatencyRecord{};
  interval_e2e_ = mesh::LatencyRecord{};
  interval_start_ = end;
}

void GpuFigures::finish(SimTime end, mesh::GpuBatchResult& out, mesh::ServiceSeries& series) {
  roll(end);
  close_interval(end);
  out = result_;
  const LevelNanos span_ns = end > warmup_ ? end - warmup_ : 0;
  if (span_ns > 0) {
    out.tokens_per_s = static_cast<double>(out.tokens) / to_seconds(static_cast<SimTime>(span_ns));
    const double replicas = replicas_.mean(end, span_ns);
    out.batch_occupancy.mean = running_.mean(end, span_ns) / (replicas * max_batch_);
    out.kv_cache_use.mean = kv_held_.mean(end, span_ns) / (replicas * kv_tokens_);
    out.kv_cache_reserved.mean = kv_reserved_.mean(end, span_ns) / (replicas * kv_tokens_);
  }
  out.batch_occupancy.max = static_cast<double>(max_.running) / max_batch_;
  out.kv_cache_use.max = static_cast<double>(max_.kv_held) / kv_tokens_;
  out.kv_cache_reserved.max = static_cast<double>(max_.kv_reserved) / kv_tokens_;
  series.batch_occupancy = std::move(series_.batch_occupancy);
  series.kv_cache_use = std::move(series_.kv_cache_use);
  series.tokens_per_s = std::move(series_.tokens_per_s);
  series.ttft_p99_s = std::move(series_.ttft_p99_s);
  series.tpot_p99_s = std::move(series_.tpot_p99_s);
  series.e2e_p99_s = std::move(series_.e2e_p99_s);
}

}  // namespace surge::inference
