#include "sim/scenario/overrides.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "sim/scenario/json_text.hpp"
#include "sim/scenario/object_reader.hpp"

namespace surge::scenario {
namespace {

using nlohmann::json;

// A canonical array index ("0", "17"; not "01" or "-1").
std::optional<std::size_t> array_index(const std::string& token) {
  if (token.empty() || token.size() > 9) return std::nullopt;
  if (token.size() > 1 && token.front() == '0') return std::nullopt;
  std::size_t value = 0;
  for (char c : token) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::size_t>(c - '0');
  }
  return value;
}

std::string kind_of(const json& v) {
  switch (v.type()) {
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::null:
      return "null";
    default:
      return "a number";
  }
}

std::vector<std::string> keys_of(const json& object) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

// The offset of the first byte that breaks UTF-8 (RFC 3629: no overlong forms,
// no surrogates, nothing above U+10FFFF), or npos. A command-line argument is
// any bytes; a JSON document holds only UTF-8, and text that is not would make
// every later dump of the document (a message, the report) throw.
std::size_t invalid_utf8_at(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    unsigned lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (b < 0x80) {
      ++i;
      continue;
    } else if (b >= 0xC2 && b <= 0xDF) {
      n = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      n = 2;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      n = 3;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + n >= s.size()) return i;  // cut short
    for (std::size_t k = 1; k <= n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if (k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF)) return i;
    }
    i += n + 1;
  }
  return std::string_view::npos;
}

// VALUE as JSON, else as a string; nullopt (after reporting at `pointer`) when
// it is JSON but faulty (1e400, a 2^70 integer, a duplicate key): taking such
// a value for a string would hide the real mistake behind a type error.
std::optional<json> parse_value(std::string_view text, const std::string& pointer,
                                Problems& problems) {
  Problems scratch;
  ParsedJson parsed = parse_json_text(text, scratch);
  if (!parsed.document) return json(std::string(text));
  if (scratch.empty()) return std::move(*parsed.document);
  for (const Problem& p : scratch.list()) {
    const std::string inside = p.where.empty() ? "" : fmt::format(" at {}", p.where);
    problems.add(pointer, fmt::format("--set: the value{}: {}", inside, p.reason));
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::vector<std::string>> split_pointer(std::string_view text) {
  std::vector<std::string> tokens;
  if (text.empty()) return tokens;
  if (text.front() != '/') return std::nullopt;
  std::string token;
  for (std::size_t i = 1; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '/') {
      tokens.push_back(std::move(token));
      token.clear();
    } else if (text[i] == '~') {
      if (i + 1 >= text.size() || (text[i + 1] != '0' && text[i + 1] != '1')) return std::nullopt;
      token.push_back(text[i + 1] == '0' ? '~' : '/');
      ++i;
    } else {
      token.push_back(text[i]);
    }
  }
  return tokens;
}

json override_value(std::string_view text) {
  Problems scratch;
  ParsedJson parsed = parse_json_text(text, scratch);
  if (parsed.document && scratch.empty()) return std::move(*parsed.document);
  return json(std::string(text));
}

void apply_override(json& document, std::string_view assignment, Problems& problems) {
  const std::size_t eq = assignment.find('=');
  if (eq == std::string_view::npos) {
    problems.add(std::string(assignment),
                 "--set expects POINTER=VALUE, e.g. /services/auth/instances=12");
    return;
  }
  if (const std::size_t bad = invalid_utf8_at(assignment); bad != std::string_view::npos) {
    // Shown up to the bad byte only, so the message itself stays UTF-8.
    problems.add(std::string(assignment.substr(0, std::min(eq, bad))),
                 fmt::format("--set: the argument is not UTF-8 text: byte {} (0x{:02X}) is not "
                             "part of a UTF-8 character",
                             bad + 1, static_cast<unsigned char>(assignment[bad])));
    return;
  }
  const std::string pointer(assignment.substr(0, eq));
  const auto tokens = split_pointer(pointer);
  if (!tokens) {
    problems.add(pointer,
                 "--set: not a JSON pointer (it starts with '/', and '~' appears only "
                 "as ~0 or ~1), e.g. /services/auth/instances");
    return;
  }
  if (tokens->empty()) {
    problems.add(std::string(assignment),
                 "--set cannot replace the whole scenario; name a key, e.g. /duration_s=600");
    return;
  }

  // Walk to the parent, which must exist.
  json* parent = &document;
  std::string walked;
  for (std::size_t i = 0; i + 1 < tokens->size(); ++i) {
    const std::string& token = (*tokens)[i];
    const std::string next = child_pointer(walked, token);
    json* child = nullptr;
    if (parent->is_object()) {
      const auto it = parent->find(token);
      if (it != parent->end()) child = &*it;
    } else if (parent->is_array()) {
      const auto index = array_index(token);
      if (index && *index < parent->size()) child = &(*parent)[*index];
    }
    if (!child) {
      std::string hint;
      if (parent->is_object()) {
        if (const auto near = closest(token, keys_of(*parent))) {
          hint = fmt::format(" (did you mean {}?)", child_pointer(walked, *near));
        }
      }
      problems.add(pointer, fmt::format("--set: {} does not exist in the scenario{}; --set "
                                        "changes or adds a key under an existing object",
                                        next, hint));
      return;
    }
    parent = child;
    walked = next;
  }

  const std::string& last = tokens->back();
  std::optional<json> parsed = parse_value(assignment.substr(eq + 1), pointer, problems);
  if (!parsed) return;
  json value = std::move(*parsed);
  if (parent->is_object()) {
    (*parent)[last] = std::move(value);
  } else if (parent->is_array()) {
    const auto index = array_index(last);
    if (last == "-" || (index && *index == parent->size())) {
      parent->push_back(std::move(value));
    } else if (index && *index < parent->size()) {
      (*parent)[*index] = std::move(value);
    } else {
      problems.add(pointer, fmt::format("--set: {} is an array of {} items; the index must be "
                                        "0 to {} or - (append)",
                                        walked.empty() ? "the scenario" : walked, parent->size(),
                                        parent->size()));
    }
  } else {
    problems.add(pointer, fmt::format("--set: {} is {}, not an object or an array",
                                      walked.empty() ? "the scenario" : walked, kind_of(*parent)));
  }
}

void apply_overrides(json& document, const std::vector<std::string>& assignments,
                     Problems& problems) {
  for (const auto& assignment : assignments) apply_override(document, assignment, problems);
}

}  // namespace surge::scenario
