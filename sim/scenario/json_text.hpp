// JSON text -> document, strictly: the checks nlohmann/json 3.11 does not make on
// its own, so that no malformed scenario is silently accepted or crashes surge.
//
// - Text that is not JSON is reported at "LINE:COLUMN" (1-based, columns counted
//   in characters) with the parser's reason.
// - Duplicate keys are reported at their JSON pointer (nlohmann keeps the last
//   one silently, which would hide a typo'd edit).
// - Nesting deeper than kMaxJsonDepth is refused before parsing: a quick scan of
//   the brackets finds it, so no later recursive walk (dump, copy, validation)
//   can overflow the stack.
// - Numbers beyond the range of a double (1e400) are reported at their JSON
//   pointer instead of becoming infinity, and integers beyond 64 bits (2^70
//   written out) instead of becoming a rounded double.
// - A NUL byte is reported where it is (nlohmann would take it for the end).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/problems.hpp"

namespace surge::scenario {

// Deepest nesting of arrays and objects accepted; a scenario needs about a dozen.
inline constexpr std::size_t kMaxJsonDepth = 256;

struct ParsedJson {
  // The document, unless the text is not JSON (or nests too deep). It may be set
  // while problems were reported (duplicate keys, overflowing numbers): the caller
  // then validates it anyway so that every problem is listed in one pass.
  std::optional<nlohmann::json> document;
  // Pointers at which a value was unusable and replaced by null (an overflowing
  // number); later problems at exactly these pointers repeat the same fault.
  std::vector<std::string> poisoned;
};

// Parses `text`, adding every problem found to `problems`.
[[nodiscard]] ParsedJson parse_json_text(std::string_view text, Problems& problems);

// "LINE:COLUMN" of the character at byte `offset` of `text` (1-based; the column
// counts characters, not UTF-8 bytes). An offset at the end names the end.
[[nodiscard]] std::string line_column(std::string_view text, std::size_t offset);

}  // namespace surge::scenario
