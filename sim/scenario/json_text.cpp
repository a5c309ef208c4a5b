#include "sim/scenario/json_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <deque>
#include <limits>
#include <set>

#include "sim/scenario/object_reader.hpp"

namespace surge::scenario {
namespace {

using nlohmann::json;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_number_char(char c) {
  return is_digit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool is_json_number(std::string_view s) {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    return i > start;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i < s.size() && s[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

// A number written without fraction or exponent ("-12", "300").
bool is_integer_token(std::string_view token) {
  return !token.empty() && std::all_of(token.begin(), token.end(),
                                       [](char c) { return is_digit(c) || c == '-'; });
}

// A number as shown in a message: at most 40 characters.
std::string shortened(std::string_view token) {
  if (token.size() <= 40) return std::string(token);
  return fmt::format("{}...", token.substr(0, 40));
}

std::string integer_out_of_range(std::string_view token) {
  return fmt::format("integer {} is out of range: integers must lie between {} and {} (write it "
                     "with an exponent, e.g. 1.5e21, if a real number is meant)",
                     shortened(token), std::numeric_limits<std::int64_t>::min(),
                     std::numeric_limits<std::uint64_t>::max());
}

bool overflows_double(std::string_view token) {
  const std::string copy(token);
  return std::isinf(std::strtod(copy.c_str(), nullptr));
}

// A number too large for a double, found by the scan. `ordinal` counts the
// primitive values (numbers, strings that are not keys, literals) in text order,
// the same order in which the parser reports them.
struct Overflow {
  std::size_t ordinal;
  std::size_t offset;
  std::size_t length;
};

struct ScanResult {
  std::optional<std::size_t> too_deep_at;  // offset of the first bracket beyond the limit
  std::vector<Overflow> overflows;
};

// One linear pass over the text, tolerant of text that is not JSON (the parser
// reports that). Never recursive, so any depth is safe.
ScanResult scan(std::string_view text) {
  ScanResult out;
  std::size_t depth = 0;
  std::size_t ordinal = 0;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    const char c = text[i];
    if (c == '"') {
      std::size_t j = i + 1;
      while (j < n && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
      std::size_t k = j + 1;
      while (k < n && is_space(text[k])) ++k;
      if (!(k < n && text[k] == ':')) ++ordinal;  // a value, not a key
      i = j + 1;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) {
        out.too_deep_at = i;
        return out;
      }
      ++i;
    } else if (c == '}' || c == ']') {
      if (depth > 0) --depth;
      ++i;
    } else if (c == '-' || is_digit(c)) {
      std::size_t j = i;
      while (j < n && is_number_char(text[j])) ++j;
      ++ordinal;
      const std::string_view token = text.substr(i, j - i);
      if (is_json_number(token) && overflows_double(token)) {
        out.overflows.push_back(Overflow{ordinal, i, j - i});
      }
      i = j;
    } else if (is_letter(c)) {
      while (i < n && is_letter(text[i])) ++i;
      ++ordinal;
    } else {
      ++i;
    }
  }
  return out;
}

// Builds the document from the parser's SAX events, like nlohmann's own DOM
// parser, and follows the JSON pointer of the current value to report duplicate
// keys and overflowing numbers where they are. (nlohmann's parser callback would
// do for duplicates, but it rescans the parent container at the end of every
// object: quadratic in the length of an array of objects.) Iterative.
class StrictDomBuilder {
 public:
  StrictDomBuilder(json& root, std::string_view text, const std::vector<Overflow>& overflows,
                   Problems& problems, std::vector<std::string>& poisoned)
      : root_(root), text_(text), overflows_(overflows), problems_(problems), poisoned_(poisoned) {}

  // SAX interface (nlohmann::json_sax).
  bool null() { return primitive(json(nullptr)); }
  bool boolean(bool v) { return primitive(json(v)); }
  bool number_integer(json::number_integer_t v) { return primitive(json(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return primitive(json(v)); }
  bool number_float(json::number_float_t v, const std::string& token) {
    if (!is_integer_token(token)) return primitive(json(v));
    // The parser turns an integer beyond 64 bits into a rounded double, which
    // later reads as "not an integer": say what is wrong with it here instead.
    primitive(json(nullptr));
    poisoned_.push_back(pointer());
    problems_.add(pointer(), integer_out_of_range(token));
    return true;
  }
  bool string(std::string& v) { return primitive(json(std::move(v))); }
  bool binary(json::binary_t& v) { return primitive(json(std::move(v))); }
  bool start_object(std::size_t) { return open(json::object(), true); }
  bool start_array(std::size_t) { return open(json::array(), false); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(std::string& k) {
    Frame& top = frames_.back();
    top.key = k;
    if (!top.keys.insert(k).second) {
      problems_.add(pointer(),
                    "duplicate key: each key may appear once in an object (JSON "
                    "parsers disagree on which copy wins)");
      top.slot = &discarded_.emplace_back();  // the first copy stays
    } else {
      top.slot = &(*top.value)[k];
    }
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const json::exception& e) {
    error_position_ = position;
    error_ = e.what();
    return false;
  }

  [[nodiscard]] const std::optional<std::string>& error() const { return error_; }
  [[nodiscard]] std::size_t error_position() const { return error_position_; }

 private:
  struct Frame {
    json* value;  // the container being filled
    bool is_object;
    std::set<std::string> keys;  // objects: keys seen so far
    std::string key;             // objects: the current key
    json* slot = nullptr;        // objects: where the current key's value goes
    std::size_t count = 0;       // arrays: elements begun so far
  };

  // Places `v` as the current value and returns where it lives. Containers on
  // the stack stay put: an array grows only after its open child is closed.
  json* place(json v) {
    if (frames_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    Frame& top = frames_.back();
    if (top.is_object) {
      *top.slot = std::move(v);
      return top.slot;
    }
    ++top.count;
    top.value->push_back(std::move(v));
    return &top.value->back();
  }

  bool primitive(json v) {
    place(std::move(v));
    ++ordinal_;
    if (next_overflow_ < overflows_.size() && overflows_[next_overflow_].ordinal == ordinal_) {
      const Overflow& o = overflows_[next_overflow_++];
      const std::string_view full = text_.substr(o.offset, o.length);
      const std::string token = shortened(full);
      poisoned_.push_back(pointer());
      problems_.add(pointer(), is_integer_token(full)
                                   ? integer_out_of_range(full)
                                   : fmt::format("number {} is out of range: a double holds "
                                                 "magnitudes up to about 1.8e308",
                                                 token));
    }
    return true;
  }

  bool open(json container, bool is_object) {
    json* placed = place(std::move(container));
    frames_.push_back(Frame{placed, is_object, {}, {}, nullptr, 0});
    return true;
  }

  bool close() {
    frames_.pop_back();
    return true;
  }

  // Pointer of the current value: the current key (objects) or the last element
  // begun (arrays) of every frame from the root.
  [[nodiscard]] std::string pointer() const {
    std::string out;
    for (const Frame& f : frames_) {
      out = f.is_object ? child_pointer(out, f.key)
                        : child_pointer(out, std::to_string(f.count == 0 ? 0 : f.count - 1));
    }
    return out;
  }

  json& root_;
  std::string_view text_;
  const std::vector<Overflow>& overflows_;
  Problems& problems_;
  std::vector<std::string>& poisoned_;
  std::vector<Frame> frames_;
  std::deque<json> discarded_;  // the values of duplicate keys (stable addresses)
  std::size_t ordinal_ = 0;
  std::size_t next_overflow_ = 0;
  std::optional<std::string> error_;
  std::size_t error_position_ = 0;
};

// The reason part of nlohmann's message, without its "[json.exception...] parse
// error at line L, column C: " prefix (we compute the place ourselves).
std::string parse_error_reason(const std::string& what) {
  std::size_t start = what.find("column ");
  if (start != std::string::npos) start = what.find(": ", start);
  if (start == std::string::npos) start = what.find("] ");
  if (start == std::string::npos) return what;
  return what.substr(start + 2);
}

}  // namespace

std::string line_column(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n') {
      ++line;
      column = 1;
    } else if ((byte & 0xC0U) != 0x80U) {  // not a UTF-8 continuation byte
      ++column;
    }
  }
  return fmt::format("{}:{}", line, column);
}

ParsedJson parse_json_text(std::string_view text, Problems& problems) {
  ParsedJson out;
  if (std::all_of(text.begin(), text.end(), is_space)) {
    problems.add(line_column(text, text.size()),
                 "the file is empty; expected a JSON object describing a scenario");
    return out;
  }
  // nlohmann stops at a NUL byte as at the end of the text, which would report
  // "unexpected end of input" somewhere the file plainly goes on.
  if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    problems.add(line_column(text, nul),
                 "the file contains a NUL byte: it is binary data (or UTF-16 text), "
                 "not the UTF-8 JSON text of a scenario");
    return out;
  }
  const ScanResult scanned = scan(text);
  if (scanned.too_deep_at) {
    problems.add(line_column(text, *scanned.too_deep_at),
                 fmt::format("arrays and objects nest deeper than {} levels", kMaxJsonDepth));
    return out;
  }
  // Overflowing numbers become `null` of the same length, so the parser accepts
  // them and every later place (line, column) stays where it was; the builder
  // reports them at their pointer. An overflowing JSON number has >= 5 characters.
  std::string patched(text);
  for (const Overflow& o : scanned.overflows) {
    if (o.length < 4) continue;
    patched.replace(o.offset, o.length, "null" + std::string(o.length - 4, ' '));
  }
  json document;
  StrictDomBuilder builder(document, text, scanned.overflows, problems, out.poisoned);
  (void)json::sax_parse(patched, &builder);
  if (builder.error()) {
    // The position counts the characters read: the offending one is at position - 1.
    const std::size_t at = builder.error_position() == 0 ? 0 : builder.error_position() - 1;
    problems.add(line_column(text, at), parse_error_reason(*builder.error()));
    return out;
  }
  out.document = std::move(document);
  return out;
}

}  // namespace surge::scenario
