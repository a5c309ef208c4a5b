#include "models/resilience/token_bucket.hpp"

#include <algorithm>
#include <cmath>

namespace surge::resilience {
namespace {

// round(x x 1e9) for x clamped to [0, 1e9]: at most 1e18, inside int64.
std::int64_t nanos_of(double x) {
  if (!(x > 0)) return 0;  // also NaN
  return std::llround(std::min(x, 1e9) * 1e9);
}

}  // namespace

TokenBucket::TokenBucket(double rate_per_s, double burst, SimTime start)
    : per_ns_(nanos_of(rate_per_s)),
      burst_(static_cast<Units>(nanos_of(burst)) * 1'000'000'000),
      tokens_(burst_),
      last_(start) {}

TokenBucket::Units TokenBucket::level(SimTime now) const {
  const Units missing = burst_ - tokens_;
  if (missing <= 0 || per_ns_ == 0) return tokens_;
  const Units elapsed = now > last_ ? now - last_ : 0;
  // Compare before multiplying: a long idle time must fill the bucket, not overflow.
  if (elapsed >= (missing + per_ns_ - 1) / per_ns_) return burst_;
  return tokens_ + elapsed * per_ns_;
}

bool TokenBucket::try_take(SimTime now) {
  tokens_ = level(now);
  last_ = std::max(last_, now);
  if (tokens_ < kUnitsPerToken) return false;
  tokens_ -= kUnitsPerToken;
  return true;
}

double TokenBucket::tokens(SimTime now) const {
  return static_cast<double>(level(now)) / static_cast<double>(kUnitsPerToken);
}

}  // namespace surge::resilience
