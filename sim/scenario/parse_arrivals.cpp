#include "sim/scenario/parse_arrivals.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "models/demand/bass_curve.hpp"
#include "models/demand/clip_curve.hpp"
#include "models/demand/csv_trace.hpp"
#include "models/demand/diurnal_curve.hpp"
#include "models/demand/logistic_curve.hpp"
#include "models/demand/piecewise_curve.hpp"
#include "models/demand/product_curve.hpp"
#include "models/demand/scale_curve.hpp"
#include "models/demand/shift_curve.hpp"
#include "models/demand/shock_curve.hpp"
#include "models/demand/sum_curve.hpp"
#include "models/demand/viral_curve.hpp"
#include "sim/kernel/time.hpp"
#include "sim/scenario/object_reader.hpp"

namespace surge::scenario {
namespace {

using demand::RateCurvePtr;
using nlohmann::json;

constexpr double kInf = std::numeric_limits<double>::infinity();
// Rates (arrivals per second) and multipliers.
const Range kRate{0.0, demand::kMaxRate};
// Points in time of the run (seconds since its start); parametric curves may
// start before 0 (a surge already under way).
const Range kTime{-kMaxSeconds, kMaxSeconds};
const Range kTimeFromStart{0.0, kMaxSeconds};
// Durations and time scales.
const Range kDuration{0.0, kMaxSeconds, true};
// Nesting deeper than this is certainly a mistake (and would exhaust the stack).
constexpr int kMaxDepth = 32;

const std::vector<std::string> kCurveKinds = {
    "constant", "piecewise_linear", "csv",   "diurnal", "logistic", "shock", "viral", "bass",
    "sum",      "product",          "scale", "shift",   "clip"};
const std::vector<std::string> kProcessKinds = {"hawkes", "timestamps"};

std::string kinds_list(const std::vector<std::string>& kinds) {
  return fmt::format("{}", fmt::join(kinds, ", "));
}

class CurveParser {
 public:
  explicit CurveParser(ParseContext& ctx) : ctx_(ctx), problems_(*ctx.problems) {}

  // `inside`: what contains this curve, for the message when a process stands
  // where only a curve may ("a workload's whole rate" at the top).
  RateCurvePtr curve(const json& value, const std::string& pointer, std::string_view inside,
                     int depth);

  // The kind key of a one-key object, or nullopt after reporting.
  std::optional<std::string> kind_of(const json& value, const std::string& pointer,
                                     bool allow_processes);

  demand::ArrivalSpec hawkes(const json& value, const std::string& pointer);
  demand::ArrivalSpec timestamps(const json& value, const std::string& pointer);

  // Rejects a curve whose rate could exceed kMaxRate (or overflow) anywhere.
  RateCurvePtr check_finite(RateCurvePtr curve, const std::string& pointer);

 private:
  RateCurvePtr constant(const json& v, const std::string& p);
  RateCurvePtr piecewise_linear(const json& v, const std::string& p);
  RateCurvePtr csv(const json& v, const std::string& p);
  RateCurvePtr diurnal(const json& v, const std::string& p);
  RateCurvePtr logistic(const json& v, const std::string& p);
  RateCurvePtr shock(const json& v, const std::string& p);
  RateCurvePtr viral(const json& v, const std::string& p);
  RateCurvePtr bass(const json& v, const std::string& p);
  std::vector<RateCurvePtr> curve_list(const json& v, const std::string& p, std::string_view kind,
                                       int depth, bool& ok);
  RateCurvePtr wrapped(const json& v, const std::string& p, std::string_view kind, int depth);
  std::optional<std::string> read_referenced(ObjectReader& reader);

  ParseContext& ctx_;
  Problems& problems_;
};

std::optional<std::string> CurveParser::kind_of(const json& value, const std::string& pointer,
                                                bool allow_processes) {
  const auto expected = [&] {
    return fmt::format("expected {} object with one key naming its kind ({}{}{})",
                       allow_processes ? "a rate curve or arrival process:" : "a rate curve: an",
                       kinds_list(kCurveKinds), allow_processes ? ", " : "",
                       allow_processes ? kinds_list(kProcessKinds) : "");
  };
  if (!value.is_object() || value.empty()) {
    problems_.add(pointer, fmt::format("{}, got {}", expected(), describe(value)));
    return std::nullopt;
  }
  if (value.size() > 1) {
    problems_.add_lazily(pointer, [&] {
      std::vector<std::string> keys;
      for (const auto& item : value.items()) keys.push_back(item.key());
      return fmt::format("{}, got {} keys ({}); combine curves with sum or product", expected(),
                         value.size(), fmt::join(keys, ", "));
    });
    return std::nullopt;
  }
  const std::string kind = value.begin().key();
  const bool known =
      std::find(kCurveKinds.begin(), kCurveKinds.end(), kind) != kCurveKinds.end() ||
      std::find(kProcessKinds.begin(), kProcessKinds.end(), kind) != kProcessKinds.end();
  if (!known) {
    std::vector<std::string> all = kCurveKinds;
    all.insert(all.end(), kProcessKinds.begin(), kProcessKinds.end());
    problems_.add_lazily(child_pointer(pointer, kind), [&] {
      return fmt::format("unknown rate curve kind{}; expected one of {}", did_you_mean(kind, all),
                         kinds_list(allow_processes ? all : kCurveKinds));
    });
    return std::nullopt;
  }
  return kind;
}

RateCurvePtr CurveParser::curve(const json& value, const std::string& pointer,
                                std::string_view inside, int depth) {
  if (depth > kMaxDepth) {
    problems_.add(pointer, fmt::format("curves nested more than {} deep", kMaxDepth));
    return nullptr;
  }
  const auto kind = kind_of(value, pointer, false);
  if (!kind) return nullptr;
  const json& v = value.begin().value();
  const std::string p = child_pointer(pointer, *kind);
  if (*kind == "hawkes" || *kind == "timestamps") {
    problems_.add(p, fmt::format("{} is an arrival process, not a rate curve: it may only be a "
                                 "workload's whole rate, not {}",
                                 *kind, inside));
    return nullptr;
  }
  if (*kind == "constant") return constant(v, p);
  if (*kind == "piecewise_linear") return piecewise_linear(v, p);
  if (*kind == "csv") return csv(v, p);
  if (*kind == "diurnal") return diurnal(v, p);
  if (*kind == "logistic") return logistic(v, p);
  if (*kind == "shock") return shock(v, p);
  if (*kind == "viral") return viral(v, p);
  if (*kind == "bass") return bass(v, p);
  if (*kind == "sum" || *kind == "product") {
    bool ok = true;
    auto terms = curve_list(v, p, *kind, depth, ok);
    if (!ok) return nullptr;
    if (*kind == "sum") return std::make_shared<demand::SumCurve>(std::move(terms));
    return std::make_shared<demand::ProductCurve>(std::move(terms));
  }
  return wrapped(v, p, *kind, depth);  // scale, shift, clip
}

RateCurvePtr CurveParser::constant(const json& v, const std::string& p) {
  const auto r = check_number(v, p, kRate, problems_);
  if (!r) return nullptr;
  return std::make_shared<demand::ConstantCurve>(*r);
}

RateCurvePtr CurveParser::piecewise_linear(const json& v, const std::string& p) {
  if (!v.is_array() || v.empty()) {
    problems_.add(
        p, fmt::format("expected a non-empty array of [t_s, rate] points, got {}", describe(v)));
    return nullptr;
  }
  std::vector<demand::RatePoint> points;
  bool ok = true;
  std::optional<double> last_t;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string pi = child_pointer(p, std::to_string(i));
    const json& item = v[i];
    if (!item.is_array() || item.size() != 2) {
      problems_.add(pi, fmt::format("expected a point [t_s, rate], got {}", describe(item)));
      ok = false;
      continue;
    }
    const auto t = check_number(item[0], child_pointer(pi, "0"), kTimeFromStart, problems_);
    const auto r = check_number(item[1], child_pointer(pi, "1"), kRate, problems_);
    if (!t || !r) {
      ok = false;
      continue;
    }
    if (last_t && !(*t > *last_t)) {
      problems_.add(child_pointer(pi, "0"),
                    fmt::format("points must be sorted by time, strictly increasing: {} after {}",
                                *t, *last_t));
      ok = false;
    }
    last_t = t;
    points.push_back({*t, *r});
  }
  if (!ok) return nullptr;
  return std::make_shared<demand::PiecewiseCurve>(std::move(points),
                                                  demand::Interpolation::kLinear);
}

std::optional<std::string> CurveParser::read_referenced(ObjectReader& reader) {
  const auto path = reader.required_string("path");
  if (!path) return std::nullopt;
  if (path->empty()) {
    reader.fail("path", "expected a file path, got an empty string");
    return std::nullopt;
  }
  return ctx_.read_file(reader.child("path"), *path);
}

void report_trace_errors(const std::vector<demand::TraceError>& errors, const std::string& path,
                         const std::string& pointer, Problems& problems) {
  for (const auto& e : errors) {
    if (e.line == 0) {
      problems.add(pointer, fmt::format("{}: {}", path, e.reason));
    } else {
      problems.add(pointer, fmt::format("{} line {}: {}", path, e.line, e.reason));
    }
  }
}

RateCurvePtr CurveParser::csv(const json& v, const std::string& p) {
  ObjectReader reader(v, p, problems_);
  if (!reader.valid()) return nullptr;
  const std::string interpolation = reader.choice("interpolation", "linear", {"linear", "step"});
  const auto text = read_referenced(reader);
  reader.finish();
  if (!text) return nullptr;
  std::vector<demand::RatePoint> points;
  const auto errors = demand::parse_rate_trace(*text, points);
  if (!errors.empty()) {
    report_trace_errors(errors, v["path"].get<std::string>(), reader.child("path"), problems_);
    return nullptr;
  }
  return std::make_shared<demand::PiecewiseCurve>(
      std::move(points),
      interpolation == "step" ? demand::Interpolation::kStep : demand::Interpolation::kLinear);
}

RateCurvePtr CurveParser::diurnal(const json& v, const std::string& p) {
  ObjectReader reader(v, p, problems_);
  if (!reader.valid()) return nullptr;
  const auto mean = reader.required_number("mean", kRate);
  const auto amplitude = reader.required_number("amplitude", Range{0.0, 1.0});
  const auto peak_hour = reader.required_number("peak_hour", Range{0.0, 24.0});
  reader.finish();
  if (!mean || !amplitude || !peak_hour) return nullptr;
  return std::make_shared<demand::DiurnalCurve>(*mean, *amplitude, *peak_hour);
}

RateCurvePtr CurveParser::logistic(const json& v, const std::string& p) {
  ObjectReader reader(v, p, problems_);
  if (!reader.valid()) return nullptr;
  const auto base = reader.required_number("base", kRate);
  const auto peak = reader.required_number("peak", kRate);
  const auto midpoint = reader.required_number("midpoint_s", kTime);
  const auto growth = reader.required_number("growth_s", kDuration);
  reader.finish();
  if (!base || !peak || !midpoint || !growth) return nullptr;
  return std::make_shared<demand::LogisticCurve>(*base, *peak, *midpoint, *growth);
}

RateCurvePtr CurveParser::shock(const json& v, const std::string& p) {
  ObjectReader reader(v, p, problems_);
  if (!reader.valid()) return nullptr;
  const auto at = reader.required_number("at_s", kTime);
  const auto jump = reader.required_number("jump", kRate);
  const std::string decay = reader.choice("decay", "exponential", {"exponential", "power_law"});
  const auto tau = reader.required_number("tau_s", kDuration);
  std::optional<double> exponent;
  if (decay == "power_law") {
    exponent = reader.required_number("exponent", Range{0.0, 100.0, true});
  } else if (reader.get("exponent")) {
    reader.fail("exponent", "exponent applies only to \"decay\": \"power_law\"");
  }
  reader.finish();
  if (!at || !jump || !tau || (decay == "power_law" && !exponent)) return nullptr;
  return std::make_shared<demand::ShockCurve>(
      *at, *jump,
      decay == "power_law" ? demand::ShockDecay::kPowerLaw : demand::ShockDecay::kExponential, *tau,
      exponent.value_or(1.0));
}

RateCurvePtr CurveParser::viral(const json& v, const std::string& p) {
  ObjectReader reader(v, p, problems_);
  if (!reader.valid()) return nullptr;
  const auto start = reader.required_number("start_s", kTime);
  const auto peak = reader.required_number("peak", kRate);
  const auto rise = reader.required_number("rise_s", kDuration);
  const auto decay = reader.required_number("decay_s", kDuration);
  reader.finish();
  if (!start || !peak || !rise || !decay) return nullptr;
  return std::make_shared<demand::ViralCurve>(*start, *peak, *rise, *decay);
}

RateCurvePtr CurveParser::bass(const json& v, const std::string& p) {
  ObjectReader reader(v, p, problems_);
  if (!reader.valid()) return nullptr;
  const auto market = reader.required_number("market", Range{0.0, 1e15});
  const auto p_coef = reader.required_number("p", Range{0.0, 1e6, true});
  const auto q_coef = reader.required_number("q", Range{0.0, 1e6});
  const auto start = reader.required_number("start_s", kTime);
  const auto unit = reader.required_number("time_unit_s", kDuration);
  reader.finish();
  if (!market || !p_coef || !q_coef || !start || !unit) return nullptr;
  return std::make_shared<demand::BassCurve>(*market, *p_coef, *q_coef, *start, *unit);
}

std::vector<RateCurvePtr> CurveParser::curve_list(const json& v, const std::string& p,
                                                  std::string_view kind, int depth, bool& ok) {
  std::vector<RateCurvePtr> out;
  if (!v.is_array() || v.empty()) {
    problems_.add(p, fmt::format("expected a non-empty array of rate curves, got {}", describe(v)));
    ok = false;
    return out;
  }
  const std::string inside = fmt::format("inside {}", kind);
  for (std::size_t i = 0; i < v.size(); ++i) {
    auto c = curve(v[i], child_pointer(p, std::to_string(i)), inside, depth + 1);
    if (!c) ok = false;
    out.push_back(std::move(c));
  }
  return out;
}

RateCurvePtr CurveParser::wrapped(const json& v, const std::string& p, std::string_view kind,
                                  int depth) {
  ObjectReader reader(v, p, problems_);
  if (!reader.valid()) return nullptr;
  std::optional<double> by;
  double min = 0.0;
  double max = kInf;
  bool ok = true;
  if (kind == "scale") {
    by = reader.required_number("by", kRate);
    ok = by.has_value();
  } else if (kind == "shift") {
    by = reader.required_number("by_s", kTime);
    ok = by.has_value();
  } else {  // clip
    const auto lo = reader.optional_number("min", kRate);
    const auto hi = reader.optional_number("max", kRate);
    const bool lo_given = reader.get("min") != nullptr;
    const bool hi_given = reader.get("max") != nullptr;
    if (!lo_given && !hi_given) {
      problems_.add(p, "expected \"min\", \"max\" or both");
      ok = false;
    }
    if ((lo_given && !lo) || (hi_given && !hi)) ok = false;
    min = lo.value_or(0.0);
    max = hi.value_or(kInf);
    if (lo && hi && *hi < *lo) {
      reader.fail("max", fmt::format("expected a number >= min ({}), got {}", *lo, *hi));
      ok = false;
    }
  }
  RateCurvePtr inner;
  if (const json* c = reader.require("curve")) {
    inner = curve(*c, reader.child("curve"), fmt::format("inside {}", kind), depth + 1);
  }
  reader.finish();
  if (!ok || !inner) return nullptr;
  if (kind == "scale") return std::make_shared<demand::ScaleCurve>(*by, std::move(inner));
  if (kind == "shift") return std::make_shared<demand::ShiftCurve>(*by, std::move(inner));
  return std::make_shared<demand::ClipCurve>(min, max, std::move(inner));
}

RateCurvePtr CurveParser::check_finite(RateCurvePtr c, const std::string& pointer) {
  if (!c) return c;
  // The bound over every time a run can reach; it is exact for primitive curves
  // and >= the true maximum for compositions.
  const double bound = c->upper_bound(-kMaxSeconds, 2.0 * kMaxSeconds);
  if (!(bound <= demand::kMaxRate)) {
    problems_.add(pointer, fmt::format("the rate can reach {} per second, above the limit of {}",
                                       bound, demand::kMaxRate));
    return nullptr;
  }
  return c;
}

demand::ArrivalSpec CurveParser::hawkes(const json& v, const std::string& p) {
  demand::ArrivalSpec spec;
  spec.kind = demand::ArrivalSpec::Kind::kHawkes;
  ObjectReader reader(v, p, problems_);
  if (!reader.valid()) return spec;
  if (const json* b = reader.require("background")) {
    spec.rate = check_finite(curve(*b, reader.child("background"), "as a hawkes background", 0),
                             reader.child("background"));
  }
  if (const json* n = reader.require("branching_ratio")) {
    const auto value =
        check_number(*n, reader.child("branching_ratio"), Range{0.0, kInf}, problems_);
    if (value && *value >= 1.0) {
      reader.fail("branching_ratio",
                  fmt::format("expected a number >= 0 and < 1, got {}: with n >= 1 every "
                              "arrival begets n >= 1 more on average and the process explodes",
                              *value));
    } else if (value) {
      spec.branching_ratio = *value;
    }
  }
  if (const json* k = reader.require("kernel")) {
    const std::string pk = reader.child("kernel");
    const auto kernel_kinds = std::vector<std::string>{"exponential", "power_law"};
    if (!k->is_object() || k->size() != 1) {
      problems_.add(pk, fmt::format("expected an object with one key, exponential or power_law, "
                                    "got {}",
                                    describe(*k)));
    } else if (k->contains("exponential")) {
      ObjectReader kr(k->at("exponential"), child_pointer(pk, "exponential"), problems_);
      const auto tau = kr.required_number("tau_s", kDuration);
      kr.finish();
      spec.kernel.kind = demand::HawkesKernelKind::kExponential;
      if (tau) spec.kernel.tau_s = *tau;
    } else if (k->contains("power_law")) {
      ObjectReader kr(k->at("power_law"), child_pointer(pk, "power_law"), problems_);
      const auto c = kr.required_number("c_s", kDuration);
      const auto theta = kr.required_number("theta", Range{0.0, 100.0, true});
      kr.finish();
      spec.kernel.kind = demand::HawkesKernelKind::kPowerLaw;
      if (c) spec.kernel.c_s = *c;
      if (theta) spec.kernel.theta = *theta;
    } else {
      const std::string key = k->begin().key();
      problems_.add_lazily(child_pointer(pk, key), [&] {
        return fmt::format("unknown kernel{}; expected exponential or power_law",
                           did_you_mean(key, kernel_kinds));
      });
    }
  }
  reader.finish();
  return spec;
}

demand::ArrivalSpec CurveParser::timestamps(const json& v, const std::string& p) {
  demand::ArrivalSpec spec;
  spec.kind = demand::ArrivalSpec::Kind::kTimestamps;
  ObjectReader reader(v, p, problems_);
  if (!reader.valid()) return spec;
  const auto text = read_referenced(reader);
  reader.finish();
  if (!text) return spec;
  auto times = std::make_shared<std::vector<double>>();
  const auto errors = demand::parse_arrival_trace(*text, *times);
  if (!errors.empty()) {
    report_trace_errors(errors, v["path"].get<std::string>(), reader.child("path"), problems_);
    return spec;
  }
  spec.timestamps_s = std::move(times);
  return spec;
}

}  // namespace

demand::RateCurvePtr parse_rate_curve(const json& value, const std::string& pointer,
                                      ParseContext& ctx) {
  CurveParser parser(ctx);
  return parser.check_finite(parser.curve(value, pointer, "where a rate curve is required", 0),
                             pointer);
}

demand::ArrivalSpec parse_arrivals(const json& value, const std::string& pointer,
                                   ParseContext& ctx) {
  CurveParser parser(ctx);
  const auto kind = parser.kind_of(value, pointer, true);
  if (kind && *kind == "hawkes")
    return parser.hawkes(value.begin().value(), child_pointer(pointer, "hawkes"));
  if (kind && *kind == "timestamps") {
    return parser.timestamps(value.begin().value(), child_pointer(pointer, "timestamps"));
  }
  demand::ArrivalSpec spec;
  spec.kind = demand::ArrivalSpec::Kind::kRate;
  if (kind) {
    spec.rate =
        parser.check_finite(parser.curve(value, pointer, "a workload's whole rate", 0), pointer);
  }
  return spec;
}

}  // namespace surge::scenario
