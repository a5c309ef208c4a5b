// Simulated time: a signed 64-bit count of nanoseconds since the start of the run.
//
// Integer time gives a total, platform-independent order of events (ns-3, OMNeT++).
// Seconds come in from scenarios as doubles; the conversion rounds to the nearest
// nanosecond and is range-checked, and to_seconds() is the explicit way back out.
// The range is about +-292 years; kTimeInfinity marks "never".
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

namespace surge {

using SimTime = std::int64_t;

inline constexpr SimTime kNanosPerSecond = 1'000'000'000;
inline constexpr SimTime kTimeInfinity = std::numeric_limits<SimTime>::max();
// Largest number of seconds accepted from input: leaves headroom so that
// now + duration never overflows for any two accepted values.
inline constexpr double kMaxSeconds = 1.0e9;  // ~31.7 years

// Rounds seconds to the nearest nanosecond; nullopt for NaN, inf, negative
// values or values above kMaxSeconds.
[[nodiscard]] inline std::optional<SimTime> checked_from_seconds(double s) {
  if (!std::isfinite(s) || s < 0.0 || s > kMaxSeconds) return std::nullopt;
  return static_cast<SimTime>(std::llround(s * static_cast<double>(kNanosPerSecond)));
}

// For values already validated (or drawn by a sampler): clamps instead of failing,
// so a pathological draw from a heavy tail saturates at kMaxSeconds.
[[nodiscard]] inline SimTime from_seconds(double s) {
  if (!(s > 0.0)) return 0;  // also maps NaN to 0
  if (s >= kMaxSeconds) return static_cast<SimTime>(kMaxSeconds) * kNanosPerSecond;
  // Round half up by hand: s > 0 here, and std::llround is a libm call on the
  // engine's per-event path. Same result as llround for positive values.
  return static_cast<SimTime>(s * static_cast<double>(kNanosPerSecond) + 0.5);
}

[[nodiscard]] constexpr double to_seconds(SimTime t) {
  return static_cast<double>(t) / static_cast<double>(kNanosPerSecond);
}

}  // namespace surge
