// Saying why a JSON pointer names nothing in a document, with a "did you mean"
// for the first key that is missing: the sweep's parameters (pointers into the
// base scenario) and metrics (pointers into the report) share it.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace surge::sweep {

// Empty when `pointer` names a value in `document`; else why not, e.g.
// `/services has no key "auht" (did you mean "/services/auth"?)`.
// REQUIRES: scenario::split_pointer(pointer) has a value.
[[nodiscard]] std::string why_missing(const nlohmann::json& document, const std::string& pointer);

}  // namespace surge::sweep
