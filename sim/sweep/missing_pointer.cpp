#include "sim/sweep/missing_pointer.hpp"

#include <fmt/format.h>

#include "sim/scenario/did_you_mean.hpp"
#include "sim/scenario/object_reader.hpp"
#include "sim/scenario/overrides.hpp"

namespace surge::sweep {

using nlohmann::json;

std::string why_missing(const json& document, const std::string& pointer) {
  const json* at = &document;
  std::string walked;
  for (const std::string& token : scenario::split_pointer(pointer).value_or(std::vector<std::string>{})) {
    const std::string shown = walked.empty() ? "the top level" : walked;
    if (at->is_object()) {
      const auto it = at->find(token);
      if (it == at->end()) {
        std::vector<std::string> keys;
        for (const auto& item : at->items()) keys.push_back(item.key());
        return fmt::format("{} has no key \"{}\"{}", shown, token,
                           scenario::did_you_mean(token, keys, walked + "/"));
      }
      at = &*it;
    } else if (at->is_array()) {
      const bool canonical = !token.empty() && token.size() <= 9 &&
                             token.find_first_not_of("0123456789") == std::string::npos &&
                             (token.size() == 1 || token[0] != '0');
      if (!canonical || std::stoul(token) >= at->size()) {
        return fmt::format("{} has {} items, no item \"{}\"", shown, at->size(), token);
      }
      at = &(*at)[std::stoul(token)];
    } else {
      return fmt::format("{} is {}, which has no \"{}\"", shown, scenario::describe(*at), token);
    }
    walked = scenario::child_pointer(walked, token);
  }
  return {};
}

}  // namespace surge::sweep
