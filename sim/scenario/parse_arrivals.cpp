#include "sim/scenario/parse_arrivals.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/scenario/object_reader.hpp"

namespace surge::scenario {

demand::RateCurvePtr parse_rate_curve(const nlohmann::json& value, const std::string& pointer,
                                      ParseContext& ctx) {
  ObjectReader reader(value, pointer, *ctx.problems);
  if (!reader.valid()) return nullptr;
  const auto rate = reader.required_number("constant", Range{0.0, 1e12});
  reader.finish();
  if (!rate) return nullptr;
  return std::make_shared<demand::ConstantCurve>(*rate);
}

demand::ArrivalSpec parse_arrivals(const nlohmann::json& value, const std::string& pointer,
                                   ParseContext& ctx) {
  demand::ArrivalSpec spec;
  spec.kind = demand::ArrivalSpec::Kind::kRate;
  spec.rate = parse_rate_curve(value, pointer, ctx);
  return spec;
}

}  // namespace surge::scenario
