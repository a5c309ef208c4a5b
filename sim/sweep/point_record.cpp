#include "sim/sweep/point_record.hpp"

#include <fmt/format.h>

#include <cmath>

#include "sim/kernel/confidence.hpp"
#include "sim/scenario/object_reader.hpp"
#include "sim/sweep/missing_pointer.hpp"

namespace surge::sweep {
using nlohmann::json;

PointRecorder::PointRecorder(const SweepSpec& spec, std::size_t index)
    : spec_(&spec), index_(index), values_(spec.metrics.size(), json::array()) {}

std::string PointRecorder::add(const json& report, std::string& where) {
  for (std::size_t m = 0; m < spec_->metrics.size(); ++m) {
    const Metric& metric = spec_->metrics[m];
    const json::json_pointer pointer(metric.pointer);
    where = scenario::child_pointer("/metrics", metric.name);
    if (std::string why = why_missing(report, metric.pointer); !why.empty()) {
      return fmt::format("the report has no {}: {}", metric.pointer, why);
    }
    const json& value = report.at(pointer);
    if (!value.is_number() && !value.is_null()) {
      return fmt::format("the report's {} is {}, not a number: name a number in the report",
                         metric.pointer, scenario::describe(value));
    }
    values_[m].push_back(value);
  }
  where.clear();
  if (report.contains("run") && report.at("run").value("status", "") == "aborted") ++aborted_;
  bool judged = false, met = true;
  if (report.contains("workloads") && report.at("workloads").is_object()) {
    for (const auto& [name, w] : report.at("workloads").items()) {
      if (!w.contains("slo")) continue;
      judged = true;
      met = met && w.at("slo").value("met", false);
    }
  }
  if (judged) slo_passed_ = slo_passed_.value_or(0) + (met ? 1 : 0);
  return {};
}

json PointRecorder::record() const {
  json metrics = json::object();
  for (std::size_t m = 0; m < spec_->metrics.size(); ++m) {
    metrics[spec_->metrics[m].name] = values_[m];
  }
  json record = json::object();
  record["index"] = index_;
  record["metrics"] = std::move(metrics);
  record["slo_passed"] = slo_passed_ ? json(*slo_passed_) : json(nullptr);
  record["aborted"] = aborted_;
  return record;
}

bool valid_record(const json& record, const SweepSpec& spec) {
  if (!record.is_object() || record.size() != 4) return false;
  const auto aborted = record.find("aborted");
  if (aborted == record.end() || !aborted->is_number_unsigned() ||
      aborted->get<std::uint64_t>() > spec.replications) {
    return false;
  }
  const auto index = record.find("index");
  if (index == record.end() || !index->is_number_unsigned() ||
      index->get<std::uint64_t>() >= spec.point_values.size()) {
    return false;
  }
  const auto slo = record.find("slo_passed");
  if (slo == record.end() ||
      !(slo->is_null() ||
        (slo->is_number_unsigned() && slo->get<std::uint64_t>() <= spec.replications))) {
    return false;
  }
  const auto metrics = record.find("metrics");
  if (metrics == record.end() || !metrics->is_object() || metrics->size() != spec.metrics.size()) {
    return false;
  }
  for (const Metric& m : spec.metrics) {
    const auto values = metrics->find(m.name);
    if (values == metrics->end() || !values->is_array() || values->size() != spec.replications)
      return false;
    for (const json& v : *values)
      if (!v.is_number() && !v.is_null()) return false;
  }
  return true;
}

json result_point(const SweepSpec& spec, const json& record) {
  const auto index = record.at("index").get<std::size_t>();
  json parameters = json::object();
  for (std::size_t j = 0; j < spec.parameters.size(); ++j) {
    parameters[spec.parameters[j].pointer] = spec.point_values[index][j];
  }
  json metrics = json::object();
  for (const Metric& m : spec.metrics) {
    const json& values = record.at("metrics").at(m.name);
    std::vector<double> samples;
    for (const json& v : values)
      if (v.is_number()) samples.push_back(v.get<double>());
    json summary = json::object();
    summary["mean"] = nullptr;
    summary["ci95"] = nullptr;
    if (!samples.empty()) {
      const ConfidenceInterval ci = student_t_interval(samples, 0.95);
      summary["mean"] = ci.mean;
      if (samples.size() >= 2 && std::isfinite(ci.half_width)) {
        summary["ci95"] = json::array({ci.lo(), ci.hi()});
      }
    }
    summary["values"] = values;
    metrics[m.name] = std::move(summary);
  }
  json point = json::object();
  point["index"] = index;
  point["parameters"] = std::move(parameters);
  point["metrics"] = std::move(metrics);
  const json& slo = record.at("slo_passed");
  point["slo_pass_ratio"] = slo.is_null() ? json(nullptr)
                                          : json(static_cast<double>(slo.get<std::uint64_t>()) /
                                                 static_cast<double>(spec.replications));
  point["aborted_replications"] = record.at("aborted");
  return point;
}

}  // namespace surge::sweep
