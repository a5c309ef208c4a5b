// Overrides: `--set POINTER=VALUE` edits of a scenario document, applied in the
// order given, before validation (so an override is validated like the file).
//
// POINTER is a JSON pointer (RFC 6901) that may name an existing value or a new
// key of an existing object (or "-"/the next index of an existing array, to
// append); its parent must exist, so a typo in a path is an error, never a new
// branch. VALUE is parsed as a JSON literal (`12`, `true`, `{"constant": 5}`),
// and taken as a plain string when it is not JSON (`--set /name=storm`). A
// VALUE that is JSON but unusable (`1e400`, an integer beyond 64 bits, a
// duplicate key) is reported at POINTER, not taken as a string.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/problems.hpp"

namespace surge::scenario {

// The value of an override's VALUE text: JSON if it parses cleanly as JSON, else
// a string (apply_override reports the faulty-JSON case instead).
[[nodiscard]] nlohmann::json override_value(std::string_view text);

// Applies one "POINTER=VALUE" to `document`. On a problem, reports it at the
// pointer (or at the whole argument when it has no '=') and leaves `document`
// unchanged.
void apply_override(nlohmann::json& document, std::string_view assignment, Problems& problems);

// The reference tokens of a JSON pointer (RFC 6901), unescaped; nullopt when
// `text` is not a pointer. The sweep's parameter and metric pointers use it too.
[[nodiscard]] std::optional<std::vector<std::string>> split_pointer(std::string_view text);

// Applies each override in order.
void apply_overrides(nlohmann::json& document, const std::vector<std::string>& assignments,
                     Problems& problems);

}  // namespace surge::scenario
