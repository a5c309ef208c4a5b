#include "sim/simgrid/link_meter.hpp"

#include <simgrid/plugins/load.h>

#include <algorithm>
#include <simgrid/s4u.hpp>

#include "models/mesh/network_spec.hpp"

namespace surge::simgrid {

LinkMeter::LinkMeter(const Platform& platform, SimTime interval, SimTime warmup)
    : platform_(&platform),
      interval_(std::max<SimTime>(1, interval)),
      warmup_(warmup),
      tracked_(platform.links.size()) {
  for (std::size_t l = 0; l < platform.links.size(); ++l) {
    const NetworkLink& link = platform.links[l];
    mesh::LinkResult& r = results_.emplace_back();
    r.name = link.name;
    r.from = link.from;
    r.to = link.to;
    r.bandwidth_bps = link.bandwidth_bps;
    if (!unlimited(l)) sg_link_load_track(link.link);  // resets its load to 0 now
  }
}

bool LinkMeter::unlimited(std::size_t link) const {
  return platform_->links[link].bandwidth_bps == mesh::kUnlimitedBandwidth;
}

void LinkMeter::advance(SimTime now) {
  if (platform_ == nullptr || now <= last_) return;
  // The bytes each finite link carried since the last reading, at a constant rate.
  std::vector<double>& carried = carried_;
  carried.assign(tracked_.size(), 0.0);
  for (std::size_t l = 0; l < tracked_.size(); ++l) {
    if (unlimited(l)) continue;
    const double cumulative = sg_link_get_cum_load(platform_->links[l].link);
    carried[l] = cumulative - tracked_[l].cumulative;
    tracked_[l].cumulative = cumulative;
  }
  const auto span = static_cast<double>(now - last_);
  // Cut [last_, now) at the interval ends and the warmup inside it.
  SimTime from = last_;
  while (from < now) {
    SimTime to = std::min(now, interval_start_ + interval_);
    if (from < warmup_ && warmup_ < to) to = warmup_;
    const double share = static_cast<double>(to - from) / span;
    for (std::size_t l = 0; l < tracked_.size(); ++l) {
      const double bytes = carried[l] * share;
      tracked_[l].interval_bytes += bytes;
      if (from >= warmup_) tracked_[l].bytes += bytes;
    }
    if (to == interval_start_ + interval_) close_interval(to);
    from = to;
  }
  last_ = now;
}

void LinkMeter::landed(std::uint32_t from_service, std::uint32_t to_service,
                       std::uint64_t bytes, SimTime now) {
  if (platform_ == nullptr || bytes == 0 || now < warmup_) return;
  if (platform_->out_port[from_service] == nullptr || platform_->in_port[to_service] == nullptr)
    return;
  for (const std::uint32_t l : platform_->route(from_service, to_service))
    if (unlimited(l)) tracked_[l].bytes += static_cast<double>(bytes);
}

void LinkMeter::close_interval(SimTime end) {
  if (end <= interval_start_) return;
  const double length_s = to_seconds(end - interval_start_);
  for (std::size_t l = 0; l < tracked_.size(); ++l) {
    mesh::LinkResult& r = results_[l];
    if (unlimited(l)) {
      r.utilization_series.emplace_back(std::nullopt);
    } else {
      r.utilization_series.emplace_back(tracked_[l].interval_bytes / (r.bandwidth_bps * length_s));
    }
    tracked_[l].interval_bytes = 0.0;
  }
  interval_start_ = end;
}

std::vector<mesh::LinkResult> LinkMeter::finish(SimTime end) {
  if (platform_ == nullptr) return {};
  advance(end);
  // The collector's last interval is partial (ResultsCollector::finish).
  while (interval_start_ + interval_ <= end) close_interval(interval_start_ + interval_);
  close_interval(end);
  const double measured_s = end > warmup_ ? to_seconds(end - warmup_) : 0.0;
  for (std::size_t l = 0; l < tracked_.size(); ++l) {
    mesh::LinkResult& r = results_[l];
    r.bytes = tracked_[l].bytes;
    if (!unlimited(l) && measured_s > 0.0)
      r.utilization = r.bytes / (r.bandwidth_bps * measured_s);
  }
  return std::move(results_);
}

}  // namespace surge::simgrid
