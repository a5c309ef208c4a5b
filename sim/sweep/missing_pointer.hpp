// Saying why a JSON pointer names nothing in a document, with a "did you mean"
// for the first key that is missing: the sweep's parameters (pointers into the
// base scenario) and metrics (pointers into the report) share it.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace surge::sweep {

// The unescaped tokens of a JSON pointer (RFC 6901), or nullopt when `text` is
// not one.
[[nodiscard]] std::optional<std::vector<std::string>> pointer_tokens(const std::string& text);

// Empty when `pointer` names a value in `document`; else why not, e.g.
// `/services has no key "auht" (did you mean "/services/auth"?)`.
// REQUIRES: pointer_tokens(pointer) has a value.
[[nodiscard]] std::string why_missing(const nlohmann::json& document, const std::string& pointer);

}  // namespace surge::sweep
