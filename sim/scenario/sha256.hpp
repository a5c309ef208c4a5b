// The scenario's fingerprint (report field scenario.sha256): SHA-256 of the
// canonical input — the document after --set and --seed, keys sorted, compact,
// no defaults filled in — followed by the contents of every referenced file in
// the order of their resolved paths. Reordering keys or changing whitespace
// leaves it unchanged; changing any value or referenced file changes it.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace surge::scenario {

// Lower-case hex SHA-256 of `bytes` (OpenSSL EVP_Digest).
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

// The canonical text of a document: nlohmann's dump() (object keys sorted, no
// whitespace); invalid UTF-8 in strings is replaced rather than thrown on.
[[nodiscard]] std::string canonical_json(const nlohmann::json& document);

// REQUIRES: `document` nests at most kMaxJsonDepth deep (dump() recurses).
[[nodiscard]] std::string scenario_sha256(
    const nlohmann::json& document, const std::map<std::string, std::string>& referenced_files);

}  // namespace surge::scenario
