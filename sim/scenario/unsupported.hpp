// Keys of planned features (docs/model.md) whose features this version of surge does not simulate
// yet. They are rejected with a clear reason, never ignored: a scenario that
// asks for retries and silently runs without them would answer the wrong
// question.
#pragma once

#include <string>
#include <string_view>

#include "sim/scenario/object_reader.hpp"

namespace surge::scenario {

// "not supported yet by this version of surge (planned: see docs/model.md, SECTION)".
[[nodiscard]] std::string not_supported_reason(std::string_view design_section);

// Reports `key` of `reader`'s object, if present, as not supported yet.
void reject_unsupported(ObjectReader& reader, std::string_view key,
                        std::string_view design_section);

// Declares every key of `reader`'s object known, so that finish() stays quiet
// about an object whose schema depends on something already reported (an
// unsupported kind, an unknown `dist`).
void accept_all_keys(ObjectReader& reader, const nlohmann::json& value);

}  // namespace surge::scenario
