#include "models/resilience/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace surge::resilience {

double plain_backoff_s(const BackoffSpec& spec, std::uint32_t retry) {
  switch (spec.kind) {
    case BackoffKind::kNone:
      return 0.0;
    case BackoffKind::kConstant:
      return std::min(spec.cap_s, spec.base_s);
    case BackoffKind::kExponential: {
      // 2^2100 overflows any positive double, even the smallest subnormal base, so a
      // larger exponent gives the same answer (cap); ldexp returns inf, never UB.
      const int exponent = static_cast<int>(std::min<std::uint32_t>(retry - 1, 2100));
      return std::min(spec.cap_s, std::ldexp(spec.base_s, exponent));
    }
  }
  return 0.0;
}

double backoff_delay_s(const BackoffSpec& spec, std::uint32_t retry, double previous_delay_s,
                       Rng& rng) {
  if (retry == 0) retry = 1;  // the contract asks for >= 1; be lenient rather than wrap
  if (spec.kind == BackoffKind::kNone) return 0.0;
  switch (spec.jitter) {
    case Jitter::kNone:
      return plain_backoff_s(spec, retry);
    case Jitter::kFull:
      return plain_backoff_s(spec, retry) * rng.uniform01();
    case Jitter::kEqual: {
      const double half = plain_backoff_s(spec, retry) / 2;
      return half + half * rng.uniform01();
    }
    case Jitter::kDecorrelated: {
      // A previous delay below base (none yet, or a caller passing 0) starts from
      // base, so the interval is never empty or reversed.
      const double high = 3 * std::max(previous_delay_s, spec.base_s);
      return std::min(spec.cap_s, spec.base_s + (high - spec.base_s) * rng.uniform01());
    }
  }
  return 0.0;
}

}  // namespace surge::resilience
