#include "sim/scenario/unsupported.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace surge::scenario {

std::string not_supported_reason(std::string_view design_section) {
  return fmt::format(
      "not supported yet by this version of surge (planned: see docs/model.md, \"{}\")",
      design_section);
}

void reject_unsupported(ObjectReader& reader, std::string_view key,
                        std::string_view design_section) {
  if (reader.get(key)) reader.fail(key, not_supported_reason(design_section));
}

void accept_all_keys(ObjectReader& reader, const nlohmann::json& value) {
  if (!value.is_object()) return;
  for (const auto& item : value.items()) (void)reader.get(item.key());
}

}  // namespace surge::scenario
